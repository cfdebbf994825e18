import { describe, expect, it } from 'vitest';
import { createTestKey, startTestApp, useTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { collect, gql, wsClient } from '../helpers/graphql.ts';
import { createBroadcastOk, gid, planJobs, rawId, readBroadcast } from '../helpers/broadcasts.ts';
import { AddComparisonGroup, BroadcastStatusChanged, CancelBroadcastSchedule, DeleteBroadcast, ScheduleBroadcast, SendBroadcastNow, UpdateBroadcast } from '../documents/broadcasts.ts';
import { createAccount } from '../factories/account.ts';
import { createMaterial } from '../factories/broadcast-content.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';
import type { TestAppFixture } from '../helpers/app.ts';
import type { Db } from '#src/db/client.ts';
import { reconcileJobRuns } from '#src/jobs/dispatch.ts';
import type { ScheduleBroadcastInput } from '../__generated__/graphql.ts';

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

/** A broadcast to two groups (first + comparison) of a new account, READY. */
async function twoTaskBroadcast(t: TestAppFixture, prisma: Db, accountType: 'SERVICE' | 'SUBSCRIPTION' = 'SERVICE') {
  const account = await createAccount(prisma, t.workspaceId, { type: accountType });
  const material = await createMaterial(prisma, account.id);
  const content = { kind: 'NEWS' as const, news: { materialId: gid('Material', material.id) } };
  const [a, b] = [await createCustomerGroup(prisma, t.workspaceId), await createCustomerGroup(prisma, t.workspaceId)];
  const created = await createBroadcastOk(t, { accountId: gid('Account', account.id), name: 'Plan', firstTask: { audience: 'GROUPS', groupIds: [gid('CustomerGroup', a.id)], content } });
  const added = (await gql(t.app.url, t.key, AddComparisonGroup, {
    input: { broadcastId: created.id, version: 1, task: { name: 'B', audience: 'GROUPS', groupIds: [gid('CustomerGroup', b.id)], content } },
  })).addComparisonGroup;
  if (added.__typename !== 'AddComparisonGroupSuccess') throw new Error(added.__typename);
  return { account, content, groups: [a, b], broadcast: await readBroadcast(t, created.id) };
}

const schedule = async (t: TestAppFixture, input: ScheduleBroadcastInput) =>
  (await gql(t.app.url, t.key, ScheduleBroadcast, { input })).scheduleBroadcast;

describe('the sending plan', () => {
  const t = useTestApp();
  const prisma = () => t.app.deps.prisma;

  it('schedules one job per task; rescheduling replaces exactly those jobs; cancelling removes them', async () => {
    const { broadcast } = await twoTaskBroadcast(t, prisma());
    const at = inHours(5);
    const scheduled = await schedule(t, { broadcastId: broadcast.id, version: broadcast.version, sendAt: at });
    if (scheduled.__typename !== 'ScheduleBroadcastSuccess') throw new Error(JSON.stringify(scheduled));
    expect(scheduled.data.state).toBe('SCHEDULED');
    expect(scheduled.data.tasks.map((task) => [task.sendAt, task.slotState])).toEqual([[at, 'SCHEDULED'], [at, 'SCHEDULED']]);
    let jobs = await planJobs(t.db.url, rawId(broadcast.id));
    expect(jobs.runs).toHaveLength(2);
    expect(jobs.agendaJobs).toHaveLength(2);
    const firstRuns = jobs.runs.map((run) => run.id);

    // Per-task times; the first task moves, the second keeps the unified time given again.
    const later = inHours(30);
    const moved = await schedule(t, { broadcastId: broadcast.id, version: scheduled.data.version, sendAt: at, taskTimes: [{ taskId: broadcast.tasks[0]!.id, sendAt: later }] });
    if (moved.__typename !== 'ScheduleBroadcastSuccess') throw new Error(JSON.stringify(moved));
    expect(moved.data.tasks.map((task) => task.sendAt)).toEqual([later, at]);
    jobs = await planJobs(t.db.url, rawId(broadcast.id));
    expect(jobs.runs).toHaveLength(2);
    expect(jobs.agendaJobs).toHaveLength(2);
    expect(jobs.runs.map((run) => run.id).some((id) => firstRuns.includes(id))).toBe(false);
    expect(jobs.runs.map((run) => new Date(run.run_at).toISOString()).sort()).toEqual([at, later].sort());

    const cancelled = (await gql(t.app.url, t.key, CancelBroadcastSchedule, { input: { broadcastId: broadcast.id, version: moved.data.version } })).cancelBroadcastSchedule;
    if (cancelled.__typename !== 'CancelBroadcastScheduleSuccess') throw new Error(cancelled.__typename);
    expect(cancelled.data).toMatchObject({ state: 'READY', tasks: [{ sendAt: null, slotState: 'UNPLANNED' }, { sendAt: null, slotState: 'UNPLANNED' }] });
    jobs = await planJobs(t.db.url, rawId(broadcast.id));
    expect(jobs.runs).toHaveLength(0);
    expect(jobs.agendaJobs).toHaveLength(0);
  });

  it('refuses a plan without a time, a time in the past, a stale version, and tasks changes while scheduled', async () => {
    const { broadcast } = await twoTaskBroadcast(t, prisma());
    const noTime = await schedule(t, { broadcastId: broadcast.id, version: broadcast.version });
    expect(noTime).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'sendAt'] }] });
    const past = await schedule(t, { broadcastId: broadcast.id, version: broadcast.version, sendAt: inHours(-2) });
    expect(past).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'sendAt'], message: 'is in the past' }] });
    const stale = await schedule(t, { broadcastId: broadcast.id, version: broadcast.version - 1, sendAt: inHours(2) });
    expect(stale.__typename).toBe('StaleVersionError');
    expect((await planJobs(t.db.url, rawId(broadcast.id))).runs).toHaveLength(0);
    const scheduled = await schedule(t, { broadcastId: broadcast.id, version: broadcast.version, sendAt: inHours(2) });
    if (scheduled.__typename !== 'ScheduleBroadcastSuccess') throw new Error(scheduled.__typename);
    const changeTask = (await gql(t.app.url, t.key, UpdateBroadcast, {
      input: { id: broadcast.id, version: scheduled.data.version, tasks: [{ taskId: broadcast.tasks[1]!.id, task: { audience: 'REMAINING_FOLLOWERS' } }] },
    })).updateBroadcast;
    expect(changeTask.__typename).toBe('ConflictError');
  });

  it('checks the whole broadcast again when planning: a material deleted in WeChat since is caught', async () => {
    const { broadcast } = await twoTaskBroadcast(t, prisma());
    const materialId = rawId(broadcast.tasks[0]!.content!.news!.materialId);
    await prisma().material.update({ where: { id: materialId }, data: { removedAt: new Date() } });
    const refused = (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: broadcast.id, version: broadcast.version, sendAt: inHours(2) } })).scheduleBroadcast;
    expect(refused).toMatchObject({ __typename: 'ContentError', message: expect.stringContaining('tasks.0.content.news.materialId') });
    expect((await planJobs(t.db.url, rawId(broadcast.id))).runs).toHaveLength(0);
    expect((await readBroadcast(t, broadcast.id)).state).toBe('READY');
  });

  it('deleting a planned broadcast removes its jobs', async () => {
    const { broadcast } = await twoTaskBroadcast(t, prisma());
    const scheduled = await schedule(t, { broadcastId: broadcast.id, version: broadcast.version, sendAt: inHours(3) });
    if (scheduled.__typename !== 'ScheduleBroadcastSuccess') throw new Error(scheduled.__typename);
    expect((await planJobs(t.db.url, rawId(broadcast.id))).runs).toHaveLength(2);
    const runIds = (await planJobs(t.db.url, rawId(broadcast.id))).runs.map((run) => run.id);
    const deleted = (await gql(t.app.url, t.key, DeleteBroadcast, { input: { id: broadcast.id, version: scheduled.data.version } })).deleteBroadcast;
    expect(deleted.__typename).toBe('DeleteBroadcastSuccess');
    expect(await prisma().jobRun.count({ where: { id: { in: runIds } } })).toBe(0);
    const { allAgendaJobs } = await planJobs(t.db.url, rawId(broadcast.id));
    expect(allAgendaJobs.filter((job) => runIds.includes(job.job_run_id))).toHaveLength(0);
  });

  it('announces every state change in order over graphql-ws, up to the job marking the sends due', async () => {
    const account = await createAccount(prisma(), t.workspaceId);
    const material = await createMaterial(prisma(), account.id);
    const accountId = gid('Account', account.id);
    const client = wsClient(t.app.url, t.key);
    const events = collect(client, BroadcastStatusChanged, { accountId });
    // Another account's broadcasts are not heard (the topic is per account).
    const otherAccount = await createAccount(prisma(), t.workspaceId);
    const otherMaterial = await createMaterial(prisma(), otherAccount.id);
    const content = { kind: 'NEWS' as const, news: { materialId: gid('Material', material.id) } };
    // graphql-ws does not acknowledge a subscription: change a probe broadcast until its event is
    // heard, so the subscription is known to listen before the sequence under test starts.
    const probe = await createBroadcastOk(t, { accountId, name: 'Probe', firstTask: {}, draft: true });
    for (let version = 1; events.results.length === 0; version += 1) {
      await gql(t.app.url, t.key, UpdateBroadcast, { input: { id: probe.id, version, name: `Probe ${version}` } });
      await events.until((results) => results.length > 0, 200).catch(() => {});
    }
    const created = await createBroadcastOk(t, { accountId, name: 'Live', firstTask: { audience: 'ALL_FOLLOWERS', content } });
    await createBroadcastOk(t, { accountId: gid('Account', otherAccount.id), name: 'Elsewhere', firstTask: { audience: 'ALL_FOLLOWERS', content: { kind: 'NEWS', news: { materialId: gid('Material', otherMaterial.id) } } } });
    const far = await schedule(t, { broadcastId: created.id, version: 1, sendAt: inHours(4) });
    if (far.__typename !== 'ScheduleBroadcastSuccess') throw new Error(far.__typename);
    const cancelled = (await gql(t.app.url, t.key, CancelBroadcastSchedule, { input: { broadcastId: created.id, version: far.data.version } })).cancelBroadcastSchedule;
    if (cancelled.__typename !== 'CancelBroadcastScheduleSuccess') throw new Error(cancelled.__typename);
    const now = (await gql(t.app.url, t.key, SendBroadcastNow, { input: { broadcastId: created.id, version: cancelled.data.version } })).sendBroadcastNow;
    if (now.__typename !== 'SendBroadcastNowSuccess') throw new Error(now.__typename);
    await events.until((results) => results.some((r) => r.data?.broadcastStatusChanged.state === 'SENDING'), 30_000);
    events.unsubscribe();
    await client.dispose();
    // Up to the send becoming due; the sending engine's events follow (its record, then DONE).
    const all = events.results.filter((r) => r.data?.broadcastStatusChanged.broadcastId !== probe.id);
    const seen = all.slice(0, all.findIndex((r) => r.data!.broadcastStatusChanged.state === 'SENDING') + 1).map((r) => [r.data!.broadcastStatusChanged.broadcastId, r.data!.broadcastStatusChanged.state, r.data!.broadcastStatusChanged.version]);
    expect(seen).toEqual([
      [created.id, 'READY', 1],
      [created.id, 'SCHEDULED', 2],
      [created.id, 'READY', 3],
      [created.id, 'SCHEDULED', 4],
      [created.id, 'SENDING', 5],
    ]);
    expect((await readBroadcast(t, created.id)).tasks[0]).toMatchObject({ slotState: 'DUE' });
    const sending = (await gql(t.app.url, t.key, DeleteBroadcast, { input: { id: created.id, version: 5 } })).deleteBroadcast;
    expect(sending.__typename).toBe('ConflictError');
  });
});

describe('the sending plan across a restart', () => {
  it('leaves exactly one job per task after a restart, and a reschedule after it still replaces them', async () => {
    const db = await createTestDatabase();
    let app = await startTestApp({ databaseUrl: db.url });
    try {
      const { key, workspaceId } = await createTestKey(app);
      const t = { app, db, key, workspaceId } as TestAppFixture;
      const { broadcast } = await twoTaskBroadcast(t, app.deps.prisma);
      const scheduled = await schedule(t, { broadcastId: broadcast.id, version: broadcast.version, sendAt: inHours(6) });
      if (scheduled.__typename !== 'ScheduleBroadcastSuccess') throw new Error(scheduled.__typename);
      const before = await planJobs(db.url, rawId(broadcast.id));
      expect(before.runs).toHaveLength(2);

      await app.stop();
      app = await startTestApp({ databaseUrl: db.url });
      t.app = app;
      // What a restarted worker does with runs it finds (its reconciler): nothing here, they were handed over.
      expect(await reconcileJobRuns({ prisma: app.deps.prisma, agenda: app.deps.agenda })).toBe(0);
      const after = await planJobs(db.url, rawId(broadcast.id));
      expect(after.runs.map((run) => run.id).sort()).toEqual(before.runs.map((run) => run.id).sort());
      expect(after.agendaJobs).toHaveLength(2);

      const moved = await schedule(t, { broadcastId: broadcast.id, version: scheduled.data.version, sendAt: inHours(8) });
      if (moved.__typename !== 'ScheduleBroadcastSuccess') throw new Error(moved.__typename);
      const replaced = await planJobs(db.url, rawId(broadcast.id));
      expect(replaced.runs).toHaveLength(2);
      expect(replaced.agendaJobs).toHaveLength(2);
      expect(replaced.allAgendaJobs.filter((job) => before.runs.some((run) => run.id === job.job_run_id))).toHaveLength(0);

      // Sent now by the restarted process: each send's one job runs once and makes it due.
      const now = (await gql(app.url!, key, SendBroadcastNow, { input: { broadcastId: broadcast.id, version: moved.data.version } })).sendBroadcastNow;
      if (now.__typename !== 'SendBroadcastNowSuccess') throw new Error(now.__typename);
      const finished = async () => (await planJobs(db.url, rawId(broadcast.id))).runs.filter((run) => run.status === 'SUCCEEDED').length;
      for (let waited = 0; (await finished()) < 2; waited += 100) {
        if (waited > 30_000) throw new Error('the jobs did not run');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const ran = await planJobs(db.url, rawId(broadcast.id));
      expect(ran.runs.map((run) => run.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      const results = await app.deps.prisma.jobRun.findMany({ where: { id: { in: ran.runs.map((run) => run.id) } }, select: { result: true } });
      // Each due task went to the sending engine; its group has no followers, so its record failed.
      const failed = { outcome: 'DUE', record: { recordId: expect.any(String), state: 'FAILED' } };
      expect(results.map((row) => row.result)).toEqual([failed, failed]);
      expect((await readBroadcast(t, broadcast.id))).toMatchObject({ state: 'DONE', tasks: [{ slotState: 'DUE' }, { slotState: 'DUE' }] });
    } finally {
      await app.stop();
      await db.drop();
    }
  });
});
