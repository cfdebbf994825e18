import type { Db } from '#src/db/client.ts';
import { Prisma } from '#src/generated/prisma/client.ts';
import { IN_TASK_AUDIENCE } from '#src/authoring/audience-rule.ts';
import { abTestGroupPosition, REMAINDER_PART, TASK_PART, type RecordPart } from '#src/sending/record-part.ts';
import { moveRecord, type RecordMove } from '#src/sending/record-state.ts';

/** WeChat's largest openid list for one `message/mass/send`. */
export const BATCH_SIZE = 10_000;

/**
 * How long the freeze's transaction may run. Prisma ends an interactive transaction after 5 s by
 * default, and freezing 1,000,000 followers takes longer (10 to 17 s per attempt in the send bench
 * on a busy 2-core machine): every attempt was rolled back and the send failed. Well under the job's lease, which its heartbeat renews.
 */
export const FREEZE_TIMEOUT_MS = 10 * 60_000;

/** Memory for the freeze's sort by openid (its transaction only): 1,000,000 openids need about 60 MB. */
export const FREEZE_WORK_MEM = '64MB';

/** How a record reaches WeChat: openid lists (service accounts), a tag made for it (subscription accounts), or everyone. */
export type RecordRoute = 'openids' | 'tag' | 'all';

export interface SendRecordRow {
  id: string;
  broadcastId: string;
  accountId: string;
  taskId: string;
  part: RecordPart;
  state: 'SELECTING' | 'PREPARING' | 'QUEUED' | 'SENDING' | 'SENT' | 'PARTLY_FAILED' | 'FAILED';
  tagId: number | null;
  route: RecordRoute;
  accountType: 'SERVICE' | 'SUBSCRIPTION';
}

/**
 * The send record of a task's part, created on the first run (a rerun, or a second worker, finds it: one
 * record per task and part). The route follows from the audience and the account type: the
 * first group's "all followers" goes out with `is_to_all` (the only sends that enter the
 * public history); every other audience goes to its frozen list of followers.
 */
export async function ensureSendRecord(prisma: Db, taskId: string, part: RecordPart = TASK_PART): Promise<SendRecordRow> {
  await prisma.$executeRaw`
    INSERT INTO send_records (broadcast_id, task_id, account_id, part)
    SELECT t.broadcast_id, t.id, b.account_id, ${part} FROM broadcast_tasks t JOIN broadcasts b ON b.id = t.broadcast_id
    WHERE t.id = ${taskId}::uuid
    ON CONFLICT (task_id, part) DO NOTHING`;
  const [row] = await prisma.$queryRaw<SendRecordRow[]>`
    SELECT r.id, r.broadcast_id AS "broadcastId", r.account_id AS "accountId", r.task_id AS "taskId", r.part, r.state::text AS state,
      r.tag_id AS "tagId", a.type::text AS "accountType",
      CASE WHEN t.audience = 'ALL_FOLLOWERS' AND t.position = 0 THEN 'all'
           WHEN a.type = 'SUBSCRIPTION' THEN 'tag' ELSE 'openids' END AS route
    FROM send_records r JOIN broadcast_tasks t ON t.id = r.task_id JOIN official_accounts a ON a.id = r.account_id
    WHERE r.task_id = ${taskId}::uuid AND r.part = ${part}`;
  if (!row) throw new Error(`broadcast task ${taskId} does not exist`);
  return row;
}

/**
 * Freezes a SELECTING record's recipients and cuts its batches, in one transaction of two
 * set-based statements (the audience never passes through Node): the current followers of the
 * account in the record's audience ({@link inRecordAudience}). Openid-list records are cut into batches of
 * 10,000 by row number; a tag or everyone is one submission. Each batch's clientmsgid is derived
 * from (record, batch number) in SQL exactly as `clientMsgId(['batch', recordId, batchNo])`
 * derives it. The record then moves to PREPARING (compare-and-set: a concurrent freeze that lost
 * the race rolls back, and its rows with it). An empty audience fails the record.
 */
export async function freezeAudience(prisma: Db, record: SendRecordRow): Promise<RecordMove | null> {
  return prisma.$transaction(async (tx) => {
    // The recipients are numbered in openid order: with the default work_mem (4 MB) that sort
    // of a large audience spills to disk (600,000 followers: 32 MB; the SELECT took 3.3 s, not 1.0 s).
    await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${FREEZE_WORK_MEM}'`);
    const perBatch = record.route === 'openids';
    const recipients = await tx.$executeRaw`
      INSERT INTO send_record_recipients (record_id, openid, follower_id, batch_no)
      SELECT ${record.id}::uuid, f.openid, f.id,
        CASE WHEN ${perBatch} THEN ((row_number() OVER (ORDER BY f.openid)) - 1) / ${BATCH_SIZE} ELSE 0 END
      FROM broadcast_tasks t
      JOIN broadcasts b ON b.id = t.broadcast_id
      JOIN followers f ON f.account_id = b.account_id AND f.subscribed
      WHERE t.id = ${record.taskId}::uuid AND ${inRecordAudience(record.part)}
      ON CONFLICT DO NOTHING`;
    const batches = await tx.$executeRaw`
      INSERT INTO send_batches (record_id, account_id, batch_no, client_msg_id, recipient_count)
      SELECT ${record.id}::uuid, ${record.accountId}::uuid, batch_no,
        left(encode(sha256(convert_to('["batch","' || ${record.id}::text || '",' || batch_no || ']', 'UTF8')), 'hex'), 32),
        count(*)::int
      FROM send_record_recipients WHERE record_id = ${record.id}::uuid GROUP BY batch_no
      ON CONFLICT (record_id, batch_no) DO NOTHING`;
    const counts = { recipientCount: recipients, batchCount: batches };
    if (recipients === 0) return moveRecord(tx, record.id, 'SELECTING', 'FAILED', { counts, failureReason: 'no current follower is in the audience' });
    const move = await moveRecord(tx, record.id, 'SELECTING', 'PREPARING', { counts });
    // Another worker froze the audience first: undo this one's rows (they were its twins).
    if (!move) throw new FreezeLostError();
    return move;
  }, { timeout: FREEZE_TIMEOUT_MS }).catch((error: unknown) => {
    if (error instanceof FreezeLostError) return null;
    throw error;
  });
}

class FreezeLostError extends Error {}

/**
 * Who a record's part reaches, as a SQL condition on the task `t` and a current follower `f`:
 * a plain task its audience (members of its groups, or everyone; a comparison group without
 * the first group's members); an A/B test group the followers drawn into its sample (those
 * still following); the A/B remainder the task's audience at the remainder's own time, minus
 * every follower drawn into any test group's sample (they had their test message).
 */
export function inRecordAudience(part: RecordPart): Prisma.Sql {
  const position = abTestGroupPosition(part);
  if (position !== null) {
    return Prisma.sql`EXISTS (SELECT 1 FROM ab_test_samples s WHERE s.task_id = t.id AND s.position = ${position} AND s.follower_id = f.id)`;
  }
  if (part === REMAINDER_PART) {
    return Prisma.sql`${IN_TASK_AUDIENCE} AND NOT EXISTS (SELECT 1 FROM ab_test_samples s WHERE s.task_id = t.id AND s.follower_id = f.id)`;
  }
  return IN_TASK_AUDIENCE;
}
