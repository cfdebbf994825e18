import type { Db } from '#src/db/client.ts';
import type { BatchResultEvent, WxPubSub } from '#src/pubsub.ts';
import { logger } from '#src/logger.ts';
import { FINAL_RECORD_STATES, moveRecord, type SendRecordState } from '#src/sending/record-state.ts';
import { BATCH_EVENT_COLUMNS, finishRecordIfDone, noNews, publishSendingNews } from '#src/sending/results.ts';
import { readSendRecord } from '#src/sending/audience.ts';
import { deleteRecordDrafts } from '#src/sending/news-drafts.ts';
import { removeRecordTag } from '#src/sending/tag-path.ts';
import type { RecordPart } from '#src/sending/record-part.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';

type ReleaseDeps = { prisma: Db; wechat: Pick<WeChatAccess, 'sendingClientFor'> };
type GaveUpDeps = ReleaseDeps & { pubsub: WxPubSub };

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
 * A record that is final afterwards gives back what it held in WeChat (releaseWeChatResources).
 */
export async function failRecordOfGivenUpSend(deps: GaveUpDeps, target: { taskId: string; part: RecordPart }, error: string): Promise<void> {
  await failRecord(deps, target, error);
  await releaseWeChatResources(deps, target);
}

async function failRecord(deps: GaveUpDeps, target: { taskId: string; part: RecordPart }, error: string): Promise<void> {
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

/**
 * What a record that ended with its job no longer needs in WeChat, which no run will remove
 * now: its tag (subscription accounts hold at most 100 tags, and tags/create answers 45056 past
 * them; the tag is found by its name, so one made before the job stored its id goes too) and
 * the drafts wxcast made for it. Tried once each: WeChat may be what failed the job, so a
 * failure is logged and leaves the tag or the drafts where they are. A record still
 * SENDING (batches WeChat may have) keeps both until WeChat's result finishes it
 * (releaseIfSendGaveUp).
 */
async function releaseWeChatResources(deps: ReleaseDeps, target: { taskId: string; part: RecordPart }): Promise<void> {
  const record = await readSendRecord(deps.prisma, target.taskId, target.part);
  if (!record || !FINAL_RECORD_STATES.includes(record.state)) return;
  if (record.route === 'tag') {
    try {
      await removeRecordTag(await deps.wechat.sendingClientFor(record.accountId), ['record', record.id]);
      await deps.prisma.sendRecord.update({ where: { id: record.id }, data: { tagId: null } });
    } catch (error) {
      logger.error({ err: error, recordId: record.id }, 'could not remove the WeChat tag of a send record whose job gave up; it stays in the account until deleted by hand');
    }
  }
  await deleteRecordDrafts(deps, record).catch((error: unknown) => {
    logger.error({ err: error, recordId: record.id }, 'could not delete the drafts of a send record whose job gave up; they stay in the draft box');
  });
}

/**
 * For records WeChat's results just finished: the ones whose send job had given up (left
 * SENDING with batches WeChat had, see failRecordOfGivenUpSend) have no run left to remove
 * their tag and drafts, so they are released here; a record whose job still runs or waits is
 * left to that job. The job is the one of the record's slot: an A/B test group's own, the
 * task's for its plain record and its remainder.
 */
export async function releaseIfSendGaveUp(deps: ReleaseDeps, recordIds: string[]): Promise<void> {
  if (!recordIds.length) return;
  const abandoned = await deps.prisma.$queryRaw<{ taskId: string; part: RecordPart }[]>`
    SELECT r.task_id AS "taskId", r.part FROM send_records r
    JOIN broadcast_tasks t ON t.id = r.task_id
    LEFT JOIN ab_test_groups g ON g.task_id = r.task_id AND r.part = 'AB_TEST_GROUP:' || g.position
    JOIN job_runs j ON j.id::text = CASE WHEN r.part LIKE 'AB_TEST_GROUP:%' THEN g.job_id ELSE t.job_id END
    WHERE r.id = ANY(${recordIds}::uuid[]) AND j.status = 'FAILED'`;
  for (const target of abandoned) await releaseWeChatResources(deps, target);
}
