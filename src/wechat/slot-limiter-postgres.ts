import type { Db } from '#src/db/client.ts';
import { checkLimit, type RateLimitOptions } from '#src/wechat/rate-limiter.ts';
import type { SlotLimiter } from '#src/wechat/slot-limiter.ts';

/**
 * The non-blocking twin of `createPostgresRateLimiter`, on the same `rate_limit_slots` rows and
 * under the same advisory lock, so blocking and non-blocking callers of one account share its
 * limit across processes. It computes the start the blocking limiter would reserve; only when
 * that start is now does it store it (taking the slot), otherwise it stores nothing and answers
 * the start as `retryAt`. Times come from the database's clock.
 */
export function createPostgresSlotLimiter(prisma: Db, { limit, windowMs = 60_000 }: RateLimitOptions): SlotLimiter {
  checkLimit(limit);
  return {
    async tryAcquire(accountId) {
      const retryAt = await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`wxcast:rate:${accountId}`}))`;
        await tx.$executeRaw`
          DELETE FROM rate_limit_slots
          WHERE account_id = ${accountId}::uuid AND starts_at < clock_timestamp() - make_interval(secs => ${windowMs / 1000})`;
        const [slot] = await tx.$queryRaw<{ free_at: Date | null; wait: boolean }[]>`
          WITH recent AS (
            SELECT starts_at FROM rate_limit_slots WHERE account_id = ${accountId}::uuid
            ORDER BY starts_at DESC LIMIT ${limit}
          ), chosen AS (
            SELECT CASE WHEN count(*) < ${limit} THEN NULL
                        ELSE min(starts_at) + make_interval(secs => ${windowMs / 1000})
                   END AS free_at
            FROM recent
          )
          SELECT free_at, coalesce(free_at > clock_timestamp(), false) AS wait FROM chosen`;
        if (slot?.wait) return slot.free_at!;
        await tx.$executeRaw`INSERT INTO rate_limit_slots (account_id, starts_at) VALUES (${accountId}::uuid, clock_timestamp())`;
        return null;
      });
      return retryAt === null ? { acquired: true } : { acquired: false, retryAt };
    },
  };
}
