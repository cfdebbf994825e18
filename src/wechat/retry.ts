import { WeChatApiError } from '#src/errors.ts';
import { logger } from '#src/logger.ts';

const log = logger.child({ module: 'wechat' });

/** Bounds of the client's own retries of transient failures. */
export interface RetryPolicy {
  /** Total attempts of one call, the first included (1 = never retry). */
  attempts: number;
  /** Cap of the first backoff; doubles per retry. */
  baseDelayMs: number;
  /** Cap of any single backoff. */
  maxDelayMs: number;
}

/** WxJava retries -1 five times from 1 s; we stay shorter so a job's call fails within ~15 s. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** No retry within the call: for callers that reschedule themselves instead of waiting. */
export const SINGLE_ATTEMPT: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/**
 * The wait before retry number `retry` (1-based): exponential backoff with full jitter, a
 * uniform draw in [0, min(max, base·2^(retry-1))], so clients that failed together spread out.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt` until it succeeds, throws something `mayRetry` refuses, or `policy.attempts`
 * are used up, sleeping with full-jitter backoff in between.
 */
export async function withRetries<T>(policy: RetryPolicy, path: string, attempt: () => Promise<T>, mayRetry: (error: WeChatApiError) => boolean): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WeChatApiError) || !mayRetry(error) || n >= policy.attempts) throw error;
      const delayMs = backoffDelayMs(policy, n);
      log.warn({ path, errcode: error.errcode, transport: error.transport, rid: error.rid, attempt: n, delayMs }, 'WeChat call failed, retrying');
      await sleep(delayMs);
    }
  }
}

