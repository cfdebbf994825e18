import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { createBroadcastError, createBroadcastOk, gid, planJobs, rawId, TestClock } from '../helpers/broadcasts.ts';
import { ScheduleBroadcast, UpdateBroadcast } from '../documents/broadcasts.ts';
import { createAccount } from '../factories/account.ts';
import { createMaterial } from '../factories/broadcast-content.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';
import type { AbTestInput } from '../__generated__/graphql.ts';

// 23:30 on 31 December in Shanghai (UTC+8) is 15:30 UTC: the tests' times cross a day, a month
// and a year boundary there while UTC is still on the 31st.
const NOW = '2026-12-31T15:30:00.000Z';

describe('A/B tests', () => {
  const clock = new TestClock(new Date(NOW));
  // The api role only: no worker fires the (past, by the wall clock) jobs these plans make.
  const t = useTestApp({ role: 'api', clock });
  const prisma = () => t.app.deps.prisma;

  const setup = async () => {
    clock.set(NOW);
    const account = await createAccount(prisma(), t.workspaceId);
    const [m1, m2, m3] = [await createMaterial(prisma(), account.id), await createMaterial(prisma(), account.id), await createMaterial(prisma(), account.id)];
    const group = await createCustomerGroup(prisma(), t.workspaceId);
    const news = (id: string) => ({ materialId: gid('Material', id) });
    const firstTask = { audience: 'GROUPS' as const, groupIds: [gid('CustomerGroup', group.id)], content: { kind: 'NEWS' as const, news: news(m1.id) } };
    // Tests at 00:30 and 01:00 on 1 January (Shanghai); the remainder may go from 10:00 on 2 January.
    const abTest: AbTestInput = {
      groups: [
        { percentage: 10, news: news(m2.id), sendAt: '2026-12-31T16:30:00.000Z' },
        { percentage: 10, news: news(m3.id), sendAt: '2026-12-31T17:00:00.000Z' },
      ],
      remainderSendAt: '2027-01-02T02:00:00.000Z',
    };
    return { accountId: gid('Account', account.id), firstTask, abTest, text: { kind: 'TEXT' as const, text: 'hi' } };
  };
  const abPath = ['input', 'firstTask', 'abTest'];

  it('is only for group audiences with news content', async () => {
    const { accountId, firstTask, abTest, text } = await setup();
    expect(await createBroadcastError(t, { accountId, name: 'AB', firstTask: { ...firstTask, audience: 'ALL_FOLLOWERS', groupIds: null, abTest } }))
      .toMatchObject({ __typename: 'AbTestAudienceError', path: abPath });
    expect(await createBroadcastError(t, { accountId, name: 'AB', firstTask: { ...firstTask, content: text, abTest } }))
      .toMatchObject({ __typename: 'AbTestContentError', path: abPath });
  });

  it('needs percentages that sum to less than 100', async () => {
    const { accountId, firstTask, abTest } = await setup();
    const groups = abTest.groups.map((group) => ({ ...group, percentage: 50 }));
    expect(await createBroadcastError(t, { accountId, name: 'AB', firstTask: { ...firstTask, abTest: { ...abTest, groups } } }))
      .toMatchObject({ __typename: 'AbTestPercentageError', path: [...abPath, 'groups'] });
    const ok = await createBroadcastOk(t, { accountId, name: 'AB', firstTask: { ...firstTask, abTest: { ...abTest, groups: groups.map((g, i) => ({ ...g, percentage: i ? 49 : 50 })) } } });
    expect(ok.state).toBe('READY');
  });

  it('needs each test time at least one hour after it is set', async () => {
    const { accountId, firstTask, abTest } = await setup();
    const tooSoon = { ...abTest, groups: [{ ...abTest.groups[0]!, sendAt: '2026-12-31T16:29:59.000Z' }, abTest.groups[1]!] };
    expect(await createBroadcastError(t, { accountId, name: 'AB', firstTask: { ...firstTask, abTest: tooSoon } }))
      .toMatchObject({ __typename: 'AbTestLeadTimeError', path: [...abPath, 'groups', '0', 'sendAt'] });
    const created = await createBroadcastOk(t, { accountId, name: 'AB', firstTask: { ...firstTask, abTest } });
    // 40 minutes later the stored (unchanged) times still stand; a newly set one is held to the hour again.
    clock.set('2026-12-31T16:10:00.000Z');
    const rename = (await gql(t.app.url, t.key, UpdateBroadcast, { input: { id: created.id, version: 1, name: 'Renamed' } })).updateBroadcast;
    expect(rename.__typename).toBe('UpdateBroadcastSuccess');
    const moved = { ...abTest, groups: [abTest.groups[0]!, { ...abTest.groups[1]!, sendAt: '2026-12-31T17:05:00.000Z' }] };
    const change = (await gql(t.app.url, t.key, UpdateBroadcast, { input: { id: created.id, version: 2, tasks: [{ taskId: created.tasks[0]!.id, task: { ...firstTask, abTest: moved } }] } })).updateBroadcast;
    expect(change).toMatchObject({ __typename: 'AbTestLeadTimeError', path: ['input', 'tasks', '0', 'task', 'abTest', 'groups', '1', 'sendAt'] });
  });

  it('sends the remainder at or after 10:00 on the day after the latest test, in the account\'s time zone', async () => {
    const { accountId, firstTask, abTest } = await setup();
    // 09:59 on 2 January in Shanghai: one minute early (in UTC it would already be the 2nd, 01:59).
    const early = await createBroadcastError(t, { accountId, name: 'AB', firstTask: { ...firstTask, abTest: { ...abTest, remainderSendAt: '2027-01-02T01:59:00.000Z' } } });
    expect(early).toMatchObject({ __typename: 'AbTestRemainderTimeError', path: [...abPath, 'remainderSendAt'], message: expect.stringContaining('2027-01-02 10:00') });
    await createBroadcastOk(t, { accountId, name: 'AB', firstTask: { ...firstTask, abTest } });
  });

  it('keeps the A/B test\'s own times when scheduled, and refuses to change them afterwards', async () => {
    const { accountId, firstTask, abTest } = await setup();
    const created = await createBroadcastOk(t, { accountId, name: 'AB', firstTask: { ...firstTask, abTest } });
    const taskId = created.tasks[0]!.id;
    const withTime = (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: created.id, version: 1, taskTimes: [{ taskId, sendAt: '2027-01-03T02:00:00.000Z' }] } })).scheduleBroadcast;
    expect(withTime).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'taskTimes', '0', 'taskId'] }] });

    const scheduled = (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: created.id, version: 1 } })).scheduleBroadcast;
    if (scheduled.__typename !== 'ScheduleBroadcastSuccess') throw new Error(JSON.stringify(scheduled));
    expect(scheduled.data.tasks[0]).toMatchObject({
      sendAt: abTest.remainderSendAt, slotState: 'SCHEDULED',
      abTest: [{ sendAt: abTest.groups[0]!.sendAt, slotState: 'SCHEDULED' }, { sendAt: abTest.groups[1]!.sendAt, slotState: 'SCHEDULED' }],
    });
    const jobs = await planJobs(t.db.url, rawId(created.id));
    expect(jobs.runs.map((run) => new Date(run.run_at).toISOString())).toEqual([abTest.groups[0]!.sendAt, abTest.groups[1]!.sendAt, abTest.remainderSendAt]);

    const locked = (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: created.id, version: scheduled.data.version, taskTimes: [{ taskId, sendAt: '2027-01-03T02:00:00.000Z' }] } })).scheduleBroadcast;
    expect(locked).toMatchObject({ __typename: 'AbTestTimeLockedError', path: ['input', 'taskTimes', '0', 'sendAt'] });
    const moved = { ...abTest, remainderSendAt: '2027-01-03T02:00:00.000Z' };
    const update = (await gql(t.app.url, t.key, UpdateBroadcast, { input: { id: created.id, version: scheduled.data.version, tasks: [{ taskId, task: { ...firstTask, abTest: moved } }] } })).updateBroadcast;
    expect(update).toMatchObject({ __typename: 'AbTestTimeLockedError' });
    // Re-planning a scheduled A/B broadcast keeps the A/B jobs as they are.
    const again = (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: created.id, version: scheduled.data.version } })).scheduleBroadcast;
    expect(again.__typename).toBe('ScheduleBroadcastSuccess');
    expect((await planJobs(t.db.url, rawId(created.id))).runs.map((run) => run.id)).toEqual(jobs.runs.map((run) => run.id));
  });
});
