import type { Db } from '#src/db/client.ts';
import { sleep } from '#src/wechat/retry.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { checkLimit, type RateLimiter, type RateLimitOptions } from '#src/wechat/rate-limiter.ts';

/** A start the account's limit allows, and whether it was stored (the slot taken). */
export interface RateSlot {
  startsAt: Date;
  taken: boolean;
  /** How long from now (the database's clock) until `startsAt`; 0 when it has come. */
  waitMs: number;
}

/**
 * Takes the account's earliest slot when it starts at most `maxWaitMs` from now (null or
 * Infinity: however far), in one call of the `take_rate_slot` database function: under
 * `pg_advisory_xact_lock(hashtext('wxcast:rate:'||accountId))` it forgets starts older than the
 * window, reads the account's last `limit` starts (reservations included) and stores its own.
 * Times come from the database's clock, so processes on machines with skewed clocks agree.
 */
export async function takeRateSlot(prisma: Db, accountId: string, { limit, windowMs = 60_000 }: RateLimitOptions, maxWaitMs: number | null): Promise<RateSlot> {
  const [slot] = await prisma.$queryRaw<RateSlot[]>`
    SELECT starts_at AS "startsAt", taken, greatest(0, extract(epoch FROM starts_at - clock_timestamp()) * 1000)::float8 AS "waitMs"
    FROM take_rate_slot(${accountId}::uuid, ${limit}::int, ${windowMs / 1000}::float8, ${maxWaitMs === null || !Number.isFinite(maxWaitMs) ? null : maxWaitMs / 1000}::float8)`;
  return slot!;
}

/**
 * The sliding-window limiter of `createRateLimiter`, shared by every process through
 * PostgreSQL: call n of an account may start only `windowMs` after its call n-limit started,
 * whichever process made either. Each acquire reserves its start (`takeRateSlot`), then sleeps
 * until it; a start further than `maxWaitMs` away takes no slot and is a RetryLaterError (the
 * caller is rescheduled instead). Keys are wxcast account ids (uuid): rows belong to the
 * account and go with it.
 */
export function createPostgresRateLimiter(prisma: Db, options: RateLimitOptions): RateLimiter {
  checkLimit(options.limit);
  return {
    async acquire(accountId) {
      const slot = await takeRateSlot(prisma, accountId, options, options.maxWaitMs ?? null);
      if (!slot.taken) throw new RetryLaterError(slot.startsAt, 'mass-send rate limit of the account');
      if (slot.waitMs > 0) await sleep(Math.ceil(slot.waitMs));
    },
  };
}
