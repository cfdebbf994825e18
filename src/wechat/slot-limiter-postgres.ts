import type { Db } from '#src/db/client.ts';
import { checkLimit, type RateLimitOptions } from '#src/wechat/rate-limiter.ts';
import { takeRateSlot } from '#src/wechat/rate-limiter-postgres.ts';
import type { SlotLimiter } from '#src/wechat/slot-limiter.ts';

/**
 * The non-blocking twin of `createPostgresRateLimiter`, on the same `rate_limit_slots` rows and
 * under the same advisory lock, so blocking and non-blocking callers of one account share its
 * limit across processes. It takes the slot only when the start the limit allows is now;
 * otherwise it stores nothing and answers that start as `retryAt`.
 */
export function createPostgresSlotLimiter(prisma: Db, options: RateLimitOptions): SlotLimiter {
  checkLimit(options.limit);
  return {
    async tryAcquire(accountId) {
      const slot = await takeRateSlot(prisma, accountId, options, 0);
      return slot.taken ? { acquired: true } : { acquired: false, retryAt: slot.startsAt };
    },
  };
}
