import { describe, expect, it } from 'vitest';
import { bindSimAccount, useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { createBroadcastOk, gid } from '../helpers/broadcasts.ts';
import { Quota, TestSendBroadcast } from '../documents/broadcasts.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';
import { createMaterial } from '../factories/broadcast-content.ts';

describe('test sends (WeChat previews)', () => {
  const t = useTestApp();
  const prisma = () => t.app.deps.prisma;

  /** A simulator account with 3 followers, mirrored in wxcast, a group of them, and a text broadcast. */
  const setup = async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { followers: 3, drafts: 1 });
    const store = t.app.sim!.state.account(account.appId)!.followers;
    const openids = [0, 1, 2].map((i) => store.openidAt(i));
    const customers = await prisma().$queryRaw<{ id: string }[]>`
      WITH c AS (INSERT INTO customers (workspace_id) SELECT ${t.workspaceId}::uuid FROM unnest(${openids}::text[]) RETURNING id)
      SELECT id FROM c`;
    await prisma().$executeRaw`
      INSERT INTO followers (account_id, customer_id, openid)
      SELECT ${account.id}::uuid, c, o FROM unnest(${customers.map((c) => c.id)}::uuid[], ${openids}::text[]) AS x(c, o)`;
    const group = await createCustomerGroup(prisma(), t.workspaceId, customers.map((c) => c.id));
    const broadcast = await createBroadcastOk(t, { accountId: gid('Account', account.id), name: 'Preview me', firstTask: { audience: 'ALL_FOLLOWERS', content: { kind: 'TEXT', text: '预览 🎉' } } });
    return { account, openids, group, broadcast };
  };
  const testSend = async (input: { broadcastId: string; wechatIds?: string[]; groupId?: string }) =>
    (await gql(t.app.url, t.key, TestSendBroadcast, { input })).testSendBroadcast;

  it('sends one preview per WeChat id and per current follower of a group, counting only previews to WeChat ids', async () => {
    const { account, openids, group, broadcast } = await setup();
    const before = t.app.sim!.state.previews.length;
    const result = await testSend({ broadcastId: broadcast.id, wechatIds: ['alice_wx', 'bob_wx'], groupId: gid('CustomerGroup', group.id) });
    if (result.__typename !== 'TestSendBroadcastSuccess') throw new Error(JSON.stringify(result));
    expect(result.data.previews.map((p) => [p.recipient, p.byWeChatId, p.error])).toEqual([
      ['alice_wx', true, null], ['bob_wx', true, null], ...[...openids].sort().map((o) => [o, false, null]),
    ]);
    expect(result.data.previewsLeftToday).toBe(98);
    const sent = t.app.sim!.state.previews.slice(before);
    expect(sent.map((p) => p.towxname ?? p.openid).sort()).toEqual(['alice_wx', 'bob_wx', ...openids].sort());
    expect(sent.every((p) => p.msgtype === 'text')).toBe(true);
    // Previews are no mass send: nothing planned or counted against the account's quota.
    const quota = (await gql(t.app.url, t.key, Quota, { accountId: gid('Account', account.id) })).quota;
    expect(quota).toMatchObject({ used: 0, plannedSends: 0, followersAtLimit: 0 });
    expect(await prisma().followerMonthlySend.count({ where: { accountId: account.id } })).toBe(0);
  });

  it('previews a draft as it is by its media id, and refuses a changed composition that exists only once sent', async () => {
    const { account } = await setup();
    const [draftMediaId] = [...t.app.sim!.state.account(account.appId)!.drafts.keys()];
    const material = await createMaterial(prisma(), account.id, { mediaId: draftMediaId, articles: 2 });
    const news = async (articles?: { index: number }[]) => createBroadcastOk(t, {
      accountId: gid('Account', account.id), name: 'News preview',
      firstTask: { audience: 'ALL_FOLLOWERS', content: { kind: 'NEWS', news: { materialId: gid('Material', material.id), articles } } },
    });
    const before = t.app.sim!.state.previews.length;
    const asIs = await testSend({ broadcastId: (await news()).id, wechatIds: ['news_wx'] });
    expect(asIs).toMatchObject({ __typename: 'TestSendBroadcastSuccess', data: { previews: [{ recipient: 'news_wx', error: null }] } });
    expect(t.app.sim!.state.previews.slice(before).map((p) => p.msgtype)).toEqual(['mpnews']);
    const reordered = await testSend({ broadcastId: (await news([{ index: 1 }, { index: 0 }])).id, wechatIds: ['news_wx'] });
    expect(reordered).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'taskId'] }] });
  });

  it('refuses previews beyond what is left today before calling WeChat', async () => {
    const { account, broadcast } = await setup();
    const today = new Date(`${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())}T00:00:00Z`);
    await prisma().previewDailyCount.create({ data: { accountId: account.id, day: today, count: 99 } });
    const before = t.app.sim!.state.previews.length;
    const refused = await testSend({ broadcastId: broadcast.id, wechatIds: ['a_wx', 'b_wx'] });
    expect(refused).toMatchObject({ __typename: 'PreviewLimitError', remaining: 1 });
    expect(t.app.sim!.state.previews.length).toBe(before);
  });

  it('turns WeChat\'s 45009 (previews made outside wxcast) into a used-up day', async () => {
    const { broadcast } = await setup();
    const config = t.app.sim!.state.config;
    const limit = config.previewDailyLimit;
    config.previewDailyLimit = 1;
    try {
      const result = await testSend({ broadcastId: broadcast.id, wechatIds: ['first_wx', 'second_wx'] });
      if (result.__typename !== 'TestSendBroadcastSuccess') throw new Error(result.__typename);
      expect(result.data.previews.map((p) => p.error)).toEqual([null, expect.stringContaining('45009')]);
      expect(result.data.previewsLeftToday).toBe(0);
      expect(await testSend({ broadcastId: broadcast.id, wechatIds: ['third_wx'] })).toMatchObject({ __typename: 'PreviewLimitError', remaining: 0 });
    } finally {
      config.previewDailyLimit = limit;
    }
  });
});
