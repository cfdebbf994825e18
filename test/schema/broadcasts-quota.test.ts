import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { createBroadcastOk, gid, readBroadcast, TestClock } from '../helpers/broadcasts.ts';
import { CancelBroadcastSchedule, Quota, ScheduleBroadcast } from '../documents/broadcasts.ts';
import { createAccount } from '../factories/account.ts';
import { createMaterial } from '../factories/broadcast-content.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';
import { createFollowers } from '../factories/follower.ts';

const NOW = '2026-12-31T12:00:00.000Z'; // 20:00 on 31 December in Shanghai

describe('quotas', () => {
  const clock = new TestClock(new Date(NOW));
  const t = useTestApp({ role: 'api', clock });
  const prisma = () => t.app.deps.prisma;

  const broadcastOf = async (accountId: string, name: string) => {
    const material = await createMaterial(prisma(), accountId);
    return createBroadcastOk(t, { accountId: gid('Account', accountId), name, firstTask: { audience: 'ALL_FOLLOWERS', content: { kind: 'NEWS', news: { materialId: gid('Material', material.id) } } } });
  };
  const schedule = async (broadcast: { id: string; version: number }, sendAt: string) =>
    (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: broadcast.id, version: broadcast.version, sendAt } })).scheduleBroadcast;

  it('lets a subscription account send once per calendar day of its time zone, across its broadcasts', async () => {
    clock.set(NOW);
    const account = await createAccount(prisma(), t.workspaceId, { type: 'SUBSCRIPTION' });
    const x = await broadcastOf(account.id, 'X');
    const y = await broadcastOf(account.id, 'Y');
    const z = await broadcastOf(account.id, 'Z');
    // X at 23:30 on 1 January (Shanghai) = 15:30 UTC.
    expect((await schedule(x, '2027-01-01T15:30:00.000Z')).__typename).toBe('ScheduleBroadcastSuccess');
    // Y at 00:30 on 2 January in Shanghai: the same UTC day as X, another day in the account's zone.
    expect((await schedule(y, '2027-01-01T16:30:00.000Z')).__typename).toBe('ScheduleBroadcastSuccess');
    // Z at 18:00 on 1 January (Shanghai) = 10:00 UTC: X already sends that day.
    const refused = await schedule(z, '2027-01-01T10:00:00.000Z');
    expect(refused).toMatchObject({ __typename: 'QuotaExceededError', day: '2027-01-01', otherBroadcastId: x.id, message: expect.stringContaining('"X"') });
    expect((await readBroadcast(t, z.id)).state).toBe('READY');

    const quota = (await gql(t.app.url, t.key, Quota, { accountId: gid('Account', account.id), at: '2027-01-01T10:00:00.000Z' })).quota;
    expect(quota).toMatchObject({ accountType: 'SUBSCRIPTION', period: 'DAY', limit: 1, used: 1, left: 0, periodStart: '2026-12-31T16:00:00.000Z', periodEnd: '2027-01-01T16:00:00.000Z' });

    // Once X is cancelled, its day is free again.
    const xNow = await readBroadcast(t, x.id);
    const cancelled = (await gql(t.app.url, t.key, CancelBroadcastSchedule, { input: { broadcastId: x.id, version: xNow.version } })).cancelBroadcastSchedule;
    expect(cancelled.__typename).toBe('CancelBroadcastScheduleSuccess');
    expect((await schedule(z, '2027-01-01T10:00:00.000Z')).__typename).toBe('ScheduleBroadcastSuccess');
  });

  it('refuses two sends of one subscription broadcast on a day, saying A/B tests need different days', async () => {
    clock.set(NOW);
    const account = await createAccount(prisma(), t.workspaceId, { type: 'SUBSCRIPTION' });
    const group = await createCustomerGroup(prisma(), t.workspaceId);
    const [m1, m2, m3] = [await createMaterial(prisma(), account.id), await createMaterial(prisma(), account.id), await createMaterial(prisma(), account.id)];
    const news = (id: string) => ({ materialId: gid('Material', id) });
    const created = await createBroadcastOk(t, {
      accountId: gid('Account', account.id), name: 'AB on a subscription account',
      firstTask: {
        audience: 'GROUPS', groupIds: [gid('CustomerGroup', group.id)], content: { kind: 'NEWS', news: news(m1.id) },
        abTest: {
          groups: [{ percentage: 10, news: news(m2.id), sendAt: '2027-01-01T02:00:00.000Z' }, { percentage: 10, news: news(m3.id), sendAt: '2027-01-01T06:00:00.000Z' }],
          remainderSendAt: '2027-01-02T02:00:00.000Z',
        },
      },
    });
    const refused = (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: created.id, version: created.version } })).scheduleBroadcast;
    expect(refused).toMatchObject({ __typename: 'QuotaExceededError', day: '2027-01-01', otherBroadcastId: null, message: expect.stringContaining('A/B') });
  });

  it('has no daily limit for service accounts; their quota is per follower and calendar month', async () => {
    clock.set(NOW);
    const account = await createAccount(prisma(), t.workspaceId, { type: 'SERVICE' });
    const followers = await createFollowers(prisma(), { workspaceId: t.workspaceId, accountId: account.id, count: 3 });
    const a = await broadcastOf(account.id, 'A');
    const b = await broadcastOf(account.id, 'B');
    expect((await schedule(a, '2027-01-01T02:00:00.000Z')).__typename).toBe('ScheduleBroadcastSuccess');
    expect((await schedule(b, '2027-01-01T03:00:00.000Z')).__typename).toBe('ScheduleBroadcastSuccess');

    // wxcast's sends so far: follower 1 got 4 in January (Shanghai), follower 2 got 2.
    await prisma().followerMonthlySend.createMany({ data: [
      { followerId: followers[0]!.id, accountId: account.id, month: new Date('2027-01-01'), count: 4 },
      { followerId: followers[1]!.id, accountId: account.id, month: new Date('2027-01-01'), count: 2 },
    ] });
    const accountId = gid('Account', account.id);
    // 23:30 on 31 December in Shanghai: still December, nobody is at the limit.
    const december = (await gql(t.app.url, t.key, Quota, { accountId, at: '2026-12-31T15:30:00.000Z' })).quota;
    expect(december).toMatchObject({ period: 'MONTH', limit: 4, used: 0, left: 3, followersAtLimit: 0, plannedSends: 0, periodStart: '2026-11-30T16:00:00.000Z' });
    // 00:30 on 1 January in Shanghai (still 31 December in UTC): January's counts.
    const january = (await gql(t.app.url, t.key, Quota, { accountId, at: '2026-12-31T16:30:00.000Z' })).quota;
    expect(january).toMatchObject({ period: 'MONTH', used: 4, left: 2, followersAtLimit: 1, plannedSends: 2, periodStart: '2026-12-31T16:00:00.000Z', periodEnd: '2027-01-31T16:00:00.000Z' });
    // Each task shows the recipients already at 4 in the month of its send time.
    expect((await readBroadcast(t, a.id)).tasks[0]).toMatchObject({ audienceSize: 3, recipientsAtMonthlyLimit: 1 });
    const c = await broadcastOf(account.id, 'C');
    expect((await readBroadcast(t, c.id)).tasks[0]).toMatchObject({ recipientsAtMonthlyLimit: 0 }); // not planned: now is 31 December
    expect((await schedule(c, '2026-12-31T15:59:00.000Z')).__typename).toBe('ScheduleBroadcastSuccess');
    expect((await readBroadcast(t, c.id)).tasks[0]).toMatchObject({ recipientsAtMonthlyLimit: 0 });
  });
});
