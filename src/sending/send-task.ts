import type { Db } from '#src/db/client.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import type { MassMessageContent } from '#src/wechat/types.ts';
import { ValidationError } from '#src/errors.ts';
import { previewContent } from '#src/authoring/test-send.ts';
import { ensureSendRecord, freezeAudience, type SendRecordRow } from '#src/sending/audience.ts';
import { publishSendingNews } from '#src/sending/results.ts';
import { submitBatches } from '#src/sending/submit-batches.ts';
import { countMonthlySends } from '#src/sending/monthly-sends.ts';
import { deleteRecordDrafts, newsMessage } from '#src/sending/news-drafts.ts';
import { removeRecordTag, tagRecipients } from '#src/sending/tag-path.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { FINAL_RECORD_STATES, moveRecord, publishRecordMoves } from '#src/sending/record-state.ts';
import { DEFAULT_RECONCILE_AFTER_MS, reconcileOverdueBatches } from '#src/sending/reconcile.ts';
import { recordContent } from '#src/sending/record-content.ts';
import { REMAINDER_PART, TASK_PART, type RecordPart } from '#src/sending/record-part.ts';
import { ensureAbWinner } from '#src/sending/ab-winner.ts';

export interface SendTaskDeps {
  prisma: Db;
  pubsub: WxPubSub;
  wechat: Pick<WeChatAccess, 'sendingClientFor' | 'slots'>;
  /** How long a submitted batch waits for its MASSSENDJOBFINISH event before `message/mass/get` is asked. Default 30 min. */
  reconcileAfterMs?: number;
  /** "Now" of the A/B winner's wait (default the system clock). */
  now?: () => Date;
}

/** How often a tag-path send looks again for its result before removing the record's tag. */
export const TAG_REMOVAL_WAIT_MS = 30_000;

/** Followers read per query while they are tagged (the audience never sits in memory whole). */
const TAGGING_PAGE = 5_000;

/**
 * Sends a due task: its record walks SELECTING → PREPARING → QUEUED → SENDING and its batches
 * go to WeChat. Every step starts from the state it reads and moves it by compare-and-set, so
 * running this again — after a crash, a redelivered job, or on a second worker — continues
 * where the record is and never repeats a finished step: the frozen audience is found, the
 * record's tag is found by name, and batches are resubmitted with their clientmsgid.
 * While batches wait for WeChat's result the run is rescheduled (never slept in) for when the
 * first of them has waited `reconcileAfterMs`; then `message/mass/get` is asked for it, so a
 * record whose MASSSENDJOBFINISH event never arrives still finishes.
 * An A/B test's parts are sent the same way, one record each; the remainder first waits for the
 * test's winner (rescheduled while figures are missing), then freezes its audience.
 * Returns the record's state when the run ends.
 */
export async function sendTask(deps: SendTaskDeps, taskId: string, part: RecordPart = TASK_PART): Promise<{ recordId: string; state: SendRecordRow['state'] }> {
  let record = await ensureSendRecord(deps.prisma, taskId, part);
  if (record.state === 'SELECTING') {
    if (part === REMAINDER_PART) await ensureAbWinner({ prisma: deps.prisma, wechat: deps.wechat, now: (deps.now ?? (() => new Date()))() }, record);
    publishRecordMoves(deps.pubsub, [await freezeAudience(deps.prisma, record)]);
    record = await ensureSendRecord(deps.prisma, taskId, part);
  }
  if (record.state === 'PREPARING') {
    const message = await messageOf(deps, record);
    if (message) {
      if (record.route === 'tag') record = await tagAudience(deps, record);
      publishRecordMoves(deps.pubsub, [await deps.prisma.$transaction((tx) => moveRecord(tx, record.id, 'PREPARING', 'QUEUED'))]);
    }
    record = await ensureSendRecord(deps.prisma, taskId, part);
  }
  if (record.state === 'QUEUED') {
    publishRecordMoves(deps.pubsub, [await deps.prisma.$transaction((tx) => moveRecord(tx, record.id, 'QUEUED', 'SENDING'))]);
    record = await ensureSendRecord(deps.prisma, taskId, part);
  }
  if (record.state === 'SENDING') {
    const message = await messageOf(deps, record);
    if (message) await submitBatches({ prisma: deps.prisma, wechat: deps.wechat, publish: (news) => publishSendingNews(deps.pubsub, news) }, record, message);
    record = await ensureSendRecord(deps.prisma, taskId, part);
  }
  if (record.state === 'SENDING') {
    const askAt = await reconcileOverdueBatches({ ...deps, reconcileAfterMs: deps.reconcileAfterMs ?? DEFAULT_RECONCILE_AFTER_MS }, record);
    record = await ensureSendRecord(deps.prisma, taskId, part);
    // The tag path looks sooner, to remove the record's tag soon after an event finished it.
    const tagWait = record.route === 'tag' && record.tagId !== null ? Date.now() + TAG_REMOVAL_WAIT_MS : Number.POSITIVE_INFINITY;
    if (record.state === 'SENDING' && askAt) {
      throw new RetryLaterError(new Date(Math.min(askAt.getTime(), tagWait)), 'waiting for WeChat\'s results (MASSSENDJOBFINISH, or message/mass/get once overdue)');
    }
  }
  if (record.route === 'tag' && record.tagId !== null) await removeTagOnceFinished(deps, record);
  if (FINAL_RECORD_STATES.includes(record.state)) {
    // Results can finish the record before a crashed run counted its batches; this run does.
    await countMonthlySends(deps.prisma, record);
    await deleteRecordDrafts(deps, record);
  }
  return { recordId: record.id, state: record.state };
}

/**
 * The record's WeChat tag is removed once WeChat's result is in (an account holds at most 100
 * tags); until then the job waits by being rescheduled, holding no worker. `tag_id` is cleared
 * after the removal, so a rerun does not look for it again.
 */
async function removeTagOnceFinished(deps: SendTaskDeps, record: SendRecordRow): Promise<void> {
  if (!FINAL_RECORD_STATES.includes(record.state)) {
    throw new RetryLaterError(new Date(Date.now() + TAG_REMOVAL_WAIT_MS), 'waiting for WeChat\'s result before removing the record\'s tag');
  }
  await removeRecordTag(await deps.wechat.sendingClientFor(record.accountId), ['record', record.id]);
  await deps.prisma.sendRecord.update({ where: { id: record.id }, data: { tagId: null } });
}

/**
 * The WeChat message of the record (its content: {@link recordContent}), or null after failing
 * the record when the content cannot be sent. News goes out as drafts made ready before anything
 * is sent (news-drafts.ts).
 */
async function messageOf(deps: SendTaskDeps, record: SendRecordRow): Promise<MassMessageContent | null> {
  const content = await recordContent(deps.prisma, record);
  try {
    if (!content) throw ValidationError.field(['content'], 'the task has no content');
    if (content.kind === 'NEWS' && content.news) return await newsMessage(deps, record, content.news, ['content']);
    return await previewContent(deps.prisma, content, ['content']);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const reason = `the content cannot be sent: ${error.message}`;
    const from = record.state as 'PREPARING' | 'SENDING';
    if (from === 'SENDING') throw new Error(reason);
    publishRecordMoves(deps.pubsub, [await deps.prisma.$transaction((tx) => moveRecord(tx, record.id, from, 'FAILED', { failureReason: reason }))]);
    return null;
  }
}

/**
 * Subscription accounts: gives the record's recipients the record's WeChat tag (found by name on
 * a rerun), and stores the tag and how many followers could not be tagged (they are counted,
 * not silently dropped; WeChat will not reach them).
 */
async function tagAudience(deps: SendTaskDeps, record: SendRecordRow): Promise<SendRecordRow> {
  const client = await deps.wechat.sendingClientFor(record.accountId);
  const prisma = deps.prisma;
  async function* openids() {
    for (let after = ''; ;) {
      const page = await prisma.$queryRaw<{ openid: string }[]>`
        SELECT openid FROM send_record_recipients WHERE record_id = ${record.id}::uuid AND batch_no = 0 AND openid > ${after} ORDER BY openid LIMIT ${TAGGING_PAGE}`;
      for (const row of page) yield row.openid;
      if (page.length < TAGGING_PAGE) return;
      after = page.at(-1)!.openid;
    }
  }
  const tagged = await tagRecipients(client, ['record', record.id], openids());
  await prisma.sendRecord.update({ where: { id: record.id }, data: { tagId: tagged.tagId, untaggedCount: tagged.untaggable.length } });
  return { ...record, tagId: tagged.tagId };
}
