import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErr, START, WxHttp } from './helpers.ts';
import { createSimulator, type Simulator } from '#src/wechat-simulator/server.ts';
import type { SeedAccount } from '#src/wechat-simulator/seed.ts';

const ACCOUNT: SeedAccount = { appId: 'wxcube000000000001', secret: 's-cube', type: 'SERVICE', followers: 10_000, materials: 1 };
let sim: Simulator;
let wx: WxHttp;
let msgDataId: number;

beforeAll(async () => {
  // START is 2025-03-10 10:00 Beijing.
  sim = await createSimulator({ clockStart: START, frozen: true, seed: { accounts: [ACCOUNT] } });
  wx = new WxHttp(sim.url);
  const token = await wx.token(ACCOUNT);
  const draft = await wx.draft(token, ['甲文', '乙文']);
  msgDataId = (await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: draft } })).msg_data_id;
  await wx.advance(60_000);
});
afterAll(() => sim?.close());

const at = async (iso: string) => {
  await wx.control('POST', '/_sim/clock', { set: iso });
  return wx.token(ACCOUNT);
};
const cube = (token: string, name: string, begin: string, end = begin) => wx.call(token, `/datacube/${name}`, { begin_date: begin, end_date: end });

describe('datacube article endpoints', () => {
  it('has no data for today (61501) or before 08:00 Beijing the next day (empty list)', async () => {
    let token = await wx.token(ACCOUNT);
    expectErr(await cube(token, 'getarticlesummary', '2025-03-10'), 61501);
    token = await at('2025-03-10T23:59:00Z'); // 07:59 on 03-11 Beijing
    expect(await cube(token, 'getarticlesummary', '2025-03-10')).toEqual({ list: [] });
    expect(await cube(token, 'getarticletotal', '2025-03-10')).toEqual({ list: [] });
  });

  it('serves rows keyed <msg_data_id>_<idx> from 08:00 the next day, growing cumulatively for 7 days', async () => {
    let token = await at('2025-03-11T00:00:00Z'); // 08:00 Beijing
    const summary = await cube(token, 'getarticlesummary', '2025-03-10');
    expect(summary.list.map((r: { msgid: string }) => r.msgid)).toEqual([`${msgDataId}_1`, `${msgDataId}_2`]);
    expect(summary.list[0]).toMatchObject({ ref_date: '2025-03-10', title: '甲文', int_page_read_user: expect.any(Number), share_count: expect.any(Number), add_to_fav_user: expect.any(Number) });
    let total = await cube(token, 'getarticletotal', '2025-03-10');
    expect(total.list[0].details).toHaveLength(1);
    // 2 of the 10,000 followers are blacklisted by the account, so 9,998 were reached.
    expect(total.list[0].details[0]).toMatchObject({ stat_date: '2025-03-10', target_user: 9_998 });

    token = await at('2025-03-14T01:00:00Z');
    total = await cube(token, 'getarticletotal', '2025-03-10');
    const reads = total.list[0].details.map((d: { int_page_read_user: number }) => d.int_page_read_user);
    expect(total.list[0].details.map((d: { stat_date: string }) => d.stat_date)).toEqual(['2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13']);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));
    expect(reads.at(-1)).toBeGreaterThan(reads[0]);
    // Deterministic: asking again gives the same numbers.
    expect(await cube(token, 'getarticletotal', '2025-03-10')).toEqual(total);

    token = await at('2025-03-25T01:00:00Z');
    total = await cube(token, 'getarticletotal', '2025-03-10');
    expect(total.list[0].details).toHaveLength(7);
    expect((await cube(token, 'getarticlesummary', '2025-03-16')).list).toHaveLength(2);
    expect((await cube(token, 'getarticlesummary', '2025-03-17')).list).toEqual([]);
  });

  it('enforces date formats (61500) and spans (61501); serves user read/share aggregates', async () => {
    const token = await at('2025-03-25T01:00:00Z');
    expectErr(await cube(token, 'getarticlesummary', '2025/03/10'), 61500);
    expectErr(await cube(token, 'getarticlesummary', '2025-03-10', '2025-03-11'), 61501);
    expectErr(await cube(token, 'getuserread', '2025-03-10', '2025-03-13'), 61501);
    const read = await cube(token, 'getuserread', '2025-03-10', '2025-03-12');
    expect(read.list.map((r: { ref_date: string }) => r.ref_date)).toEqual(['2025-03-10', '2025-03-11', '2025-03-12']);
    expect(read.list[0]).toMatchObject({ user_source: 99999999, int_page_read_user: expect.any(Number) });
    const share = await cube(token, 'getusershare', '2025-03-10', '2025-03-16');
    expect(share.list.length).toBeGreaterThan(0);
    expect(share.list[0]).toMatchObject({ ref_date: '2025-03-10', share_scene: 1, share_count: expect.any(Number), share_user: expect.any(Number) });
    const hours = await cube(token, 'getuserreadhour', '2025-03-10');
    expect(hours.list).toHaveLength(24);
    expect(hours.list[23].ref_hour).toBe(2300);
  });
});
