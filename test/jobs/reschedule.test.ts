import { afterEach, describe, expect, it } from 'vitest';
import { bindSimAccount, useTestApp } from '../helpers/app.ts';
import { historyOf, waitForRun } from '../helpers/job-runs.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { startCardSync } from '#src/services/cards.ts';

/**
 * WeChat's "try later" answers put the run back in the queue for the time WeChat names; the
 * worker does not sleep in the job (and the wait is not a failed attempt).
 */
describe('rescheduling on WeChat\'s "try later"', () => {
  const t = useTestApp();
  afterEach(() => t.app.sim!.clearFaults());

  it('reschedules a sync answered 45011 (API frequency) a minute later instead of failing or sleeping', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { cards: 3 });
    t.app.sim!.addFault({ path: '/card/batchget', appid: account.appId, errcode: 45011, errmsg: 'api minute-quota reach limit', count: 1 });
    const started = Date.now();
    const run = await startCardSync(t.app.deps, scopeToWorkspace(t.app.deps.prisma, t.workspaceId), t.workspaceId, account.id);
    // Put back in the queue (QUEUED, error noted), then handed to the job store for that time: a
    // later run continues it. The two are separate writes, so wait for the second.
    const waiting = await waitForRun(t.app.deps.prisma, run.id, (r) => r.status === 'QUEUED' && r.attempts === 0 && r.error !== null && r.dispatchedAt !== null);
    expect(waiting.runAt.getTime()).toBeGreaterThanOrEqual(started + 55_000);
    expect(waiting.error).toMatch(/45011/);
    expect(waiting.leaseToken).toBeNull();
    expect(await historyOf(t.app.deps.prisma, run.id)).toEqual(['STARTED', 'RESCHEDULED']);
    expect(waiting.dispatchedAt).not.toBeNull();
  });
});
