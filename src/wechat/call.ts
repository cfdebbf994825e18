import { WeChatApiError } from '#src/errors.ts';
import { logger } from '#src/logger.ts';
import { isRetryableInCall, isTokenError } from '#src/wechat/errors.ts';
import { assertOk, errcodeOf, sendOnce, type TransportOptions, type WeChatRequest, type WireAnswer } from '#src/wechat/http.ts';
import type { RateLimiter } from '#src/wechat/rate-limiter.ts';
import { withRetries, type RetryPolicy } from '#src/wechat/retry.ts';
import type { TokenProvider } from '#src/wechat/token-store.ts';

const log = logger.child({ module: 'wechat' });

/** A request plus how the call loop may treat it. */
export interface CallSpec extends WeChatRequest {
  /**
   * Whether transient failures (-1, network, timeout, HTTP 5xx) may be repeated (default true).
   * False for mass sends without a clientmsgid: WeChat may have accepted the first attempt, and
   * without the key nothing would stop a second job (a follower would get the message twice).
   */
  retryTransient?: boolean;
  /** Counted by the account's mass-send rate limiter (each attempt takes a slot). */
  rateLimited?: boolean;
  /** Non-zero errcodes answered as results instead of errors (45065 carries the msg_id). */
  acceptErrcodes?: readonly number[];
}

export interface CallerOptions {
  transport: TransportOptions;
  accountId: string;
  tokens: TokenProvider;
  limiter: RateLimiter;
  retry: RetryPolicy;
}

/** Executes authenticated WeChat calls for one account. */
export interface WeChatCaller {
  /** The raw answer (JSON or file); throws WeChatApiError for non-accepted errcodes. */
  call(spec: CallSpec): Promise<WireAnswer>;
  /** A JSON answer, typed by the caller against types.ts. */
  json<T>(spec: CallSpec): Promise<T>;
}

/**
 * The call loop: token from the provider, rate-limit slot when asked, one HTTP attempt, then
 *  - 40001/40014/42001: invalidate exactly the token that was refused and repeat once. This is
 *    safe even for mass sends: WeChat checks the token before anything else. Another process
 *    may already have refreshed; the provider then hands out its token instead of a new one.
 *  - transient failures: repeat with backoff within `retry.attempts`, unless the spec forbids.
 *  - anything else: throw the classified WeChatApiError.
 */
export function createCaller({ transport, accountId, tokens, limiter, retry }: CallerOptions): WeChatCaller {
  // `state.refreshed` is per call: one token refresh per call, however many retries it takes.
  const attemptOnce = async (spec: CallSpec, state: { refreshed: boolean }): Promise<WireAnswer> => {
    const token = await tokens.get(accountId);
    if (spec.rateLimited) await limiter.acquire(accountId);
    try {
      const answer = await sendOnce(transport, spec, token);
      if (answer.kind === 'json' && !spec.acceptErrcodes?.includes(errcodeOf(answer.body))) assertOk(spec.path, answer.body);
      return answer;
    } catch (error) {
      if (error instanceof WeChatApiError && isTokenError(error) && !state.refreshed) {
        state.refreshed = true;
        log.info({ path: spec.path, errcode: error.errcode, rid: error.rid }, 'access token refused, refreshing once');
        await tokens.get(accountId, { forceRefreshIfEquals: token });
        return attemptOnce(spec, state);
      }
      throw error;
    }
  };
  const call = (spec: CallSpec) => {
    const state = { refreshed: false };
    return withRetries(retry, spec.path, () => attemptOnce(spec, state), (error) => spec.retryTransient !== false && isRetryableInCall(error));
  };
  return {
    call,
    async json<T>(spec: CallSpec): Promise<T> {
      const answer = await call(spec);
      if (answer.kind !== 'json') throw new WeChatApiError(-1, `expected JSON, got ${answer.contentType}`, spec.path, false, undefined, 'bad-response');
      return answer.body as T;
    },
  };
}
