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
