import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindSimAccount, useTestApp } from '../helpers/app.ts';
import { finished, historyOf, waitForRun } from '../helpers/job-runs.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { ValidationError } from '#src/errors.ts';
import { overridePolicy } from '#src/jobs/registry.ts';
import { startCardSync } from '#src/services/cards.ts';
import { enqueue } from '#src/services/jobs.ts';

/** The shared runner's rules, on the real app: typed parameters, and what a worker that lost its run may do. */
describe('job runner', () => {
  beforeAll(() => overridePolicy('SYNC_CARDS', { lockLifetimeMs: 1_000 }));
  afterAll(() => overridePolicy('SYNC_CARDS', undefined));
  const t = useTestApp({ config: { jobReconcileIntervalMs: 500 } });

  it('checks parameters with the kind\'s schema before writing anything', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId);
    const count = await t.app.deps.prisma.jobRun.count();
    // @ts-expect-error 7 is not a count the SYNC_MATERIALS schema allows (20 or 500)
    const badCount = enqueue(t.app.deps, 'SYNC_MATERIALS', { count: 7 }, { workspaceId: t.workspaceId, accountId: account.id });
    await expect(badCount).rejects.toBeInstanceOf(ValidationError);
    await expect(badCount).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['params', 'count'] })] });
    await expect(enqueue(t.app.deps, 'SYNC_CARDS', {}, { workspaceId: t.workspaceId })).rejects.toMatchObject({
      issues: [{ path: ['accountId'], message: 'a SYNC_CARDS job needs an account' }],
    });
    expect(await t.app.deps.prisma.jobRun.count()).toBe(count);
  });

  it('stops a worker whose run was taken from it: it records nothing but LEASE_LOST, and the run finishes once', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { cards: 3 });
    t.app.sim!.addFault({ path: '/card/batchget', appid: account.appId, latencyMs: 2_500, count: 1 });
    const run = await startCardSync(t.app.deps, scopeToWorkspace(t.app.deps.prisma, t.workspaceId), t.workspaceId, account.id);
    await waitForRun(t.app.deps.prisma, run.id, (r) => r.status === 'RUNNING');
    // Another worker's claim, as if this one had stalled past its lease: a new token, a short lease.
    await t.app.deps.prisma.$executeRaw`
      UPDATE job_runs SET lease_token = gen_random_uuid(), lease_expires_at = clock_timestamp() + interval '1 second' WHERE id = ${run.id}::uuid`;

    const done = await waitForRun(t.app.deps.prisma, run.id, finished);
    expect(done).toMatchObject({ status: 'SUCCEEDED', error: null, attempts: 2 });
    expect(done.result).toMatchObject({ listed: 3, synced: 3, removed: 0 });
    // The first worker's slow call returns, it finds the run gone (LEASE_LOST) and changes nothing.
    await expect.poll(() => historyOf(t.app.deps.prisma, run.id), { timeout: 30_000 }).toContain('LEASE_LOST');
    expect(await t.app.deps.prisma.jobRun.findUniqueOrThrow({ where: { id: run.id } })).toEqual(done);
    const history = await historyOf(t.app.deps.prisma, run.id);
    expect(history[0]).toBe('STARTED');
    expect([...history].sort()).toEqual(['LEASE_LOST', 'STARTED', 'SUCCEEDED', 'TAKEN_OVER']);
    expect(history.indexOf('TAKEN_OVER')).toBeLessThan(history.indexOf('SUCCEEDED'));
  }, 120_000);
  it('commits a run\'s move and its history event together: while the event waits, the run has not moved', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { cards: 3 });
    t.app.sim!.addFault({ path: '/card/batchget', appid: account.appId, latencyMs: 2_500, count: 1 });
    const prisma = t.app.deps.prisma;
    const run = await startCardSync(t.app.deps, scopeToWorkspace(prisma, t.workspaceId), t.workspaceId, account.id);
    await expect.poll(() => historyOf(prisma, run.id), { timeout: 30_000 }).toEqual(['STARTED']);

    // While the handler waits on WeChat, another session keeps history events from being written.
    const other = new pg.Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('LOCK TABLE job_run_events IN SHARE MODE');
      const waitingInserts = () => prisma.$queryRaw<unknown[]>`
        SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO%job_run_events%'`;
      await expect.poll(async () => (await waitingInserts()).length, { timeout: 30_000 }).toBe(1);
      // The finish is written, its SUCCEEDED event is not: nobody may see the run finished yet.
      expect((await prisma.jobRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('RUNNING');
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    expect((await waitForRun(prisma, run.id, finished)).status).toBe('SUCCEEDED');
    expect(await historyOf(prisma, run.id)).toEqual(['STARTED', 'SUCCEEDED']);
  }, 120_000);
});
