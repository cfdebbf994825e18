import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { expectErr, SERVICE, startSimWithToken, SUBSCRIPTION, type WxHttp } from './helpers.ts';
import type { Simulator } from '#src/wechat-simulator/server.ts';

let sim: Simulator;
let wx: WxHttp;
let token: string;

beforeEach(async () => {
  await sim?.close();
  ({ sim, wx, token } = await startSimWithToken());
});
afterAll(() => sim?.close());

const create = (name: string, t = token) => wx.call(t, '/cgi-bin/tags/create', { tag: { name } });
const tagging = (openids: string[], tagid: number, t = token) => wx.call(t, '/cgi-bin/tags/members/batchtagging', { openid_list: openids, tagid });
const members = async (tagid: number, t = token) => (await wx.call(t, '/cgi-bin/user/tag/get', { tagid, next_openid: '' })).data?.openid ?? [];

describe('tag management', () => {
  it('creates, lists and deletes tags; names are unique and at most 30 characters; system tags stay', async () => {
    const made = await create('wxcast-rec-1');
    expect(made).toEqual({ tag: { id: expect.any(Number), name: 'wxcast-rec-1' } });
    const tags = (await wx.call(token, '/cgi-bin/tags/get')).tags;
    expect(tags).toContainEqual({ id: made.tag.id, name: 'wxcast-rec-1', count: 0 });
    expectErr(await create('wxcast-rec-1'), 45157);
    expectErr(await create(''), 45157);
    expectErr(await create('长'.repeat(31)), 45158);
    expect((await create('长'.repeat(30))).tag.name).toHaveLength(30);
    expect(await wx.call(token, '/cgi-bin/tags/delete', { tag: { id: made.tag.id } })).toMatchObject({ errcode: 0 });
    expect((await wx.call(token, '/cgi-bin/tags/get')).tags.map((t: { id: number }) => t.id)).not.toContain(made.tag.id);
    expectErr(await wx.call(token, '/cgi-bin/tags/delete', { tag: { id: made.tag.id } }), 45159);
    expectErr(await wx.call(token, '/cgi-bin/tags/delete', { tag: { id: 2 } }), 45058);
  });

  it('refuses a tag beyond the account limit with 45056 (limit lowered from 100 for the test)', async () => {
    await wx.control('POST', '/_sim/config', { tagLimit: 6 });
    const existing = (await wx.call(token, '/cgi-bin/tags/get')).tags.length;
    expect(existing).toBe(4);
    expect((await create('a')).tag).toBeDefined();
    expect((await create('b')).tag).toBeDefined();
    expectErr(await create('c'), 45056);
  });

  it('tags at most 50 followers a call (40032), only followers (40003), only known tags (45159)', async () => {
    const { tag } = await create('batch');
    const ids = await wx.openids(token, 50);
    expectErr(await tagging([...ids, 'extra'], tag.id), 40032);
    expectErr(await tagging([], tag.id), 40032);
    expectErr(await tagging([ids[0]!, 'oStrangerOfThisAccount000000'], tag.id), 40003);
    expectErr(await tagging(ids.slice(0, 2), 9999), 45159);
    expect(await tagging(ids, tag.id)).toMatchObject({ errcode: 0 });
    expect(await tagging(ids.slice(0, 3), tag.id)).toMatchObject({ errcode: 0 });
    expect(new Set(await members(tag.id))).toEqual(new Set(ids));
    expect((await wx.call(token, '/cgi-bin/tags/get')).tags).toContainEqual({ id: tag.id, name: 'batch', count: 50 });
    expect((await wx.call(token, '/cgi-bin/tags/getidlist', { openid: ids[1] })).tagid_list).toContain(tag.id);
    expect((await wx.call(token, '/cgi-bin/user/info', undefined, { openid: ids[1]! })).tagid_list).toContain(tag.id);

    expect(await wx.call(token, '/cgi-bin/tags/members/batchuntagging', { openid_list: ids.slice(0, 10), tagid: tag.id })).toMatchObject({ errcode: 0 });
    expect(await members(tag.id)).toHaveLength(40);
    // An unfollowed member leaves the tag's member list and count.
    await wx.control('POST', '/_sim/followers', { appid: SERVICE.appId, action: 'unfollow', openid: ids[20] });
    expect(await members(tag.id)).toHaveLength(39);
  });

  it('a follower holds at most 20 tags: 45059 for the whole call, or 45171 with fail_openid_list when switched', async () => {
    // Follower 0 holds seeded tag 100; 19 more make 20.
    const [full, other] = await wx.openids(token, 2);
    const made: number[] = [];
    for (let i = 0; i < 21; i++) made.push((await create(`t${i}`)).tag.id);
    for (const id of made.slice(0, 19)) expect((await tagging([full!, other!], id)).errcode).toBe(0);
    expect((await wx.call(token, '/cgi-bin/tags/getidlist', { openid: full })).tagid_list).toHaveLength(20);
    expectErr(await tagging([full!, other!], made[19]!), 45059);
    expect(await members(made[19]!)).toEqual([]);

    await wx.control('POST', '/_sim/config', { taggingOverLimit: 'partial' });
    const partial = await tagging([full!, other!], made[20]!);
    expectErr(partial, 45171);
    expect(partial.fail_openid_list).toEqual([full]);
    expect(await members(made[20]!)).toEqual([other]);
  });
});

describe('sendall to a created tag', () => {
  it("delivers to the tag's current members only, on a subscription account", async () => {
    const sub = await wx.token(SUBSCRIPTION);
    const { tag } = await create('rec-abc', sub);
    const ids = await wx.openids(sub, 5);
    expect((await tagging(ids.slice(0, 3), tag.id, sub)).errcode).toBe(0);
    const r = await wx.call(sub, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: false, tag_id: tag.id }, msgtype: 'text', text: { content: 'hi' }, clientmsgid: 'rec-abc-1' });
    expect(r.errcode).toBe(0);
    await wx.control('POST', `/_sim/mass-jobs/${r.msg_id}/finish`, {});
    const deliveries = await wx.control('GET', `/_sim/deliveries?msg_id=${r.msg_id}`);
    expect(deliveries.deliveries.map((d: { openid: string }) => d.openid).sort()).toEqual(ids.slice(0, 3).sort());
    const job = (await wx.control('GET', `/_sim/mass-jobs?appid=${SUBSCRIPTION.appId}`)).jobs.find((j: { msgId: number }) => j.msgId === r.msg_id);
    expect(job).toMatchObject({ totalCount: 3, filterCount: 3, sentCount: 3, inHistory: false });
  });

  it('answers an unknown tag_id with 40152, or -1 when switched', async () => {
    const body = { filter: { is_to_all: false, tag_id: 4242 }, msgtype: 'text', text: { content: 'x' } };
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', body), 40152);
    await wx.control('POST', '/_sim/config', { unknownTagErrcode: -1 });
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { ...body, clientmsgid: 'other' }), -1);
  });
});
