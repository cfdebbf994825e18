import type { Prisma } from '#src/generated/prisma/client.ts';
import type { SendRecordRow } from '#src/sending/audience.ts';

/** WeChat's refusal of a subscription account's second successful sendall in a day ("has no masssend quota"). */
export const DAY_TAKEN_ERRCODE = 45028;

/**
 * Takes the day (the account's time zone, at the database's clock) of a subscription account's
 * one-send-a-day quota for a batch, once per batch: called in the transaction that marks the
 * batch SUBMITTED (WeChat accepted it, or a 45065 duplicate adopted the first job's msg_id — the
 * same batch, so the same row) or FAILED with 45028. A 45028 means WeChat's day was already
 * taken by a send wxcast did not make (the WeChat backend, another tool); it is kept as
 * TAKEN_OUTSIDE so quotas and plans see the day as used. A send that WeChat later reports failed
 * keeps its day: WeChat counts successful submissions, and whether a failed job gives its day
 * back is not documented (the simulator's `failedJobConsumesQuota`, default true).
 * Service accounts have no daily send quota: nothing is written.
 */
export async function takeDailySend(
  tx: Prisma.TransactionClient,
  record: Pick<SendRecordRow, 'id' | 'accountId' | 'accountType'>,
  batchId: string,
  taken: { kind: 'SENT'; msgId: number | bigint } | { kind: 'TAKEN_OUTSIDE' },
): Promise<void> {
  if (record.accountType !== 'SUBSCRIPTION') return;
  const msgId = taken.kind === 'SENT' ? BigInt(taken.msgId) : null;
  await tx.$executeRaw`
    INSERT INTO subscription_daily_sends (batch_id, account_id, record_id, day, kind, msg_id)
    SELECT ${batchId}::uuid, a.id, ${record.id}::uuid, (clock_timestamp() AT TIME ZONE a.time_zone)::date, ${taken.kind}, ${msgId}::bigint
    FROM official_accounts a WHERE a.id = ${record.accountId}::uuid
    ON CONFLICT (batch_id) DO NOTHING`;
}

/** A day of the account taken by a send (made by wxcast, or found taken by WeChat's 45028). */
export interface TakenDay {
  /** YYYY-MM-DD in the account's time zone. */
  day: string;
  kind: 'SENT' | 'TAKEN_OUTSIDE';
  broadcastId: string;
  broadcastName: string;
}

/** The account's days among `days` (YYYY-MM-DD, its time zone) already taken by a send. */
export async function takenDays(tx: Pick<Prisma.TransactionClient, '$queryRaw'>, accountId: string, days: readonly string[]): Promise<TakenDay[]> {
  if (days.length === 0) return [];
  return tx.$queryRaw<TakenDay[]>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.kind, r.broadcast_id::text AS "broadcastId", b.name AS "broadcastName"
    FROM subscription_daily_sends d JOIN send_records r ON r.id = d.record_id JOIN broadcasts b ON b.id = r.broadcast_id
    WHERE d.account_id = ${accountId}::uuid AND d.day = ANY(${[...days]}::date[])
    ORDER BY d.day, d.at`;
}

/**
 * How many sends took the account's day `day` (YYYY-MM-DD, its time zone): wxcast's accepted
 * sends, or 1 when WeChat refused one with 45028 and wxcast made none that day (a 45028 after a
 * send of wxcast's is explained by that send, not by another one).
 */
export async function sendsOnDay(db: Pick<Prisma.TransactionClient, '$queryRaw'>, accountId: string, day: string): Promise<number> {
  const [row] = await db.$queryRaw<{ sends: number }[]>`
    SELECT (count(*) FILTER (WHERE kind = 'SENT')
      + CASE WHEN bool_or(kind = 'TAKEN_OUTSIDE') AND NOT bool_or(kind = 'SENT') THEN 1 ELSE 0 END)::int AS sends
    FROM subscription_daily_sends WHERE account_id = ${accountId}::uuid AND day = ${day}::date`;
  return row?.sends ?? 0;
}
