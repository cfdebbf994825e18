import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../helpers/database.ts';
import { bindSimAccount, createTestKey, startTestApp, testConfig, type TestApp } from '../helpers/app.ts';
import { finished, historyOf, waitForRun } from '../helpers/job-runs.ts';
import { startApp, type App } from '#src/app.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { overridePolicy } from '#src/jobs/registry.ts';
import { startFollowerSync } from '#src/services/follower-sync.ts';

/**
 * Two live workers on one database, a follower sync whose WeChat calls each take longer than its
 * lock lifetime: the run stays with the worker that started it (its heartbeat renews the lease),
 * and a second delivery of the same job to the other worker does nothing.
 */
/** Polls `check` every 100 ms until it holds; fails after `timeoutMs`. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('job ownership by lease', () => {
  const LOCK_LIFETIME_MS = 1_000;
  let db: TestDatabase;
  let first: TestApp;
  let second: App;
  let workspaceId: string;

  beforeAll(async () => {
    overridePolicy('SYNC_FOLLOWERS', { lockLifetimeMs: LOCK_LIFETIME_MS });
    db = await createTestDatabase();
    const secretKey = randomBytes(32);
    first = await startTestApp({ databaseUrl: db.url, secretKey });
    second = await startApp(await testConfig({ databaseUrl: db.url, secretKey, role: 'worker', wechatApiBase: first.sim!.url }));
    ({ workspaceId } = await createTestKey(first));
  });
  /** Agenda jobs of the run that a worker has finished processing. */
  const finishedDeliveries = async (jobRunId: string) =>
    (
      await queryDatabase<{ count: number }>(db.url, `SELECT count(*)::int AS count FROM agenda.agenda_jobs WHERE data->>'jobRunId' = $1 AND last_finished_at IS NOT NULL`, [jobRunId])
    )[0]!.count;
  afterAll(async () => {
    overridePolicy('SYNC_FOLLOWERS', undefined);
    await second?.stop();
    await first?.stop();
    await db?.drop();
  });

  it('runs a job slower than its lock lifetime on one worker only, and ignores a second delivery', async () => {
    const account = await bindSimAccount(first, workspaceId, { followers: 250, userGetEnd: 'count-zero' });
    const sim = first.sim!;
    // Every call outlasts the lock lifetime several times over: without lease renewal, the other
    // worker would take the run over mid-call.
    sim.addFault({ path: '/cgi-bin/user/get', appid: account.appId, latencyMs: 3 * LOCK_LIFETIME_MS });
    sim.addFault({ path: '/cgi-bin/user/info/batchget', appid: account.appId, latencyMs: 3 * LOCK_LIFETIME_MS });
    const run = await startFollowerSync(first.deps, scopeToWorkspace(first.deps.prisma, workspaceId), workspaceId, account.id);

    await waitForRun(first.deps.prisma, run.id, (r) => r.status === 'RUNNING');
    // A second delivery of the same run (as Agenda makes when it thinks a lock is stale).
    await second.deps.agenda.now('sync-followers', { jobRunId: run.id });

    const done = await waitForRun(first.deps.prisma, run.id, finished);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 1, error: null, leaseToken: null });
    expect(done.result).toMatchObject({ total: 250, seen: 250, pages: 1 });
    expect(await historyOf(first.deps.prisma, run.id)).toEqual(['STARTED', 'SUCCEEDED']);
    // The simulator's log of calls: the listing (one page, then WeChat's count-0 end page) and
    // three batchget calls of 100, 100 and 50 — each once.
    const calls = sim.stats().accounts[account.appId]!.calls;
    expect(calls['/cgi-bin/user/get']).toBe(2);
    expect(calls['/cgi-bin/user/info/batchget']).toBe(3);
    // Both deliveries reached a worker and finished there: the second one did nothing.
    await waitUntil(async () => (await finishedDeliveries(run.id)) === 2);

    // A finished run never changes again: a late delivery (a stale worker, a reconciler pass) does nothing.
    await second.deps.agenda.now('sync-followers', { jobRunId: run.id });
    await waitUntil(async () => (await finishedDeliveries(run.id)) === 3);
    expect(await first.deps.prisma.jobRun.findUniqueOrThrow({ where: { id: run.id } })).toEqual(done);
    expect(await historyOf(first.deps.prisma, run.id)).toEqual(['STARTED', 'SUCCEEDED']);
    expect(sim.stats().accounts[account.appId]!.calls['/cgi-bin/user/get']).toBe(2);
  }, 120_000);
});
