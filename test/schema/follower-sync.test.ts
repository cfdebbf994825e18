import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { bindSimAccount, createTestKey, useTestApp } from '../helpers/app.ts';
import { collect, gql, wsClient } from '../helpers/graphql.ts';
import { JobProgress } from '../documents/jobs.ts';
import type { SeedAccount } from '#src/wechat-simulator/seed.ts';

const SyncFollowers = graphql(`
  mutation SyncFollowers($accountId: ID!) {
    syncFollowers(accountId: $accountId) {
      __typename
      ... on SyncFollowersSuccess { data { id kind status account { id } } }
      ... on Error { message }
      ... on NotFoundError { entity }
    }
  }
`);

interface StoredFollower {
  openid: string;
  unionid: string | null;
  subscribed: boolean;
  unsubscribed_at: Date | null;
  subscribe_time: Date | null;
  language: string | null;
  tag_ids: number[];
  customer_id: string;
}

describe('syncFollowers', () => {
  const t = useTestApp();

  const sim = () => t.app.sim!;
  const openidAt = (appId: string, index: number) => sim().state.accounts.get(appId)!.followers.openidAt(index);
  const bind = async (spec: Partial<SeedAccount> = {}, ws = t.workspaceId) => {
    const account = await bindSimAccount(t.app, ws, spec);
    return { ...account, gid: encodeGlobalID('Account', account.id) };
  };
  const userGetCalls = (appId: string) => sim().stats().accounts[appId]?.calls['/cgi-bin/user/get'] ?? 0;

  /** Starts a sync and returns its job id; fails on any typed error. */
  const startSync = async (accountGid: string, apiKey = t.key) => {
    const result = (await gql(t.app.url, apiKey, SyncFollowers, { accountId: accountGid })).syncFollowers;
    if (result.__typename !== 'SyncFollowersSuccess') throw new Error(`${result.__typename}: ${JSON.stringify(result)}`);
    expect(result.data).toMatchObject({ kind: 'SYNC_FOLLOWERS', account: { id: accountGid } });
    return result.data.id;
  };

  /** Follows a job over graphql-ws until it finishes; returns every event and the final job. */
  const follow = async (jobId: string) => {
    const client = wsClient(t.app.url, t.key);
    try {
      const progress = collect(client, JobProgress, { jobId });
      await progress.done;
      const events = progress.results.map((r) => {
        if (!r.data) throw new Error(JSON.stringify(r.errors));
        return r.data.jobProgress;
      });
      return { events, final: events.at(-1)! };
    } finally {
      await client.dispose();
    }
  };

  const sync = async (accountGid: string) => follow(await startSync(accountGid));

  const followersOf = (accountId: string) =>
    t.app.deps.prisma.$queryRaw<StoredFollower[]>`
      SELECT openid, unionid, subscribed, unsubscribed_at, subscribe_time, language, tag_ids, customer_id
      FROM followers WHERE account_id = ${accountId}::uuid ORDER BY openid`;
  const followerOf = async (accountId: string, openid: string) =>
    (await t.app.deps.prisma.$queryRaw<StoredFollower[]>`
      SELECT openid, unionid, subscribed, unsubscribed_at, subscribe_time, language, tag_ids, customer_id
      FROM followers WHERE account_id = ${accountId}::uuid AND openid = ${openid}`)[0];

  it('syncs followers with their WeChat fields and streams progress over graphql-ws', async () => {
    const account = await bind({ followers: 2_500, unsubscribed: 40, openPlatform: `op-${randomBytes(3).toString('hex')}` });
    const { events, final } = await sync(account.gid);

    // The first event is the job's state when the subscription started (QUEUED or RUNNING).
    expect(['QUEUED', 'RUNNING']).toContain(events[0]!.status);
    expect(events.map((e) => e.status)).toContain('RUNNING');
    expect(final.status).toBe('SUCCEEDED');
    expect(events.some((e) => e.status === 'RUNNING' && e.done === 2_500 && e.total === 2_500)).toBe(true);
    expect(final.job.result).toMatchObject({ total: 2_500, seen: 2_500, pages: 1, markedUnsubscribed: 0, unsubscribedOnRead: 0, newCustomers: 2_500 });

    const rows = await followersOf(account.id);
    expect(rows).toHaveLength(2_500);
    expect(rows.every((r) => r.subscribed && r.unionid && r.subscribe_time)).toBe(true);
    // Each stored follower says what WeChat says about it.
    const store = sim().state.accounts.get(account.appId)!.followers;
    for (const index of [0, 3, 10, 2_499]) {
      const info = store.info(store.openidAt(index))!;
      const row = rows.find((r) => r.openid === info.openid)!;
      expect(row).toMatchObject({ unionid: info.unionid, language: info.language, tag_ids: info.tagid_list });
      expect(row.subscribe_time!.getTime()).toBe(info.subscribe_time! * 1000);
    }
    expect(rows.find((r) => r.openid === store.openidAt(10))!.tag_ids).toContain(100);
    const customers = await t.app.deps.prisma.customer.count({ where: { followers: { some: { accountId: account.id } } } });
    expect(customers).toBe(2_500);
  });

  it('pages through 25,000 followers when the listing ends with a count-0 page', async () => {
    const account = await bind({ followers: 25_000, userGetEnd: 'count-zero' });
    const { events, final } = await sync(account.gid);
    expect(final.status).toBe('SUCCEEDED');
    const running = events.filter((e) => e.status === 'RUNNING' && e.done > 0).map((e) => [e.done, e.total]);
    expect(running).toEqual([[10_000, 25_000], [20_000, 25_000], [25_000, 25_000]]);
    expect(final.job.result).toMatchObject({ total: 25_000, seen: 25_000, pages: 3 });
    // Three pages, then the empty page that ends the list.
    expect(userGetCalls(account.appId)).toBe(4);
    const stored = await t.app.deps.prisma.follower.count({ where: { accountId: account.id, subscribed: true } });
    expect(stored).toBe(25_000);
    // Without an open platform there is no unionid: one customer of its own per follower.
    const customers = await t.app.deps.prisma.customer.count({ where: { followers: { some: { accountId: account.id } } } });
    expect(customers).toBe(25_000);
    expect(await t.app.deps.prisma.customer.count({ where: { followers: { some: { accountId: account.id } }, unionid: { not: null } } })).toBe(0);
  });

  it('stops at an empty next_openid, also after a full last page', async () => {
    const account = await bind({ followers: 20_000, userGetEnd: 'empty-next' });
    const { final } = await sync(account.gid);
    expect(final.status).toBe('SUCCEEDED');
    expect(final.job.result).toMatchObject({ total: 20_000, seen: 20_000, pages: 2 });
    expect(userGetCalls(account.appId)).toBe(2);
    expect(await t.app.deps.prisma.follower.count({ where: { accountId: account.id } })).toBe(20_000);

    const partial = await bind({ followers: 10_050, userGetEnd: 'empty-next' });
    const second = await sync(partial.gid);
    expect(second.final.job.result).toMatchObject({ seen: 10_050, pages: 2 });
    expect(userGetCalls(partial.appId)).toBe(2);
  });

  it('merges followers of accounts on one open platform into one customer by unionid', async () => {
    const platform = `op-${randomBytes(3).toString('hex')}`;
    const { workspaceId: ws, key: wsKey } = await createTestKey(t.app);
    // Persons 0..299 follow A; persons 100..299 follow B; C is on no open platform.
    const a = await bindSimAccount(t.app, ws, { followers: 300, openPlatform: platform });
    const b = await bindSimAccount(t.app, ws, { followers: 200, openPlatform: platform, personOffset: 100 });
    const c = await bindSimAccount(t.app, ws, { followers: 50 });
    for (const account of [a, b, c]) {
      const jobId = await startSync(encodeGlobalID('Account', account.id), wsKey);
      const client = wsClient(t.app.url, wsKey);
      const progress = collect(client, JobProgress, { jobId });
      await progress.done;
      await client.dispose();
      expect(progress.results.at(-1)!.data!.jobProgress.status).toBe('SUCCEEDED');
    }
    const customers = await t.app.deps.prisma.customer.findMany({ where: { workspaceId: ws }, include: { followers: true } });
    expect(customers).toHaveLength(300 + 50);
    const shared = customers.filter((customer) => customer.followers.length === 2);
    expect(shared).toHaveLength(200);
    for (const customer of shared) {
      expect(new Set(customer.followers.map((f) => f.accountId))).toEqual(new Set([a.id, b.id]));
      expect(customer.followers.every((f) => f.unionid === customer.unionid)).toBe(true);
    }
    // Person 150: A's follower 150 and B's follower 50 are one customer.
    const fa = await followerOf(a.id, openidAt(a.appId, 150));
    const fb = await followerOf(b.id, openidAt(b.appId, 50));
    expect(fa!.customer_id).toBe(fb!.customer_id);
    expect(customers.filter((customer) => customer.unionid === null)).toHaveLength(50);

    // A re-sync creates nobody new and keeps every customer.
    const again = await startSync(encodeGlobalID('Account', b.id), wsKey);
    const client = wsClient(t.app.url, wsKey);
    const progress = collect(client, JobProgress, { jobId: again });
    await progress.done;
    await client.dispose();
    expect(progress.results.at(-1)!.data!.jobProgress.job.result).toMatchObject({ seen: 200, newCustomers: 0 });
    expect(await t.app.deps.prisma.customer.count({ where: { workspaceId: ws } })).toBe(350);
  });

  it('moves followers to their unionid\'s customer when their account joins an open platform, with group memberships', async () => {
    const platform = `op-${randomBytes(3).toString('hex')}`;
    const { workspaceId: ws, key: wsKey } = await createTestKey(t.app);
    const run = async (accountId: string) => {
      const jobId = await startSync(encodeGlobalID('Account', accountId), wsKey);
      const client = wsClient(t.app.url, wsKey);
      const progress = collect(client, JobProgress, { jobId });
      await progress.done;
      await client.dispose();
      return progress.results.at(-1)!.data!.jobProgress;
    };
    const a = await bindSimAccount(t.app, ws, { followers: 20 });
    const b = await bindSimAccount(t.app, ws, { followers: 10, openPlatform: platform });
    expect((await run(a.id)).status).toBe('SUCCEEDED');
    expect((await run(b.id)).status).toBe('SUCCEEDED');
    const first = (await followerOf(a.id, openidAt(a.appId, 0)))!;
    const eleventh = (await followerOf(a.id, openidAt(a.appId, 11)))!;
    const group = await t.app.deps.prisma.customerGroup.create({ data: { workspaceId: ws, name: 'vip' } });
    await t.app.deps.prisma.customerGroupMember.createMany({ data: [first, eleventh].map((f) => ({ groupId: group.id, customerId: f.customer_id })) });

    // A is bound to the open platform later: its persons 0..19 now report unionids.
    (sim().state.accounts.get(a.appId)!.followers.options as { openPlatform?: string }).openPlatform = platform;
    expect((await run(a.id)).job.result).toMatchObject({ seen: 20, newCustomers: 10 });

    const customers = await t.app.deps.prisma.customer.findMany({ where: { workspaceId: ws }, include: { followers: true, memberships: true } });
    expect(customers).toHaveLength(20);
    expect(customers.every((c) => c.unionid !== null)).toBe(true);
    const movedFirst = (await followerOf(a.id, openidAt(a.appId, 0)))!;
    expect(movedFirst.customer_id).toBe((await followerOf(b.id, openidAt(b.appId, 0)))!.customer_id);
    const members = await t.app.deps.prisma.customerGroupMember.findMany({ where: { groupId: group.id } });
    expect(members.map((m) => m.customerId).sort()).toEqual([movedFirst.customer_id, (await followerOf(a.id, openidAt(a.appId, 11)))!.customer_id].sort());
  });

  it('marks unfollowers as unsubscribed on re-sync, keeps their rows, and takes back re-follows', async () => {
    const account = await bind({ followers: 1_000, openPlatform: `op-${randomBytes(3).toString('hex')}` });
    expect((await sync(account.gid)).final.status).toBe('SUCCEEDED');
    const gone = [3, 500, 999].map((i) => openidAt(account.appId, i));
    for (const openid of gone) expect(sim().followers(account.appId, 'unfollow', openid).changed).toBe(true);
    const fresh = sim().followers(account.appId, 'follow').openid;

    const second = await sync(account.gid);
    expect(second.final.job.result).toMatchObject({ total: 998, seen: 998, markedUnsubscribed: 3, newCustomers: 1 });
    const rows = await followersOf(account.id);
    expect(rows).toHaveLength(1_001);
    const unsubscribed = rows.filter((r) => !r.subscribed);
    expect(unsubscribed.map((r) => r.openid).sort()).toEqual([...gone].sort());
    expect(unsubscribed.every((r) => r.unsubscribed_at !== null)).toBe(true);
    expect((await followerOf(account.id, fresh))!.subscribed).toBe(true);

    // Person 500 follows again: subscribed once more, unsubscribedAt cleared.
    sim().followers(account.appId, 'follow', gone[1]);
    const third = await sync(account.gid);
    expect(third.final.job.result).toMatchObject({ seen: 999, markedUnsubscribed: 0 });
    expect(await followerOf(account.id, gone[1]!)).toMatchObject({ subscribed: true, unsubscribed_at: null });
    expect(await followerOf(account.id, gone[0]!)).toMatchObject({ subscribed: false });
  });

  it('stores a listed follower whom batchget already reports unsubscribed as unsubscribed', async () => {
    const account = await bind({ followers: 300 });
    // Hold batchget: once a call is held, user/get has listed the person, who now unfollows
    // before batchget reads them.
    const hold = sim().addFault({ path: '/cgi-bin/user/info/batchget', appid: account.appId, hold: true });
    const jobId = await startSync(account.gid);
    const target = openidAt(account.appId, 5);
    await sim().whenHeld(hold.id);
    expect(userGetCalls(account.appId)).toBeGreaterThan(0);
    sim().followers(account.appId, 'unfollow', target);
    sim().releaseFault(hold.id);
    const { final } = await follow(jobId);
    expect(final.job.result).toMatchObject({ seen: 300, unsubscribedOnRead: 1 });
    expect(await followerOf(account.id, target)).toMatchObject({ subscribed: false });
    expect((await followerOf(account.id, target))!.unsubscribed_at).not.toBeNull();
  });

  it('leaves stored data intact and marks nobody unfollowed when WeChat fails midway', async () => {
    const account = await bind({ followers: 15_000 });
    expect((await sync(account.gid)).final.status).toBe('SUCCEEDED');
    const before = await t.app.deps.prisma.follower.findMany({ where: { accountId: account.id }, select: { openid: true, syncedAt: true } });
    const gone = [5, 12_000].map((i) => openidAt(account.appId, i));
    for (const openid of gone) sim().followers(account.appId, 'unfollow', openid);

    // Page 1 (10,000 followers = 100 batchget calls) goes through; page 2's first call fails.
    const fault = sim().addFault({ path: '/cgi-bin/user/info/batchget', appid: account.appId, errcode: 45009, after: 100 });
    const { final } = await sync(account.gid);
    sim().removeFault(fault.id);
    expect(final.status).toBe('FAILED');
    expect(final.job.result).toEqual({ complete: false, total: 14_998, written: 10_000, pagesWritten: 1, nextOpenid: openidAt(account.appId, 10_000) });
    const node = await t.app.deps.prisma.jobRun.findFirstOrThrow({ where: { accountId: account.id, status: 'FAILED' } });
    expect(node.error).toMatch(/10000 followers.*45009/);

    // Nobody was marked unfollowed, nobody deleted; page 2's rows are as the first sync left them.
    expect(await t.app.deps.prisma.follower.count({ where: { accountId: account.id } })).toBe(15_000);
    expect(await t.app.deps.prisma.follower.count({ where: { accountId: account.id, subscribed: false } })).toBe(0);
    const after = new Map((await t.app.deps.prisma.follower.findMany({ where: { accountId: account.id } })).map((f) => [f.openid, f]));
    const lastSync = before[0]!.syncedAt.getTime();
    expect(after.get(openidAt(account.appId, 12_500))!.syncedAt.getTime()).toBe(lastSync);
    expect(after.get(openidAt(account.appId, 100))!.syncedAt.getTime()).toBeGreaterThan(lastSync);

    // Once WeChat answers again, a complete sync marks the two unfollowers.
    const retry = await sync(account.gid);
    expect(retry.final.job.result).toMatchObject({ seen: 14_998, markedUnsubscribed: 2 });
    const unsubscribed = await t.app.deps.prisma.follower.findMany({ where: { accountId: account.id, subscribed: false }, select: { openid: true } });
    expect(unsubscribed.map((f) => f.openid).sort()).toEqual([...gone].sort());
  });

  it('refuses a second sync of the same account while one is under way', async () => {
    const account = await bind({ followers: 100 });
    // Hold the first sync at its first WeChat call until both requests were answered.
    const hold = sim().addFault({ path: '/cgi-bin/user/get', appid: account.appId, hold: true });
    const results = await Promise.all([0, 1].map(() => gql(t.app.url, t.key, SyncFollowers, { accountId: account.gid })));
    sim().releaseFault(hold.id);
    const kinds = results.map((r) => r.syncFollowers.__typename).sort();
    expect(kinds).toEqual(['ConflictError', 'SyncFollowersSuccess']);
    const started = results.find((r) => r.syncFollowers.__typename === 'SyncFollowersSuccess')!.syncFollowers;
    if (started.__typename !== 'SyncFollowersSuccess') throw new Error('unreachable');
    expect((await follow(started.data.id)).final.status).toBe('SUCCEEDED');
    // Once it has finished, the account can be synced again.
    expect((await sync(account.gid)).final.status).toBe('SUCCEEDED');
  });

  it('does not sync another workspace\'s account, an unbound one or a malformed id', async () => {
    const other = await createTestKey(t.app);
    const foreign = await bind({ followers: 10 }, other.workspaceId);
    const unbound = await bind({ followers: 10 });
    await t.app.deps.prisma.officialAccount.update({ where: { id: unbound.id }, data: { unboundAt: new Date() } });
    const ids = [foreign.gid, unbound.gid, 'not-a-global-id', encodeGlobalID('Account', 'not-a-uuid'), encodeGlobalID('Campaign', foreign.id)];
    for (const accountId of ids) {
      const result = (await gql(t.app.url, t.key, SyncFollowers, { accountId })).syncFollowers;
      expect(result.__typename).toBe('NotFoundError');
    }
    expect(await t.app.deps.prisma.jobRun.count({ where: { accountId: { in: [foreign.id, unbound.id] } } })).toBe(0);
    expect(await t.app.deps.prisma.follower.count({ where: { accountId: foreign.id } })).toBe(0);
  });
});
