import type { Db } from '#src/db/client.ts';
import { sleep } from '#src/wechat/retry.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { checkLimit, type RateLimiter, type RateLimitOptions } from '#src/wechat/rate-limiter.ts';

/**
 * The sliding-window limiter of `createRateLimiter`, shared by every process through
 * PostgreSQL: call n of an account may start only `windowMs` after its call n-limit started,
 * whichever process made either. Each acquire takes its slot in one short transaction under
 * `pg_advisory_xact_lock(hashtext('wxcast:rate:'||accountId))`: it reads the account's last
 * `limit` starts (reservations included), stores its own start, commits, then sleeps until it.
 * Times come from the database's clock, so processes on machines with skewed clocks agree.
 * Keys are wxcast account ids (uuid): rows belong to the account and go with it.
 */
export function createPostgresRateLimiter(prisma: Db, { limit, windowMs = 60_000, maxWaitMs }: RateLimitOptions): RateLimiter {
  checkLimit(limit);
  return {
    async acquire(accountId) {
      const waitMs = await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`wxcast:rate:${accountId}`}))`;
        // Starts older than the window no longer limit anything.
        await tx.$executeRaw`
          DELETE FROM rate_limit_slots
          WHERE account_id = ${accountId}::uuid AND starts_at < clock_timestamp() - make_interval(secs => ${windowMs / 1000})`;
        const [slot] = await tx.$queryRaw<({ wait_ms: number } | undefined)[]>`
          WITH recent AS (
            SELECT starts_at FROM rate_limit_slots WHERE account_id = ${accountId}::uuid
            ORDER BY starts_at DESC LIMIT ${limit}
          ), chosen AS (
            SELECT CASE WHEN count(*) < ${limit} THEN clock_timestamp()
                        ELSE greatest(clock_timestamp(), min(starts_at) + make_interval(secs => ${windowMs / 1000}))
                   END AS starts_at
            FROM recent
          )
          INSERT INTO rate_limit_slots (account_id, starts_at)
          SELECT ${accountId}::uuid, starts_at FROM chosen
          -- A wait longer than maxWaitMs takes no slot (the caller is rescheduled instead).
          WHERE ${maxWaitMs ?? null}::float8 IS NULL OR starts_at <= clock_timestamp() + make_interval(secs => ${(maxWaitMs ?? 0) / 1000})
          RETURNING greatest(0, extract(epoch FROM starts_at - clock_timestamp()) * 1000)::float8 AS wait_ms`;
        if (slot) return slot.wait_ms;
        const [free] = await tx.$queryRaw<{ at: Date }[]>`
          SELECT min(starts_at) + make_interval(secs => ${windowMs / 1000}) AS at FROM (
            SELECT starts_at FROM rate_limit_slots WHERE account_id = ${accountId}::uuid ORDER BY starts_at DESC LIMIT ${limit}) recent`;
        throw new RetryLaterError(free!.at, 'mass-send rate limit of the account');
      });
      if (waitMs > 0) await sleep(Math.ceil(waitMs));
    },
  };
}
