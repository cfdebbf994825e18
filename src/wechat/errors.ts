import { WeChatApiError } from '#src/errors.ts';

/**
 * How WeChat failures are classified, by errcode (never by errmsg text). Everything here is
 * pure: the call loop in call.ts decides what to do with the classification.
 */

/** Codes that mean "this access token is no good": refresh once and repeat the call. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/**
 * Codes worth trying again *later*. -1 is retried by the client itself; 45009 (daily quota) and
 * 45011 (minute quota) need a wait longer than any in-call backoff, so the client hands them to
 * the caller (a job) with `retryable: true` and a {@link retryAfterMs} hint instead.
 */
const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45011]);

/** Of the retryable codes, those the client retries within one call (short backoff helps). */
const RETRY_IN_CALL_ERRCODES: ReadonlySet<number> = new Set([-1]);

/** Which transport failure a {@link WeChatApiError} with errcode -1 stands for. */
export type TransportFailure = 'network' | 'timeout' | 'http-5xx' | 'http-status' | 'bad-response';

// Newer errmsgs end in ` rid: 6125a48e-4bc55df9-6a1d6b57`, older ones in ` hint: [i50PvA0089sha6]`.
const TRACE_SUFFIX = /\s*(?:rid:\s*([\w-]+)|hint:\s*\[([^\]]*)\])\s*$/;

/** Splits WeChat's trace suffix off an errmsg: `{ message, rid }` (rid undefined when absent). */
export function parseErrmsg(errmsg: string): { message: string; rid?: string } {
  const match = TRACE_SUFFIX.exec(errmsg);
  if (!match) return { message: errmsg };
  return { message: errmsg.slice(0, match.index), rid: match[1] ?? match[2] };
}

/** A WeChatApiError for a non-zero errcode of `path`, classified retryable or final. */
export function errorFromEnvelope(path: string, errcode: number, errmsg: string): WeChatApiError {
  const { message, rid } = parseErrmsg(errmsg);
  return new WeChatApiError(errcode, message, path, RETRYABLE_ERRCODES.has(errcode), rid);
}

/**
 * A WeChatApiError for a failure below the WeChat protocol (errcode -1, `transport` set).
 * Network errors, timeouts, HTTP 5xx and unparseable answers are transient; other HTTP
 * statuses are not.
 */
export function transportError(path: string, failure: TransportFailure, detail: string): WeChatApiError {
  return new WeChatApiError(-1, detail, path, failure !== 'http-status', undefined, failure);
}

/** Maps what `fetch` threw (abort on timeout, socket errors) to a transport WeChatApiError. */
export function errorFromFetchFailure(path: string, error: unknown, timeoutMs: number): WeChatApiError {
  if (error instanceof WeChatApiError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return transportError(path, 'timeout', `no answer within ${timeoutMs} ms`);
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return transportError(path, 'network', detail);
}

/** Whether the call loop may repeat the same request at once (after a short backoff). */
export function isRetryableInCall(error: WeChatApiError): boolean {
  if (!error.retryable) return false;
  return error.transport !== undefined || RETRY_IN_CALL_ERRCODES.has(error.errcode);
}

/** Whether the error says the access token used was rejected. */
export function isTokenError(error: WeChatApiError): boolean {
  return error.transport === undefined && TOKEN_ERRCODES.has(error.errcode);
}

/**
 * How long a caller should wait before trying a failed call again, when WeChat's rules say:
 * 45011 and 45066 (same clientmsgid too fast) ask for the next minute. 45009 (daily quota)
 * returns undefined: it needs clear_quota or the next day, which is the caller's policy.
 * Note 45066 is not `retryable` (the client never repeats it), yet repeating the same
 * clientmsgid after a minute is exactly how to learn the msg_id (WeChat then answers 45065).
 */
export function retryAfterMs(error: WeChatApiError): number | undefined {
  if (error.errcode === 45011 || error.errcode === 45066) return 60_000;
  if (error.transport !== undefined || error.errcode === -1) return error.retryable ? 5_000 : undefined;
  return undefined;
}
