import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE, startSim, WxHttp } from './helpers.ts';
import type { Simulator } from '#src/wechat-simulator/server.ts';

let sim: Simulator;
let wx: WxHttp;

beforeAll(async () => {
  sim = await startSim();
  wx = new WxHttp(sim.url);
});
afterAll(() => sim?.close());

describe('control surface', () => {
  it('reads, sets, advances and freezes the clock', async () => {
    expect(await wx.control('GET', '/_sim/clock')).toMatchObject({ now: '2025-03-10T02:00:00.000Z', frozen: true, beijing: '2025-03-10 10:00:00' });
    expect((await wx.control('POST', '/_sim/clock', { advance: 'P1DT2H' })).now).toBe('2025-03-11T04:00:00.000Z');
    expect((await wx.control('POST', '/_sim/clock', { set: '2025-06-01T00:00:00Z', advanceMs: 1000 })).now).toBe('2025-06-01T00:00:01.000Z');
    await wx.control('POST', '/_sim/clock', { freeze: false });
    await new Promise((r) => setTimeout(r, 30));
    const running = await wx.control('GET', '/_sim/clock');
    expect(running.frozen).toBe(false);
    expect(running.epochMs).toBeGreaterThan(Date.parse('2025-06-01T00:00:01.000Z'));
    const frozen = await wx.control('POST', '/_sim/clock', { freeze: true });
    await new Promise((r) => setTimeout(r, 30));
    expect((await wx.control('GET', '/_sim/clock')).epochMs).toBe(frozen.epochMs);
    await expect(wx.control('POST', '/_sim/clock', { advanceMs: -1 })).rejects.toThrow(/400/);
  });

  it('resets with a seed (here: demo) and adds accounts', async () => {
    const reset = await wx.control('POST', '/_sim/reset', { seed: 'demo', clock: '2025-03-10T02:00:00Z' });
    expect(reset.accounts).toEqual([expect.objectContaining({ type: 'SERVICE', followers: 10_000, materials: 30, cards: 5, ghId: expect.stringMatching(/^gh_/) })]);
    const demo = reset.accounts[0];
    const added = await wx.control('POST', '/_sim/accounts', { appId: 'wxnew0000000000001', secret: 's', type: 'SUBSCRIPTION', followers: 3 });
    expect(added).toMatchObject({ appId: 'wxnew0000000000001', followers: 3 });
    await expect(wx.control('POST', '/_sim/accounts', { appId: 'wxnew0000000000001', secret: 's', type: 'SUBSCRIPTION' })).rejects.toThrow(/400/);
    expect((await wx.control('GET', '/_sim/accounts')).accounts).toHaveLength(2);

    // The demo account's seeded history: past news sends with comments and read stats.
    const token = await wx.token({ ...SERVICE, appId: demo.appId, secret: demo.secret });
    const { jobs } = await wx.control('GET', `/_sim/mass-jobs?appid=${demo.appId}`);
    expect(jobs).toHaveLength(3);
    let comments = 0;
    for (const job of jobs) {
      for (let index = 0; index < job.articleCount; index++) {
        comments += (await wx.call(token, '/cgi-bin/comment/list', { msg_data_id: job.msgDataId, index, begin: 0, count: 50, type: 0 })).total;
      }
    }
    expect(comments).toBeGreaterThan(0);
    const summary = await wx.call(token, '/datacube/getarticlesummary', { begin_date: '2025-03-09', end_date: '2025-03-09' });
    expect(summary.list.length).toBeGreaterThan(0);
    const cards = await wx.call(token, '/card/batchget', { offset: 0, count: 50 });
    expect(cards.total_num).toBe(5);

    // Reset without a seed empties everything.
    expect((await wx.control('POST', '/_sim/reset', {})).accounts).toEqual([]);
    await wx.control('POST', '/_sim/reset', { seed: { accounts: [SERVICE] } });
  });

  it('reports stats: tokens issued and mass-send calls per appid', async () => {
    await wx.control('POST', '/_sim/reset', { seed: { accounts: [SERVICE] } });
    const token = await wx.token();
    await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'text', text: { content: 'a' } });
    await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'text', text: { content: 'a' } });
    await wx.call(token, '/cgi-bin/message/mass/get', { msg_id: 1 });
    const stats = (await wx.control('GET', '/_sim/stats')).accounts[SERVICE.appId];
    expect(stats).toMatchObject({ tokensIssued: 1, massCalls: { sendall: 2, send: 0, get: 1 }, massJobsAccepted: 1 });
  });

  it('deletes a draft or a news material as if in WeChat\'s backend (DELETE /_sim/materials/:mediaId)', async () => {
    await wx.control('POST', '/_sim/reset', { seed: { accounts: [{ ...SERVICE, materials: 2, drafts: 2 }] } });
    const token = await wx.token();
    const drafts = await wx.call(token, '/cgi-bin/draft/batchget', { offset: 0, count: 20 });
    const news = await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'news', offset: 0, count: 20 });
    const [draft, newsItem] = [drafts.item[0].media_id, news.item[0].media_id];
    for (const mediaId of [draft, newsItem]) {
      expect(await wx.control('DELETE', `/_sim/materials/${encodeURIComponent(mediaId)}`)).toEqual({ mediaId, appId: SERVICE.appId });
    }
    expect((await wx.call(token, '/cgi-bin/draft/batchget', { offset: 0, count: 20 })).total_count).toBe(drafts.total_count - 1);
    expect((await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'news', offset: 0, count: 20 })).total_count).toBe(news.total_count - 1);
    expect((await wx.call(token, '/cgi-bin/draft/get', { media_id: draft })).errcode).toBe(40007);
    expect((await wx.call(token, '/cgi-bin/material/get_material', { media_id: newsItem })).errcode).toBe(40007);
    await expect(wx.control('DELETE', `/_sim/materials/${encodeURIComponent(draft)}`)).rejects.toThrow(/400/);
  });

  it('answers 400 on bad input and 404 on unknown control paths', async () => {
    await expect(wx.control('POST', '/_sim/materials/nope', { title: 'x' })).rejects.toThrow(/400/);
    await expect(wx.control('POST', '/_sim/followers', { appid: 'wxnope', action: 'follow' })).rejects.toThrow(/400/);
    await expect(wx.control('GET', '/_sim/nope')).rejects.toThrow(/404/);
  });
});

describe('cards', () => {
  it('pages card ids (card/batchget) and returns details (card/get)', async () => {
    await wx.control('POST', '/_sim/reset', { seed: { accounts: [{ ...SERVICE, cards: 8 }] } });
    const token = await wx.token();
    const page = await wx.call(token, '/card/batchget', { offset: 0, count: 5 });
    expect(page).toMatchObject({ errcode: 0, total_num: 8 });
    expect(page.card_id_list).toHaveLength(5);
    const verified = await wx.call(token, '/card/batchget', { offset: 0, count: 50, status_list: ['CARD_STATUS_VERIFY_OK'] });
    expect(verified.total_num).toBe(7);
    const card = await wx.call(token, '/card/get', { card_id: page.card_id_list[1] });
    expect(card.card.card_type).toBe('CASH');
    expect(card.card.cash.base_info).toMatchObject({ id: page.card_id_list[1], title: expect.any(String), status: 'CARD_STATUS_VERIFY_OK', sku: { quantity: expect.any(Number) } });
    expect((await wx.call(token, '/card/get', { card_id: 'nope' })).errcode).toBe(40073);
    expect((await wx.call(token, '/card/batchget', { offset: 0, count: 51 })).errcode).toBe(47001);
  });

  it('removes a card as if deleted in WeChat\'s backend (DELETE /_sim/cards/:cardId)', async () => {
    await wx.control('POST', '/_sim/reset', { seed: { accounts: [{ ...SERVICE, cards: 3 }] } });
    const token = await wx.token();
    const [first, second] = (await wx.call(token, '/card/batchget', { offset: 0, count: 50 })).card_id_list;
    expect(await wx.control('DELETE', `/_sim/cards/${encodeURIComponent(second)}`)).toEqual({ cardId: second, appId: SERVICE.appId });
    const after = await wx.call(token, '/card/batchget', { offset: 0, count: 50 });
    expect(after.total_num).toBe(2);
    expect(after.card_id_list).toContain(first);
    expect(after.card_id_list).not.toContain(second);
    expect((await wx.call(token, '/card/get', { card_id: second })).errcode).toBe(40073);
    await expect(wx.control('DELETE', `/_sim/cards/${encodeURIComponent(second)}`)).rejects.toThrow(/400/);
  });
});
