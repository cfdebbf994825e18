import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { createBroadcastOk, gid, readBroadcast } from '../helpers/broadcasts.ts';
import { AddComparisonGroup, RemoveBroadcastTask } from '../documents/broadcasts.ts';
import { createAccount } from '../factories/account.ts';
import { createMaterial } from '../factories/broadcast-content.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';
import { createFollowers } from '../factories/follower.ts';

describe('comparison groups and audience sizes', () => {
  const t = useTestApp();
  const prisma = () => t.app.deps.prisma;

  /** 10 followers: 1–8 follow now, 9–10 unfollowed. A = 1..5 and 9; B = 4..8 and 10. */
  const setup = async () => {
    const account = await createAccount(prisma(), t.workspaceId);
    const followers = await createFollowers(prisma(), { workspaceId: t.workspaceId, accountId: account.id, count: 10, unsubscribed: 2 });
    const customers = (positions: number[]) => positions.map((p) => followers[p - 1]!.customerId);
    const groupA = await createCustomerGroup(prisma(), t.workspaceId, customers([1, 2, 3, 4, 5, 9]));
    const groupB = await createCustomerGroup(prisma(), t.workspaceId, customers([4, 5, 6, 7, 8, 10]));
    const material = await createMaterial(prisma(), account.id);
    const content = { kind: 'NEWS' as const, news: { materialId: gid('Material', material.id) } };
    return { account, followers, groupA, groupB, content, accountId: gid('Account', account.id) };
  };

  it('counts current followers, removes the first group from comparison groups, and allows "all remaining followers"', async () => {
    const { accountId, groupA, groupB, content } = await setup();
    const created = await createBroadcastOk(t, { accountId, name: 'A/B/rest', firstTask: { audience: 'GROUPS', groupIds: [gid('CustomerGroup', groupA.id)], content } });
    expect(created.tasks[0]!.audienceSize).toBe(5); // 1..5; 9 unfollowed

    const b = (await gql(t.app.url, t.key, AddComparisonGroup, {
      input: { broadcastId: created.id, version: created.version, task: { name: 'B', audience: 'GROUPS', groupIds: [gid('CustomerGroup', groupB.id)], content } },
    })).addComparisonGroup;
    if (b.__typename !== 'AddComparisonGroupSuccess') throw new Error(b.__typename);
    expect(b.data).toMatchObject({ position: 1, audience: 'GROUPS', audienceSize: 3 }); // 6, 7, 8: 4 and 5 are in A, 10 unfollowed

    const rest = (await gql(t.app.url, t.key, AddComparisonGroup, {
      input: { broadcastId: created.id, version: created.version + 1, task: { name: 'Rest', audience: 'REMAINING_FOLLOWERS', content } },
    })).addComparisonGroup;
    if (rest.__typename !== 'AddComparisonGroupSuccess') throw new Error(rest.__typename);
    expect(rest.data.audienceSize).toBe(3); // 6, 7, 8

    const stale = (await gql(t.app.url, t.key, AddComparisonGroup, {
      input: { broadcastId: created.id, version: created.version, task: { audience: 'REMAINING_FOLLOWERS', content } },
    })).addComparisonGroup;
    expect(stale.__typename).toBe('StaleVersionError');

    const first = (await gql(t.app.url, t.key, RemoveBroadcastTask, { input: { taskId: created.tasks[0]!.id, version: created.version + 2 } })).removeBroadcastTask;
    expect(first).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'taskId'] }] });
    const removed = (await gql(t.app.url, t.key, RemoveBroadcastTask, { input: { taskId: b.data.id, version: created.version + 2 } })).removeBroadcastTask;
    if (removed.__typename !== 'RemoveBroadcastTaskSuccess') throw new Error(removed.__typename);
    expect(removed.data.tasks.map((task) => task.id)).toEqual([created.tasks[0]!.id, rest.data.id]);
  });

  it('allows comparison groups only after a first group of customer groups, and only to groups or the rest', async () => {
    const { accountId, groupA, content } = await setup();
    const toAll = await createBroadcastOk(t, { accountId, name: 'All', firstTask: { audience: 'ALL_FOLLOWERS', content } });
    const refused = (await gql(t.app.url, t.key, AddComparisonGroup, {
      input: { broadcastId: toAll.id, version: toAll.version, task: { audience: 'GROUPS', groupIds: [gid('CustomerGroup', groupA.id)], content } },
    })).addComparisonGroup;
    expect(refused).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'broadcastId'] }] });

    const toGroups = await createBroadcastOk(t, { accountId, name: 'Groups', firstTask: { audience: 'GROUPS', groupIds: [gid('CustomerGroup', groupA.id)], content } });
    const allAgain = (await gql(t.app.url, t.key, AddComparisonGroup, {
      input: { broadcastId: toGroups.id, version: toGroups.version, task: { audience: 'ALL_FOLLOWERS', content } },
    })).addComparisonGroup;
    expect(allAgain).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'task', 'audience'] }] });
    const noContent = (await gql(t.app.url, t.key, AddComparisonGroup, {
      input: { broadcastId: toGroups.id, version: toGroups.version, task: { audience: 'REMAINING_FOLLOWERS' } },
    })).addComparisonGroup;
    expect(noContent).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'task', 'content'] }] });
    expect((await readBroadcast(t, toGroups.id)).tasks).toHaveLength(1);
  });

  it('shows how many recipients wxcast already sent 4 messages this month (at the task\'s send time)', async () => {
    const { account, accountId, followers, groupA, content } = await setup();
    const created = await createBroadcastOk(t, { accountId, name: 'Monthly', firstTask: { audience: 'GROUPS', groupIds: [gid('CustomerGroup', groupA.id)], content } });
    // Follower 1 got 4 this month (Shanghai), follower 2 got 3, follower 3 got 4 last month.
    await prisma().$executeRaw`
      INSERT INTO follower_monthly_sends (follower_id, account_id, month, count) VALUES
        (${followers[0]!.id}::uuid, ${account.id}::uuid, date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date, 4),
        (${followers[1]!.id}::uuid, ${account.id}::uuid, date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date, 3),
        (${followers[2]!.id}::uuid, ${account.id}::uuid, (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - interval '1 month')::date, 4)`;
    const task = (await readBroadcast(t, created.id)).tasks[0]!;
    expect(task).toMatchObject({ audienceSize: 5, recipientsAtMonthlyLimit: 1, reachableSize: 4 });
  });
});
