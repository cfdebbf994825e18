import { sleep } from '#src/wechat/retry.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';

/** Spaces out calls per key (an account id). */
export interface RateLimiter {
  /** Resolves when a call for `key` may start; the slot is taken at once (callers queue FIFO). */
  acquire(key: string): Promise<void>;
}

export interface RateLimitOptions {
  /** Calls allowed per window and key (WeChat's mass-send rule is 60 per minute). */
  limit: number;
  /** Window length (default one minute). */
  windowMs?: number;
  /**
   * The longest a caller waits for its slot. A call that would wait longer takes no slot and
   * throws RetryLaterError naming when a slot frees, so a job is rescheduled instead of holding
   * its worker (and lease) asleep. Default: wait as long as needed.
   */
  maxWaitMs?: number;
}

/**
 * A sliding-window limiter: call n may start only `windowMs` after call n-limit started, so no
 * window of that length ever holds more than `limit` starts (a token bucket would let a burst of
 * `limit` follow a full refill, up to twice the limit in one minute, which WeChat would reject).
 *
 * The limit holds per key within this process only. The app's WeChat access uses the
 * PostgreSQL-backed `createPostgresRateLimiter` (rate-limiter-postgres.ts) with the same rule,
 * so that several worker processes share an account's rate; this one serves clients built
 * without a limiter (tests, tools).
 */
export function createRateLimiter({ limit, windowMs = 60_000, maxWaitMs = Infinity }: RateLimitOptions): RateLimiter {
  checkLimit(limit);
  // Start times (ms) of the last `limit` calls per key, in order; future times are reservations.
  const starts = new Map<string, number[]>();
  return {
    async acquire(key) {
      const now = Date.now();
      const times = starts.get(key) ?? [];
      const slot = times.length < limit ? now : Math.max(now, times[times.length - limit]! + windowMs);
      if (slot - now > maxWaitMs) throw new RetryLaterError(new Date(slot), 'mass-send rate limit of the account');
      times.push(slot);
      if (times.length > limit) times.splice(0, times.length - limit);
      starts.set(key, times);
      if (slot > now) await sleep(slot - now);
    },
  };
}

/** Both limiters' precondition: at least one call per window. */
export function checkLimit(limit: number): void {
  if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError('limit must be a positive integer');
}

/** WeChat's documented mass-send rate per account (Batch_Sends guide): 60 calls per minute. */
export const MASS_SEND_RATE: RateLimitOptions = { limit: 60, windowMs: 60_000 };

let processLimiter: RateLimiter | undefined;

/**
 * The process-wide mass-send limiter that clients use unless given their own, so every client
 * of one account in this process shares the account's 60 calls per minute.
 */
export function processMassSendLimiter(): RateLimiter {
  processLimiter ??= createRateLimiter(MASS_SEND_RATE);
  return processLimiter;
}
