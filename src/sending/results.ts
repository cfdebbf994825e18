import { Prisma } from '#src/generated/prisma/client.ts';
import type { BatchResultEvent, WxPubSub } from '#src/pubsub.ts';
import type { MassSendJobFinishEvent } from '#src/wechat/types.ts';
import { batchResultOf, recordStatusOf, type BatchStatus } from '#src/sending/batch-result.ts';
import { moveRecord, publishRecordMoves, type RecordMove } from '#src/sending/record-state.ts';

/** What a committed change of batches announces; publish after the commit. */
export interface SendingNews {
  batches: BatchResultEvent[];
  moves: (RecordMove | null)[];
}

export const noNews = (): SendingNews => ({ batches: [], moves: [] });

export function publishSendingNews(pubsub: WxPubSub, news: SendingNews): void {
  for (const batch of news.batches) pubsub.publish('send:batch', batch.broadcastId, batch);
  publishRecordMoves(pubsub, news.moves);
}

/**
 * Serialises the two writers of a batch's result in one account and msg_id: the submitter
 * storing the msg_id and the MASSSENDJOBFINISH handler storing the result. Whichever commits
 * second sees the other's row (READ COMMITTED reads after the lock), so a result that arrives
 * before its batch is marked submitted is still attached.
 */
export async function lockMsgId(tx: Prisma.TransactionClient, accountId: string, msgId: bigint | number | string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${accountId}:${msgId}`}, 0))`;
}

type ResultRow = { status: string; totalCount: number; filterCount: number; sentCount: number; errorCount: number; details: Record<string, unknown> };

/**
 * Attaches the stored result of `msgId` (mass_send_results) to the SUBMITTED batch that carries
 * it, and finishes the batch's record when it was the last one without a result. Does nothing
 * when either side is not there yet; the other writer calls it again (see {@link lockMsgId}).
 */
export async function attachResult(tx: Prisma.TransactionClient, accountId: string, msgId: bigint, news: SendingNews): Promise<void> {
  const [stored] = await tx.$queryRaw<ResultRow[]>`
    SELECT status, total_count AS "totalCount", filter_count AS "filterCount", sent_count AS "sentCount", error_count AS "errorCount", details
    FROM mass_send_results WHERE account_id = ${accountId}::uuid AND msg_id = ${msgId}`;
  if (!stored) return;
  const result = batchResultOf({
    Status: stored.status, TotalCount: stored.totalCount, FilterCount: stored.filterCount, SentCount: stored.sentCount, ErrorCount: stored.errorCount,
    CopyrightCheckResult: stored.details['copyrightCheck'], ArticleUrlResult: stored.details['articleUrls'],
  } as MassSendJobFinishEvent);
  const updated = await tx.$queryRaw<BatchResultEvent[]>`
    UPDATE send_batches b SET state = ${result.status}::"SendBatchState", total_count = ${result.totalCount}, filter_count = ${result.filterCount},
      sent_count = ${result.sentCount}, error_count = ${result.errorCount}, filtered_out = ${result.filteredOut}::int, finished_at = clock_timestamp(),
      errcode = COALESCE(${result.failure?.errcode ?? null}::int, b.errcode), reason = COALESCE(${result.failure?.reason ?? null}::text, b.reason)
    FROM send_records r
    WHERE r.id = b.record_id AND b.account_id = ${accountId}::uuid AND b.msg_id = ${msgId} AND b.state = 'SUBMITTED'
    RETURNING ${BATCH_EVENT_COLUMNS}`;
  for (const batch of updated) {
    news.batches.push(batch);
    await finishRecordIfDone(tx, batch.recordId, news);
  }
}

/** The columns of a batch event, for RETURNING of UPDATEs over `send_batches b` joined to `send_records r`. */
export const BATCH_EVENT_COLUMNS = Prisma.raw(`r.broadcast_id AS "broadcastId", b.record_id AS "recordId", b.id AS "batchId",
  b.batch_no AS "batchNo", b.state::text AS state, b.recipient_count AS "recipientCount", b.msg_id::text AS "msgId",
  b.total_count AS "totalCount", b.filter_count AS "filterCount", b.sent_count AS "sentCount", b.error_count AS "errorCount", b.filtered_out AS "filteredOut", b.errcode, b.reason`);

/**
 * Moves a SENDING record to SENT / PARTLY_FAILED / FAILED once none of its batches waits for
 * WeChat (pending, being submitted, or submitted without a result), with the sums of its
 * batches. Compare-and-set: of two callers only one moves it.
 */
export async function finishRecordIfDone(tx: Prisma.TransactionClient, recordId: string, news: SendingNews): Promise<void> {
  // Locked before its batches are read: when the last two results commit at once, the second
  // waits here and then reads the first's batch as final (each would otherwise see the other's
  // batch still waiting, and neither would finish the record).
  await tx.$queryRaw`SELECT 1 FROM send_records WHERE id = ${recordId}::uuid FOR UPDATE`;
  const batches = await tx.$queryRaw<{ state: string; sentCount: number | null; errorCount: number | null; filteredOut: number; reason: string | null }[]>`
    SELECT state::text AS state, sent_count AS "sentCount", error_count AS "errorCount",
      COALESCE(filtered_out, 0)::int AS "filteredOut", reason
    FROM send_batches WHERE record_id = ${recordId}::uuid ORDER BY batch_no`;
  if (batches.some((b) => ['PENDING', 'SUBMITTING', 'SUBMITTED'].includes(b.state))) return;
  const status = recordStatusOf(batches.map((b) => b.state as BatchStatus));
  if (status === 'SENDING') return;
  const sum = (pick: (b: (typeof batches)[number]) => number | null) => batches.reduce((total, b) => total + (pick(b) ?? 0), 0);
  const failed = batches.filter((b) => b.state !== 'SENT');
  const failureReason = failed.length === 0 ? undefined : `${failed.length} of ${batches.length} batches did not fully succeed; first: ${failed[0]!.reason ?? failed[0]!.state}`;
  news.moves.push(await moveRecord(tx, recordId, 'SENDING', status, {
    counts: { sentCount: sum((b) => b.sentCount), errorCount: sum((b) => b.errorCount), filteredOut: sum((b) => b.filteredOut) },
    ...(failureReason ? { failureReason } : {}),
  }));
}

/**
 * Attaches a final status read from `message/mass/get` to the SUBMITTED batch with `msgId`, for
 * a batch whose MASSSENDJOBFINISH event did not arrive, and finishes its record like an event
 * does. mass/get carries no counts: they stay unknown (null), and the batch's reason says where
 * the result came from. A batch already finished (by its event) is left alone, and an event
 * arriving after this finds the batch no longer SUBMITTED and changes nothing.
 */
export async function attachMassGetStatus(
  tx: Prisma.TransactionClient, accountId: string, msgId: bigint, wechatStatus: string, status: 'SENT' | 'FAILED', news: SendingNews,
): Promise<void> {
  await lockMsgId(tx, accountId, msgId);
  const reason = `result from message/mass/get (${wechatStatus}): the MASSSENDJOBFINISH event did not arrive, WeChat's counts are unknown`;
  const updated = await tx.$queryRaw<BatchResultEvent[]>`
    UPDATE send_batches b SET state = ${status}::"SendBatchState", finished_at = clock_timestamp(), reason = ${reason}
    FROM send_records r
    WHERE r.id = b.record_id AND b.account_id = ${accountId}::uuid AND b.msg_id = ${msgId} AND b.state = 'SUBMITTED'
    RETURNING ${BATCH_EVENT_COLUMNS}`;
  for (const batch of updated) {
    news.batches.push(batch);
    await finishRecordIfDone(tx, batch.recordId, news);
  }
}
