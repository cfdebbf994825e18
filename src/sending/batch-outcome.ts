import { DateTime } from 'luxon';
import { WeChatApiError } from '#src/errors.ts';

/**
 * What became of one submission of a batch. Every WeChat answer maps to exactly one:
 *  - `accepted`: WeChat created the job (`msgId`; `msgDataId` for news).
 *  - `duplicate`: 45065 — an earlier submission with the same clientmsgid created the job within
 *    24 h; its `msgId` is adopted, nothing was sent twice.
 *  - `retry-after`: nothing was sent, or it cannot be known yet; submit the same batch with the
 *    same clientmsgid again at `retryAt` (the job is rescheduled, never slept in).
 *  - `failed`: WeChat refused the batch for good; `errcode` and `reason` go on the batch.
 */
export type BatchOutcome =
  | { kind: 'accepted'; msgId: number; msgDataId?: number }
  | { kind: 'duplicate'; msgId: number }
  | { kind: 'retry-after'; retryAt: Date; errcode: number | null; reason: string }
  | { kind: 'failed'; errcode: number; reason: string };

/** WeChat's day (quota resets) is Beijing's. */
const WECHAT_ZONE = 'Asia/Shanghai';
const MINUTE_MS = 60_000;
/** Backoff of transient failures: 5 s doubling per attempt, at most 5 minutes. */
const TRANSIENT_BASE_MS = 5_000;
const TRANSIENT_MAX_MS = 5 * MINUTE_MS;
/** How long to wait for an admin to confirm a protected send (WeChat gives them 30 minutes). */
const ADMIN_CONFIRMATION_MS = 10 * MINUTE_MS;

/** The start of the next Beijing day, when the 100-a-day quota resets (45009). */
export function nextWeChatDay(nowMs: number): Date {
  return DateTime.fromMillis(nowMs, { zone: WECHAT_ZONE }).plus({ days: 1 }).startOf('day').toJSDate();
}

/** The wait before attempt `attempt + 1` after a transient failure. */
export function transientDelayMs(attempt: number): number {
  return Math.min(TRANSIENT_MAX_MS, TRANSIENT_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

/**
 * Maps a failed submission to its outcome. `attempt` is the 1-based number of this submission of
 * the batch. Errors that are not WeChat's (a bug, a database failure) are not outcomes: rethrown.
 */
export function outcomeOfError(error: unknown, nowMs: number, attempt: number): BatchOutcome {
  if (!(error instanceof WeChatApiError)) throw error;
  const later = (ms: number, reason: string): BatchOutcome => ({ kind: 'retry-after', retryAt: new Date(nowMs + ms), errcode: error.errcode, reason });
  // Below the protocol (network, timeout, HTTP 5xx, unreadable answer): WeChat may have created
  // the job, so only a resubmission with the same clientmsgid can tell (45065 then).
  if (error.transport !== undefined) return error.retryable ? later(transientDelayMs(attempt), `transport: ${error.transport} (${error.errmsg})`) : failed(error);
  switch (error.errcode) {
    case -1:
      return later(transientDelayMs(attempt), 'WeChat system error (-1)');
    // 45011 minute quota; 42010 "masssend fast" is what some accounts see for the same throttle.
    case 45011:
    case 42010:
      return later(MINUTE_MS, `mass-send minute quota (${error.errcode})`);
    // Same clientmsgid within a minute: the earlier attempt may have succeeded; after a minute
    // WeChat answers 45065 with its msg_id, or accepts the batch if it did not.
    case 45066:
      return later(MINUTE_MS, 'same clientmsgid retried within a minute (45066)');
    case 45009:
      return { kind: 'retry-after', retryAt: nextWeChatDay(nowMs), errcode: 45009, reason: 'daily API quota reached (45009)' };
    // API mass-send protection: the send waits for an administrator's confirmation.
    case 89503:
    case 89504:
    case 89505:
    case 89506:
    case 89507:
      return later(ADMIN_CONFIRMATION_MS, `waiting for the administrator's confirmation (${error.errcode})`);
    // No mass-send quota left: a subscription account's one successful send of the day (one made
    // in WeChat's backend or by another tool counts), or a service account's 4 sends a month to
    // all followers that enter the history. Waiting within the day would not help.
    case 45028:
      return { kind: 'failed', errcode: 45028, reason: 'WeChat has no mass-send quota left (45028): a subscription account sends once a calendar day, and a send made outside wxcast (the WeChat backend, another tool) takes the day too; a service account sends to all followers at most 4 times a month' };
    case 45065:
      // The client turns a 45065 with msg_id into a duplicate result; one without cannot be
      // adopted, and sending again would only repeat it.
      return { kind: 'failed', errcode: 45065, reason: 'WeChat reports this batch as already submitted but gave no msg_id; check the account backend' };
    default:
      return failed(error);
  }
}

function failed(error: WeChatApiError): BatchOutcome {
  return { kind: 'failed', errcode: error.errcode, reason: error.errmsg };
}
