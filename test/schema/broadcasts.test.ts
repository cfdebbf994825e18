import { describe, expect, it } from 'vitest';
import { createTestKey, useTestApp } from '../helpers/app.ts';
import { collect, gql, wsClient } from '../helpers/graphql.ts';
import { createBroadcastError, createBroadcastOk, gid } from '../helpers/broadcasts.ts';
import { BroadcastNode, Broadcasts, BroadcastStatusChanged, DeleteBroadcast, UpdateBroadcast } from '../documents/broadcasts.ts';
import { createAccount } from '../factories/account.ts';
import { createMaterial } from '../factories/broadcast-content.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';

describe('broadcasts: drafts, versions and the list', () => {
  const t = useTestApp();

  const setup = async () => {
    const account = await createAccount(t.app.deps.prisma, t.workspaceId);
    const material = await createMaterial(t.app.deps.prisma, account.id);
    const news = { kind: 'NEWS' as const, news: { materialId: gid('Material', material.id) } };
    return { account, accountId: gid('Account', account.id), material, news };
  };

  it('saves an incomplete draft, refuses the same as a non-draft, and completes it later', async () => {
    const { accountId, news } = await setup();
    const incomplete = await createBroadcastError(t, { accountId, name: 'Spring', firstTask: { audience: 'ALL_FOLLOWERS' } });
    expect(incomplete).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'firstTask', 'content'] }] });

    const draft = await createBroadcastOk(t, { accountId, name: 'Spring', firstTask: {}, draft: true });
    expect(draft).toMatchObject({ state: 'DRAFT', version: 1, tasks: [{ position: 0, audience: null }] });

    // A non-draft save of the draft runs every rule: audience is still missing.
    const missing = (await gql(t.app.url, t.key, UpdateBroadcast, { input: { id: draft.id, version: 1, draft: false } })).updateBroadcast;
    expect(missing).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['tasks', '0', 'audience'] }] });

    const completed = (await gql(t.app.url, t.key, UpdateBroadcast, {
      input: { id: draft.id, version: 1, draft: false, tasks: [{ taskId: draft.tasks[0]!.id, task: { audience: 'ALL_FOLLOWERS', content: news } }] },
    })).updateBroadcast;
    expect(completed).toMatchObject({ __typename: 'UpdateBroadcastSuccess', data: { state: 'READY', version: 2 } });
  });

  it('refuses an update read at an old version with a typed error and changes nothing', async () => {
    const { accountId, news } = await setup();
    const created = await createBroadcastOk(t, { accountId, name: 'Versioned', firstTask: { audience: 'ALL_FOLLOWERS', content: news } });
    const first = (await gql(t.app.url, t.key, UpdateBroadcast, { input: { id: created.id, version: 1, name: 'Renamed by A' } })).updateBroadcast;
    expect(first).toMatchObject({ __typename: 'UpdateBroadcastSuccess', data: { name: 'Renamed by A', version: 2 } });
    const stale = (await gql(t.app.url, t.key, UpdateBroadcast, { input: { id: created.id, version: 1, name: 'Renamed by B' } })).updateBroadcast;
    expect(stale).toMatchObject({ __typename: 'StaleVersionError', givenVersion: 1, currentVersion: 2 });
    const node = (await gql(t.app.url, t.key, BroadcastNode, { id: created.id })).node;
    expect(node).toMatchObject({ name: 'Renamed by A', version: 2 });
    const staleDelete = (await gql(t.app.url, t.key, DeleteBroadcast, { input: { id: created.id, version: 1 } })).deleteBroadcast;
    expect(staleDelete).toMatchObject({ __typename: 'StaleVersionError', currentVersion: 2 });
    const deleted = (await gql(t.app.url, t.key, DeleteBroadcast, { input: { id: created.id, version: 2 } })).deleteBroadcast;
    expect(deleted).toMatchObject({ __typename: 'DeleteBroadcastSuccess', data: created.id });
    expect((await gql(t.app.url, t.key, BroadcastNode, { id: created.id })).node).toBeNull();
  });

  it('writes nothing when a rule fails midway (no partial broadcast)', async () => {
    const { accountId, news } = await setup();
    const before = await t.app.deps.prisma.broadcast.count();
    const bad = await createBroadcastError(t, { accountId, name: 'Bad group', firstTask: { audience: 'GROUPS', groupIds: [gid('CustomerGroup', '00000000-0000-4000-8000-000000000000')], content: news } });
    expect(bad).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'firstTask', 'groupIds', '0'] }] });
    expect(await t.app.deps.prisma.broadcast.count()).toBe(before);
  });

  it('lists all messages with drafts, filtered by state, search, campaign and send time, paged with totalCount', async () => {
    const { account, accountId, news } = await setup();
    const campaign = await t.app.deps.prisma.campaign.create({ data: { workspaceId: t.workspaceId, name: `C ${account.id}` } });
    const group = await createCustomerGroup(t.app.deps.prisma, t.workspaceId);
    const a = await createBroadcastOk(t, { accountId, name: 'Autumn promo', firstTask: {}, draft: true });
    const b = await createBroadcastOk(t, { accountId, name: 'Winter promo', campaignId: gid('Campaign', campaign.id), firstTask: { audience: 'ALL_FOLLOWERS', content: news } });
    const c = await createBroadcastOk(t, { accountId, name: 'Newsletter', firstTask: { audience: 'GROUPS', groupIds: [gid('CustomerGroup', group.id)], content: news } });
    await t.app.deps.prisma.broadcastTask.updateMany({ where: { broadcast: { name: 'Newsletter', accountId: account.id } }, data: { sendAt: new Date('2027-01-05T02:00:00Z') } });

    const list = async (filter: object, first = 10, after?: string | null) =>
      (await gql(t.app.url, t.key, Broadcasts, { accountId, filter, first, after })).broadcasts;
    const all = await list({});
    expect(all.totalCount).toBe(3);
    expect(all.edges.map((e) => e.node.name)).toEqual(['Newsletter', 'Winter promo', 'Autumn promo']);
    expect((await list({ states: ['DRAFT'] })).edges.map((e) => e.node.id)).toEqual([a.id]);
    expect((await list({ search: 'PROMO' })).totalCount).toBe(2);
    expect((await list({ campaignId: gid('Campaign', campaign.id) })).edges.map((e) => e.node.id)).toEqual([b.id]);
    const inRange = await list({ sendFrom: '2027-01-05T00:00:00Z', sendBefore: '2027-01-06T00:00:00Z' });
    expect(inRange.edges.map((e) => e.node.id)).toEqual([c.id]);
    expect((await list({ sendFrom: '2027-01-06T00:00:00Z' })).totalCount).toBe(0);
    const page1 = await list({}, 2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await list({}, 2, page1.pageInfo.endCursor);
    expect(page2.edges.map((e) => e.node.id)).toEqual([a.id]);
  });

  it('keeps broadcasts inside their workspace', async () => {
    const { accountId, news } = await setup();
    const mine = await createBroadcastOk(t, { accountId, name: 'Private', firstTask: { audience: 'ALL_FOLLOWERS', content: news } });
    const other = await createTestKey(t.app);
    expect((await gql(t.app.url, other.key, BroadcastNode, { id: mine.id })).node).toBeNull();
    const update = (await gql(t.app.url, other.key, UpdateBroadcast, { input: { id: mine.id, version: 1, name: 'Hijack' } })).updateBroadcast;
    expect(update.__typename).toBe('NotFoundError');
    // Nor can another workspace listen to the account's broadcasts.
    const client = wsClient(t.app.url, other.key);
    const events = collect(client, BroadcastStatusChanged, { accountId });
    await events.done;
    expect(events.results[0]?.errors?.[0]?.message).toMatch(/not found/);
    await client.dispose();
  });
});
