import type { Db } from '#src/db/client.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import type { MassMessageContent } from '#src/wechat/types.ts';
import type { BatchResultEvent } from '#src/pubsub.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { sendBatch, type BatchTarget } from '#src/sending/batch-sender.ts';
import type { BatchOutcome } from '#src/sending/batch-outcome.ts';
import type { SendRecordRow } from '#src/sending/audience.ts';
import { takeDailySend, DAY_TAKEN_ERRCODE } from '#src/sending/daily-sends.ts';
import { attachResult, BATCH_EVENT_COLUMNS, finishRecordIfDone, lockMsgId, noNews, type SendingNews } from '#src/sending/results.ts';
import { countMonthlySends } from '#src/sending/monthly-sends.ts';
import { logger } from '#src/logger.ts';
import { JsonArrayText } from '#src/wechat/json-text.ts';

export interface SubmitDeps {
  prisma: Db;
  wechat: Pick<WeChatAccess, 'sendingClientFor' | 'slots'>;
  /** Publishes what a committed step changed. */
  publish(news: SendingNews): void;
}

type BatchRow = { id: string; batchNo: number; clientMsgId: string; mediaId: string | null };

/**
 * The openids of one batch, in openid order, as the JSON array text PostgreSQL writes
 * (`json_agg`), passed to WeChat as is. A row per openid through pg and Prisma allocated about
 * 4.3 MiB of heap a batch (each layer's array or object per row), a parsed JSON array 0.9 MiB;
 * the text is one string of about 0.3 MB (10,000 openids of 28 characters). A batch allocates
 * about as much as V8's young generation holds, so what the read still references when it is
 * collected is promoted to the old space, which V8 lets grow to a few times its live size
 * before collecting it: per-row reading grew the worker's heap by about 150 MiB over a
 * 1,000,000-recipient send. The order comes from the sorted subquery (PostgreSQL feeds a plain
 * aggregate its only input in that order); an ORDER BY inside json_agg would sort the batch again.
 */
async function openidsOf(prisma: Db, recordId: string, batchNo: number): Promise<JsonArrayText> {
  const [row] = await prisma.$queryRaw<{ openids: string | null; count: number }[]>`
    SELECT json_agg(openid)::text AS openids, count(*)::int AS count FROM (
      SELECT openid FROM send_record_recipients WHERE record_id = ${recordId}::uuid AND batch_no = ${batchNo} ORDER BY openid
    ) batch`;
  return new JsonArrayText(row?.openids ?? '[]', row?.count ?? 0);
}

/**
 * Submits a SENDING record's batches that WeChat has not acknowledged, one by one. Each batch is
 * marked SUBMITTING (attempt counted) in its own transaction before WeChat is called, and
 * SUBMITTED with its msg_id in another after; a crash in between leaves it SUBMITTING, and the
 * rerun submits it again with the same clientmsgid, which WeChat answers with the first job's
 * msg_id (45065) instead of sending twice. A `retry-after` outcome ends the run with a
 * RetryLaterError (the job is rescheduled, never slept in); a refusal fails the batch with
 * WeChat's errcode and reason. When no batch is left waiting for WeChat's answer or result,
 * the record is finished. News goes out as the draft stored on the batch (news-drafts.ts).
 */
export async function submitBatches(deps: SubmitDeps, record: SendRecordRow, message: MassMessageContent): Promise<void> {
  try {
    await submitPending(deps, record, message);
  } catch (error) {
    // What went out before the run stopped is counted now: a RetryLaterError waits for WeChat's
    // minute, and another error may be the job's last attempt. The run's own error is kept.
    await countMonthlySends(deps.prisma, record).catch((countError: unknown) => {
      logger.error({ err: countError, recordId: record.id }, 'counting the monthly sends of submitted batches failed; a later run of the record counts them');
    });
    throw error;
  }
  // A service account's batches are counted after the loop, each in its own transaction
  // (monthly-sends.ts), so the counting does not hold up the next batch's submission.
  await countMonthlySends(deps.prisma, record);
  const news = noNews();
  await deps.prisma.$transaction((tx) => finishRecordIfDone(tx, record.id, news));
  deps.publish(news);
}

async function submitPending(deps: SubmitDeps, record: SendRecordRow, message: MassMessageContent): Promise<void> {
  const batches = await deps.prisma.$queryRaw<BatchRow[]>`
    SELECT id, batch_no AS "batchNo", client_msg_id AS "clientMsgId", media_id AS "mediaId" FROM send_batches
    WHERE record_id = ${record.id}::uuid AND state IN ('PENDING', 'SUBMITTING') ORDER BY batch_no`;
  const client = batches.length ? await deps.wechat.sendingClientFor(record.accountId) : undefined;
  // The next batch's openids are read while this batch's call is out (the read took about 7 ms
  // of a batch's 20 ms of engine work when it waited for the call).
  const targetOf = (batch: BatchRow | undefined): Promise<BatchTarget> | undefined => {
    if (!batch) return undefined;
    if (record.route !== 'openids') return Promise.resolve(record.route === 'all' ? { kind: 'all' } : { kind: 'tag', tagId: record.tagId! });
    const reading = openidsOf(deps.prisma, record.id, batch.batchNo).then((openids): BatchTarget => ({ kind: 'openids', openids }));
    // Awaited on the next turn of the loop; a run that ends first must not leave it unhandled.
    reading.catch(() => {});
    return reading;
  };
  let upcoming = targetOf(batches[0]);
  // A batch's answer is stored while the next batch is claimed and sent (one at most in flight):
  // a crash before it is stored leaves the batch SUBMITTING, as a crash right after the call
  // always could, and the rerun resubmits it with its clientmsgid (WeChat answers 45065).
  let storing: Promise<void> = Promise.resolve();
  try {
    for (const [index, batch] of batches.entries()) {
      const target = await upcoming!;
      upcoming = targetOf(batches[index + 1]);
      const [claimed] = await deps.prisma.$queryRaw<{ attempts: number }[]>`
        UPDATE send_batches SET state = 'SUBMITTING', attempts = attempts + 1
        WHERE id = ${batch.id}::uuid AND state IN ('PENDING', 'SUBMITTING') RETURNING attempts`;
      if (!claimed) continue;
      const outcome = await sendBatch({ accountId: record.accountId, client: client!, slots: deps.wechat.slots }, { target, message: messageOfBatch(message, batch), clientMsgId: batch.clientMsgId, attempt: claimed.attempts });
      // The previous answer is stored before this one is, so batches are stored in order; a
      // failure to store one ends the run after the batch that was out meanwhile (tested in
      // store-answer-fails.test.ts: the rerun adopts both jobs with 45065).
      await storing;
      if (outcome.kind === 'retry-after') throw new RetryLaterError(outcome.retryAt, `batch ${batch.batchNo}: ${outcome.reason}`);
      storing = storeAnswer(deps, record, batch, outcome);
      // Awaited on the next turn or after the loop; a run that ends first must not leave it unhandled.
      storing.catch(() => {});
    }
  } catch (error) {
    // The run ends with its own error, once an answer already being stored is stored (or not).
    await storing.catch(() => {});
    throw error;
  }
  await storing;
}

/** Stores WeChat's answer to a submitted batch (SUBMITTED with its msg_id, or FAILED) and publishes it. */
async function storeAnswer(deps: SubmitDeps, record: SendRecordRow, batch: BatchRow, outcome: Exclude<BatchOutcome, { kind: 'retry-after' }>): Promise<void> {
  const news = noNews();
  await deps.prisma.$transaction(async (tx) => {
    if (outcome.kind === 'failed') {
      const rows = await tx.$queryRaw<BatchResultEvent[]>`
        UPDATE send_batches b SET state = 'FAILED', errcode = ${outcome.errcode}, reason = ${outcome.reason}, finished_at = clock_timestamp()
        FROM send_records r WHERE r.id = b.record_id AND b.id = ${batch.id}::uuid AND b.state = 'SUBMITTING'
        RETURNING ${BATCH_EVENT_COLUMNS}`;
      news.batches.push(...rows);
      if (rows.length && outcome.errcode === DAY_TAKEN_ERRCODE) await takeDailySend(tx, record, batch.id, { kind: 'TAKEN_OUTSIDE' });
      return;
    }
    await lockMsgId(tx, record.accountId, outcome.msgId);
    const msgDataId = outcome.kind === 'accepted' ? (outcome.msgDataId ?? null) : null;
    const rows = await tx.$queryRaw<BatchResultEvent[]>`
      UPDATE send_batches b SET state = 'SUBMITTED', msg_id = ${BigInt(outcome.msgId)}, msg_data_id = COALESCE(${msgDataId === null ? null : BigInt(msgDataId)}::bigint, b.msg_data_id),
        submitted_at = clock_timestamp()
      FROM send_records r WHERE r.id = b.record_id AND b.id = ${batch.id}::uuid AND b.state = 'SUBMITTING'
      RETURNING ${BATCH_EVENT_COLUMNS}`;
    if (!rows.length) return;
    news.batches.push(...rows);
    // A service account's monthly counts come after the loop (countMonthlySends).
    if (record.accountType !== 'SERVICE') await takeDailySend(tx, record, batch.id, { kind: 'SENT', msgId: outcome.msgId });
    // WeChat's result may have been stored before the msg_id was.
    await attachResult(tx, record.accountId, BigInt(outcome.msgId), news);
  });
  deps.publish(news);
}

/** A batch's news is its own draft (WeChat removes a mass-sent draft); other content is the record's. */
function messageOfBatch(message: MassMessageContent, batch: BatchRow): MassMessageContent {
  return message.msgtype === 'mpnews' && batch.mediaId ? { msgtype: 'mpnews', mpnews: { media_id: batch.mediaId } } : message;
}
