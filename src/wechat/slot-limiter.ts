import { checkLimit, type RateLimiter, type RateLimitOptions } from '#src/wechat/rate-limiter.ts';

/** The answer of a non-blocking slot request. */
export type SlotAnswer = { acquired: true } | { acquired: false; retryAt: Date };

/**
 * The non-blocking face of the mass-send rate limit, for callers that must not sleep (a job
 * reschedules itself instead): a slot is taken only when one is free now; otherwise nothing is
 * taken and the answer says when the next one frees up. Same sliding-window rule as
 * {@link RateLimiter}: call n may start only `windowMs` after call n-limit started.
 */
export interface SlotLimiter {
  tryAcquire(key: string): Promise<SlotAnswer>;
}

/** An in-process {@link SlotLimiter} (tests, tools); the app uses createPostgresSlotLimiter. */
export function createSlotLimiter({ limit, windowMs = 60_000 }: RateLimitOptions, now: () => number = Date.now): SlotLimiter {
  checkLimit(limit);
  const starts = new Map<string, number[]>();
  return {
    async tryAcquire(key) {
      const at = now();
      const times = (starts.get(key) ?? []).filter((t) => t > at - windowMs);
      if (times.length >= limit) {
        starts.set(key, times);
        return { acquired: false, retryAt: new Date(times[times.length - limit]! + windowMs) };
      }
      times.push(at);
      starts.set(key, times);
      return { acquired: true };
    },
  };
}

/**
 * The limiter to build a client with when its caller takes slots itself through a
 * {@link SlotLimiter} before each call: it lets every call through at once.
 */
export const SLOTS_TAKEN_BY_CALLER: RateLimiter = { acquire: async () => undefined };
