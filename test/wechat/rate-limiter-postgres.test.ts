import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createPrismaClient, type Db } from '#src/db/client.ts';
import { createWeChatAccess } from '#src/wechat/access.ts';
import { createPostgresRateLimiter } from '#src/wechat/rate-limiter-postgres.ts';
import type { RateLimiter } from '#src/wechat/rate-limiter.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { startApp } from '#src/app.ts';
import { createSimulator } from '#src/wechat-simulator/server.ts';
import { bindSimAccount, testConfig, useTestApp } from '../helpers/app.ts';

/** When each acquire returned, in ms from `t0`, sorted. */
async function startTimes(calls: (() => Promise<void>)[]): Promise<number[]> {
  const t0 = Date.now();
  const times = await Promise.all(calls.map(async (call) => (await call(), Date.now() - t0)));
  return times.sort((a, b) => a - b);
}

/** No `windowMs` holds more than `limit` of `times`, give or take `slackMs` (clocks, timers, latency). */
function expectSlidingWindow(times: number[], limit: number, windowMs: number, slackMs = 25) {
  for (let i = limit; i < times.length; i++) expect(times[i]! - times[i - limit]!).toBeGreaterThanOrEqual(windowMs - slackMs);
}

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
    const times = await startTimes([0, 1, 2, 3, 4, 5, 6].map((i) => () => limiters[i % 2]!.acquire(account.id)));
    expect(times.slice(0, 3).every((ms) => ms < 500)).toBe(true);
    expectSlidingWindow(times, 3, 1_000);
    expect(times[6]!).toBeGreaterThanOrEqual(2_000 - 25);
    // Starts older than the window are cleaned up as new ones are taken.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await limiters[0]!.acquire(account.id);
    expect(await t.app.deps.prisma.rateLimitSlot.count({ where: { accountId: account.id } })).toBeLessThanOrEqual(4);
  });

  it('does not slow one account for another', async () => {
    const [a, b] = [await bindSimAccount(t.app, t.workspaceId), await bindSimAccount(t.app, t.workspaceId)];
    const limiter = createPostgresRateLimiter(other, { limit: 1, windowMs: 10_000 });
    const started = Date.now();
    await limiter.acquire(a.id);
    await limiter.acquire(b.id);
    expect(Date.now() - started).toBeLessThan(1_000);
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
      createWeChatAccess({ prisma, secretKey: t.app.deps.secretKey, baseUrl: t.app.sim!.url, embedded: false, massSendsPerMinute: 2, massSendWindowMs: 1_000 }),
    );
    const clients = await Promise.all(accesses.map((access) => access.clientFor(account.id)));
    // Both hold a token first, so each send's time is the limiter's plus one quick round trip.
    const [followers] = await Promise.all(clients.map((client) => client.getFollowers()));
    const touser = followers!.data!.openid.slice(0, 2);
    // Times here are when each send returned, not when it started: more slack for its latency.
    const times = await startTimes(
      [0, 1, 2, 3].map((i) => async () => void (await clients[i % 2]!.massSend({ touser, msgtype: 'text', text: { content: `限速 ${i}` }, clientmsgid: `shared-rate-${i}` }))),
    );
    expectSlidingWindow(times, 2, 1_000, 150);
    expect(t.app.sim!.jobs(account.appId).filter((job) => !job.seeded)).toHaveLength(4);
  });
});

describe('mass-send rate limit on the embedded database', () => {
  it('takes its slots on PGlite too (advisory lock, database clock)', async () => {
    const sim = await createSimulator({ port: 0 });
    onTestFinished(() => sim.close());
    const config = await testConfig({ databaseUrl: 'unused', wechatApiBase: sim.url });
    const app = await startApp({ ...config, databaseUrl: undefined }, { host: '127.0.0.1' });
    onTestFinished(() => app.stop());
    const workspace = await app.deps.prisma.workspace.create({ data: { name: 'embedded-rate' } });
    const account = await bindSimAccount(Object.assign(app, { url: app.url!, sim }), workspace.id);
    const limiter = createPostgresRateLimiter(app.deps.prisma, { limit: 1, windowMs: 500 });
    const times = await startTimes([0, 1, 2].map(() => () => limiter.acquire(account.id)));
    expectSlidingWindow(times, 1, 500);
  }, 120_000);
});
