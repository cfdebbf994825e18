import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErr, START, WxHttp } from './helpers.ts';
import { createSimulator, type Simulator } from '#src/wechat-simulator/server.ts';
import type { SeedAccount } from '#src/wechat-simulator/seed.ts';

const BIG: SeedAccount = { appId: 'wxbig0000000000001', secret: 's-big', type: 'SERVICE', followers: 1_000_000, unsubscribed: 10 };
const A: SeedAccount = { appId: 'wxa000000000000001', secret: 's-a', type: 'SERVICE', followers: 25_000, unsubscribed: 3, openPlatform: 'open-1' };
const B: SeedAccount = { appId: 'wxb000000000000001', secret: 's-b', type: 'SUBSCRIPTION', followers: 30, openPlatform: 'open-1', personOffset: 10, userGetEnd: 'empty-next' };
const C: SeedAccount = { appId: 'wxc000000000000001', secret: 's-c', type: 'SERVICE', followers: 30 };

let sim: Simulator;
let wx: WxHttp;

beforeAll(async () => {
  sim = await createSimulator({ clockStart: START, frozen: true, seed: { accounts: [BIG, A, B, C] } });
  wx = new WxHttp(sim.url);
});
afterAll(() => sim?.close());

async function pageAll(token: string) {
  const pages: { count: number; next: string; hasData: boolean }[] = [];
  const seen: string[] = [];
  let next = '';
  for (;;) {
    const r = await wx.call(token, '/cgi-bin/user/get', undefined, { next_openid: next });
    pages.push({ count: r.count, next: r.next_openid, hasData: 'data' in r });
    if (r.count === 0) break;
    seen.push(...r.data.openid);
    if (!r.next_openid) break;
    next = r.next_openid;
  }
  return { pages, seen };
}

describe('user/get', () => {
  it('pages 1,000,000 followers fully, 10,000 at a time', async () => {
    const token = await wx.token(BIG);
    const started = performance.now();
    const { pages, seen } = await pageAll(token);
    const ms = performance.now() - started;
    console.log(`paged 1,000,000 followers in ${pages.length} calls, ${ms.toFixed(0)} ms`);
    expect(seen.length).toBe(1_000_000);
    expect(new Set(seen).size).toBe(1_000_000);
    expect(pages.slice(0, 100).every((p) => p.count === 10_000)).toBe(true);
    // Observed end of list: the last full page points at its last openid, then count 0, next "".
    expect(pages.at(-1)).toEqual({ count: 0, next: '', hasData: false });
    const first = await wx.call(token, '/cgi-bin/user/get');
    expect(first.total).toBe(1_000_000);
    expect(first.data.openid[0]).toMatch(/^o[A-Za-z0-9_-]{27}$/);
  });

  it('ends with a partial page then count 0 (count-zero style, the default)', async () => {
    const { pages, seen } = await pageAll(await wx.token(A));
    expect(seen.length).toBe(25_000);
    expect(pages.map((p) => p.count)).toEqual([10_000, 10_000, 5_000, 0]);
    expect(pages[2]!.next).toBe(seen.at(-1));
  });

  it('ends with a partial page whose next_openid is empty (empty-next style)', async () => {
    const { pages, seen } = await pageAll(await wx.token(B));
    expect(seen.length).toBe(30);
    expect(pages).toEqual([{ count: 30, next: '', hasData: true }]);
  });

  it('answers 40003 for a next_openid of another account', async () => {
    const tokenA = await wx.token(A);
    const other = (await wx.call(await wx.token(C), '/cgi-bin/user/get')).data.openid[0];
    expectErr(await wx.call(tokenA, '/cgi-bin/user/get', undefined, { next_openid: other }), 40003);
  });
});

describe('user/info/batchget', () => {
  it('returns ≤100 users; shares unionids across one open platform; none without a platform', async () => {
    const tokenA = await wx.token(A);
    const tokenB = await wx.token(B);
    const a = (await wx.call(tokenA, '/cgi-bin/user/get')).data.openid as string[];
    const b = (await wx.call(tokenB, '/cgi-bin/user/get')).data.openid as string[];
    const infoA = await wx.call(tokenA, '/cgi-bin/user/info/batchget', { user_list: a.slice(0, 100).map((openid) => ({ openid, lang: 'zh_CN' })) });
    expect(infoA.user_info_list).toHaveLength(100);
    const first = infoA.user_info_list[0];
    expect(first).toMatchObject({ subscribe: 1, openid: a[0], remark: '', qr_scene: 0, qr_scene_str: '' });
    expect(first.subscribe_time).toBeTypeOf('number');
    expect(first.tagid_list).toEqual(expect.any(Array));
    expect(first).not.toHaveProperty('nickname');
    // B's follower i is person i+10 on the platform, i.e. A's follower i+10.
    const infoB = await wx.call(tokenB, '/cgi-bin/user/info/batchget', { user_list: [{ openid: b[0] }] });
    expect(infoB.user_info_list[0].unionid).toBe(infoA.user_info_list[10].unionid);
    expect(b[0]).not.toBe(a[10]);
    const tokenC = await wx.token(C);
    const c = (await wx.call(tokenC, '/cgi-bin/user/get')).data.openid as string[];
    const infoC = await wx.call(tokenC, '/cgi-bin/user/info/batchget', { user_list: [{ openid: c[0] }] });
    expect(infoC.user_info_list[0]).not.toHaveProperty('unionid');
    expectErr(await wx.call(tokenA, '/cgi-bin/user/info/batchget', { user_list: a.slice(0, 101).map((openid) => ({ openid })) }), 40032);
    expectErr(await wx.call(tokenA, '/cgi-bin/user/info/batchget', { user_list: [{ openid: c[0] }] }), 40003);
  });

  it('reports subscribe 0 (openid + unionid only) for unsubscribed users, and follows/unfollows via control', async () => {
    const token = await wx.token(A);
    const [openid] = (await wx.call(token, '/cgi-bin/user/get')).data.openid as string[];
    const before = (await wx.call(token, '/cgi-bin/user/get')).total;
    const r = await wx.control('POST', '/_sim/followers', { appid: A.appId, openid, action: 'unfollow' });
    expect(r).toMatchObject({ subscribe: 0, changed: true, total: before - 1 });
    const info = await wx.call(token, '/cgi-bin/user/info/batchget', { user_list: [{ openid }] });
    expect(Object.keys(info.user_info_list[0]).sort()).toEqual(['openid', 'subscribe', 'unionid']);
    expect(info.user_info_list[0].subscribe).toBe(0);
    const page = await wx.call(token, '/cgi-bin/user/get');
    expect(page.total).toBe(before - 1);
    expect(page.data.openid[0]).not.toBe(openid);
    // A brand-new follower is appended at the end of the listing.
    const added = await wx.control('POST', '/_sim/followers', { appid: A.appId, action: 'follow' });
    expect(added.total).toBe(before);
    const single = await wx.call(token, '/cgi-bin/user/info', undefined, { openid: added.openid });
    expect(single).toMatchObject({ subscribe: 1, openid: added.openid });
    const { seen } = await pageAll(token);
    expect(seen.at(-1)).toBe(added.openid);
    await wx.control('POST', '/_sim/followers', { appid: A.appId, openid, action: 'follow' });
    expect((await wx.call(token, '/cgi-bin/user/get')).data.openid[0]).toBe(openid);
  });
});

describe('tags', () => {
  it('lists tags with counts, members by tag, and the blacklist', async () => {
    const token = await wx.token(A);
    const { tags } = await wx.call(token, '/cgi-bin/tags/get');
    expect(tags.find((t: { id: number }) => t.id === 2)).toMatchObject({ name: '星标组', count: 0 });
    const vip = tags.find((t: { id: number }) => t.id === 100);
    expect(vip.count).toBe(2_500);
    const members = await wx.call(token, '/cgi-bin/user/tag/get', { tagid: 100, next_openid: '' });
    expect(members.count).toBe(2_500);
    const info = await wx.call(token, '/cgi-bin/user/info/batchget', { user_list: [{ openid: members.data.openid[1] }] });
    expect(info.user_info_list[0].tagid_list).toContain(100);
    const black = await wx.call(token, '/cgi-bin/tags/members/getblacklist', { begin_openid: '' });
    expect(black).toMatchObject({ total: 5, count: 5 });
  });
});
