import { describe, expect, it } from 'vitest';
import { createPrismaClient } from '#src/db/client.ts';
import { createPostgresRateLimiter } from '#src/wechat/rate-limiter-postgres.ts';
import { createPostgresSlotLimiter } from '#src/wechat/slot-limiter-postgres.ts';
import { SERVICE, SUBSCRIPTION, useWeChatEnv } from './helpers.ts';

const t = useWeChatEnv();

/** The database's clock, which decides every slot. */
async function dbNow(): Promise<number> {
  const [row] = await t.env.prisma.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  return row!.now.getTime();
}

describe('non-blocking mass-send slots shared through PostgreSQL', () => {
  it('takes a free slot at once and otherwise answers when the next one frees, taking nothing', async () => {
    const other = createPrismaClient(t.env.db.url, 2);
    try {
      const account = t.env.accountIds[SERVICE.appId]!;
      // Two "processes", each with its own pool, share the account's 2 slots a minute.
      const [a, b] = [t.env.prisma, other].map((prisma) => createPostgresSlotLimiter(prisma, { limit: 2, windowMs: 60_000 }));
      const before = await dbNow();
      expect(await a!.tryAcquire(account)).toEqual({ acquired: true });
      expect(await b!.tryAcquire(account)).toEqual({ acquired: true });
      const refused = await a!.tryAcquire(account);
      expect(refused.acquired).toBe(false);
      const retryAt = (refused as { retryAt: Date }).retryAt.getTime();
      expect(retryAt).toBeGreaterThanOrEqual(before + 60_000);
      expect(retryAt).toBeLessThanOrEqual((await dbNow()) + 60_000);
      expect(await b!.tryAcquire(account)).toMatchObject({ acquired: false });
      expect(await t.env.prisma.rateLimitSlot.count({ where: { accountId: account } })).toBe(2);
      // Another account has its own slots.
      expect(await b!.tryAcquire(t.env.accountIds[SUBSCRIPTION.appId]!)).toEqual({ acquired: true });
    } finally {
      await other.$disconnect();
    }
  });

  it('counts the blocking limiter’s starts, and frees slots as the window slides', async () => {
    const account = t.env.accountIds[SERVICE.appId]!;
    await createPostgresRateLimiter(t.env.prisma, { limit: 1, windowMs: 400 }).acquire(account);
    const slots = createPostgresSlotLimiter(t.env.prisma, { limit: 1, windowMs: 400 });
    const refused = await slots.tryAcquire(account);
    expect(refused).toMatchObject({ acquired: false });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (refused as { retryAt: Date }).retryAt.getTime() - Date.now()) + 50));
    // Clocks of Node and PostgreSQL may differ slightly; the answer is the database's.
    let answer = await slots.tryAcquire(account);
    for (let i = 0; i < 20 && !answer.acquired; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await slots.tryAcquire(account);
    }
    expect(answer).toEqual({ acquired: true });
  });
});
