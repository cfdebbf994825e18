import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createPrismaClient, type Db } from '#src/db/client.ts';
import { createWeChatAccess } from '#src/wechat/access.ts';
import { createPostgresRateLimiter } from '#src/wechat/rate-limiter-postgres.ts';
import type { RateLimiter } from '#src/wechat/rate-limiter.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { startApp } from '#src/app.ts';
import { createSimulator } from '#src/wechat-simulator/server.ts';
import { bindSimAccount, testConfig, useTestApp } from '../helpers/app.ts';
import { tempDataDir } from '../helpers/data-dir.ts';

/** The account's slot starts as PostgreSQL recorded them (rate_limit_slots), in epoch ms, ascending. */
async function recordedSlots(prisma: Db, accountId: string): Promise<number[]> {
  const slots = await prisma.rateLimitSlot.findMany({ where: { accountId }, orderBy: { startsAt: 'asc' } });
  return slots.map((slot) => slot.startsAt.getTime());
}

/** The database's clock in epoch ms: read right after a call returns, it says when, on the clock slots use. */
async function databaseNow(prisma: Db): Promise<number> {
  const [row] = await prisma.$queryRaw<{ ms: number }[]>`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms`;
  return row!.ms;
}

/** Runs the calls at once; for each, the database's clock when it returned, ascending. */
async function returnTimes(prisma: Db, calls: (() => Promise<unknown>)[]): Promise<number[]> {
  const times = await Promise.all(calls.map(async (call) => (await call(), databaseNow(prisma))));
  return times.sort((a, b) => a - b);
}

/**
 * The recorded slots hold the sliding window exactly: no `windowMs` has more than `limit` starts
 * (both sides are the database's own times, so no slack is needed). And the callers waited for
 * their slots: the k-th call to return did so no earlier than the k-th slot. Timers may fire up
 * to a millisecond early and the slots are stored to the millisecond, hence TIMER_GRAIN_MS.
 */
function expectSlidingWindow(slots: number[], returned: number[], limit: number, windowMs: number) {
  expect(returned).toHaveLength(slots.length);
  for (let i = limit; i < slots.length; i++) expect(slots[i]! - slots[i - limit]!).toBeGreaterThanOrEqual(windowMs);
  slots.forEach((slot, i) => expect(returned[i]!).toBeGreaterThanOrEqual(slot - TIMER_GRAIN_MS));
}
const TIMER_GRAIN_MS = 2;

/**
 * Two "processes" — two Prisma clients with their own pools — limit mass sends of one account
 * together, through PostgreSQL: the limit is per account, not per process.
 */
describe('mass-send rate limit shared through PostgreSQL', () => {
  const t = useTestApp();
  let other: Db;
  beforeAll(() => {
    other = createPrismaClient(t.db.url, 4);
  });
  afterAll(() => other?.$disconnect());

  it('spaces starts of one account across processes: 3 per second here', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId);
    const limiters: RateLimiter[] = [t.app.deps.prisma, other].map((prisma) => createPostgresRateLimiter(prisma, { limit: 3, windowMs: 1_000 }));
    const returned = await returnTimes(t.app.deps.prisma, [0, 1, 2, 3, 4, 5, 6].map((i) => () => limiters[i % 2]!.acquire(account.id)));
    const slots = await recordedSlots(t.app.deps.prisma, account.id);
    expect(slots).toHaveLength(7);
    expectSlidingWindow(slots, returned, 3, 1_000);
    // The first three were free: none of them waited a window for another.
    expect(slots[2]! - slots[0]!).toBeLessThan(1_000);
    expect(slots[6]! - slots[0]!).toBeGreaterThanOrEqual(2_000);
    // Starts older than the window are cleaned up as new ones are taken.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await limiters[0]!.acquire(account.id);
    expect(await t.app.deps.prisma.rateLimitSlot.count({ where: { accountId: account.id } })).toBeLessThanOrEqual(4);
  });

  it('does not slow one account for another', async () => {
    const [a, b] = [await bindSimAccount(t.app, t.workspaceId), await bindSimAccount(t.app, t.workspaceId)];
    const limiter = createPostgresRateLimiter(other, { limit: 1, windowMs: 10_000 });
    const started = await databaseNow(other);
    await limiter.acquire(a.id);
    await limiter.acquire(b.id);
    // Had b waited for a's window, it would have returned 10 s after a's slot.
    const [slotA, slotB] = [(await recordedSlots(other, a.id))[0]!, (await recordedSlots(other, b.id))[0]!];
    expect(slotB - slotA).toBeLessThan(10_000);
    expect((await databaseNow(other)) - started).toBeLessThan(10_000);
  });

  it('takes no slot and names when to try again when the wait would exceed maxWaitMs (jobs are rescheduled, not put to sleep)', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId);
    const limiter = createPostgresRateLimiter(other, { limit: 1, windowMs: 60_000, maxWaitMs: 1_000 });
    await limiter.acquire(account.id);
    const started = Date.now();
    const refused = await limiter.acquire(account.id).then(() => undefined, (error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(1_000); // answered at once, not after a wait
    expect(refused).toBeInstanceOf(RetryLaterError);
    const retryAt = (refused as RetryLaterError).retryAt.getTime();
    expect(retryAt).toBeGreaterThan(started + 50_000);
    expect(retryAt).toBeLessThanOrEqual(started + 60_000 + 1_000);
    expect(await t.app.deps.prisma.rateLimitSlot.count({ where: { accountId: account.id } })).toBe(1);
  });

  it('holds for real mass sends through each process\'s WeChat access (WXCAST_MASS_SEND_PER_MINUTE)', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { followers: 10 });
    const accesses = [t.app.deps.prisma, other].map((prisma) =>
      createWeChatAccess({ prisma, secretKey: t.app.deps.secretKey, baseUrl: t.app.sim!.url, massSendsPerMinute: 2, massSendWindowMs: 1_000 }),
    );
    const clients = await Promise.all(accesses.map((access) => access.clientFor(account.id)));
    // Both hold a token first, so each send's time is the limiter's plus one quick round trip.
    const [followers] = await Promise.all(clients.map((client) => client.getFollowers()));
    const touser = followers!.data!.openid.slice(0, 2);
    const returned = await returnTimes(
      t.app.deps.prisma,
      [0, 1, 2, 3].map((i) => () => clients[i % 2]!.massSend({ touser, msgtype: 'text', text: { content: `限速 ${i}` }, clientmsgid: `shared-rate-${i}` })),
    );
    expectSlidingWindow(await recordedSlots(t.app.deps.prisma, account.id), returned, 2, 1_000);
    expect(t.app.sim!.jobs(account.appId).filter((job) => !job.seeded)).toHaveLength(4);
  });
});

describe('mass-send rate limit on the embedded database', () => {
  it('takes its slots on the embedded PostgreSQL too (advisory lock, database clock)', async () => {
    const sim = await createSimulator({ port: 0 });
    onTestFinished(() => sim.close());
    const config = await testConfig({ databaseUrl: 'unused', wechatApiBase: sim.url });
    const app = await startApp({ ...config, databaseUrl: undefined, dataDir: await tempDataDir('rate') }, { host: '127.0.0.1' });
    onTestFinished(() => app.stop());
    const workspace = await app.deps.prisma.workspace.create({ data: { name: 'embedded-rate' } });
    const account = await bindSimAccount(Object.assign(app, { url: app.url!, sim }), workspace.id);
    const limiter = createPostgresRateLimiter(app.deps.prisma, { limit: 1, windowMs: 500 });
    const returned = await returnTimes(app.deps.prisma, [0, 1, 2].map(() => () => limiter.acquire(account.id)));
    expectSlidingWindow(await recordedSlots(app.deps.prisma, account.id), returned, 1, 500);
  }, 120_000);
});
