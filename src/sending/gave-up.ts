import type { Db } from '#src/db/client.ts';
import type { BatchResultEvent, WxPubSub } from '#src/pubsub.ts';
import { logger } from '#src/logger.ts';
import { moveRecord, type SendRecordState } from '#src/sending/record-state.ts';
import { BATCH_EVENT_COLUMNS, finishRecordIfDone, noNews, publishSendingNews } from '#src/sending/results.ts';

/** States in which nothing of the record has been submitted to WeChat yet. */
const NOT_SUBMITTED: readonly SendRecordState[] = ['SELECTING', 'PREPARING', 'QUEUED'];

/**
 * After the send job of a task or A/B test group failed for good (every attempt failed, or it was put back too
 * often), no run will move its record anymore, so it is failed with the job's error:
 *  - SELECTING / PREPARING / QUEUED: nothing can have reached WeChat; the record becomes FAILED.
 *  - SENDING: batches still PENDING were never submitted and become FAILED with the error; the
 *    record then finishes from its batches. Batches SUBMITTING (WeChat may have made the job,
 *    its answer was not heard) or SUBMITTED (accepted, result awaited) are left as they are:
 *    a MASSSENDJOBFINISH event still finishes a submitted batch, and a SUBMITTING batch stays
 *    until someone looks in the WeChat backend — calling it failed could hide a send that went out.
 * A record already final is not touched. Every move is a compare-and-set on the state read.
 */
export async function failRecordOfGivenUpSend(deps: { prisma: Db; pubsub: WxPubSub }, target: { taskId: string; part: string }, error: string): Promise<void> {
  const record = await deps.prisma.sendRecord.findUnique({ where: { taskId_part: target }, select: { id: true, state: true } });
  if (!record) return;
  const reason = `the send job gave up: ${error}`;
  if (NOT_SUBMITTED.includes(record.state)) {
    const move = await deps.prisma.$transaction((tx) => moveRecord(tx, record.id, record.state, 'FAILED', { failureReason: reason }));
    publishSendingNews(deps.pubsub, { batches: [], moves: [move] });
    if (!move) logger.warn({ recordId: record.id }, 'a given-up send record moved on before it could be failed');
    return;
  }
  if (record.state !== 'SENDING') return;
  const news = noNews();
  await deps.prisma.$transaction(async (tx) => {
    const failed = await tx.$queryRaw<BatchResultEvent[]>`
      UPDATE send_batches b SET state = 'FAILED', reason = ${reason}, finished_at = clock_timestamp()
      FROM send_records r WHERE r.id = b.record_id AND b.record_id = ${record.id}::uuid AND b.state = 'PENDING'
      RETURNING ${BATCH_EVENT_COLUMNS}`;
    news.batches.push(...failed.sort((a, b) => a.batchNo - b.batchNo));
    await finishRecordIfDone(tx, record.id, news);
  });
  publishSendingNews(deps.pubsub, news);
}
