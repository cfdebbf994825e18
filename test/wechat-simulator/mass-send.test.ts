import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { expectErr, SERVICE, startSim, SUBSCRIPTION, WxHttp } from './helpers.ts';
import type { Simulator } from '#src/wechat-simulator/server.ts';

let sim: Simulator;
let wx: WxHttp;
let token: string;

beforeEach(async () => {
  await sim?.close();
  sim = await startSim();
  wx = new WxHttp(sim.url);
  token = await wx.token();
});
afterAll(() => sim?.close());

const text = (content: string, extra: Record<string, unknown> = {}) => ({ msgtype: 'text', text: { content }, ...extra });
const toAll = (extra: Record<string, unknown> = {}) => ({ filter: { is_to_all: true }, ...text('大家好'), ...extra });
const jobOf = async (msgId: number) => (await wx.control('GET', `/_sim/mass-jobs?appid=${SERVICE.appId}`)).jobs.find((j: { msgId: number }) => j.msgId === msgId);

describe('message/mass/send (openid list)', () => {
  it('is for service accounts only (48001)', async () => {
    const subToken = await wx.token(SUBSCRIPTION);
    const ids = await wx.openids(subToken, 2);
    expectErr(await wx.call(subToken, '/cgi-bin/message/mass/send', { touser: ids, ...text('x') }), 48001);
  });

  it('needs 2..10000 known openids: 40130, 40032, 40003', async () => {
    const ids = await wx.openids(token, 3);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids.slice(0, 1), ...text('x') }), 40130);
    const many = Array.from({ length: 10_001 }, () => ids[0]);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/send', { touser: many, ...text('x') }), 40032);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/send', { touser: [...ids, 'oNotAFollowerOfThisAccount00'], ...text('x') }), 40003);
    const ok = await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids, ...text('x') });
    expect(ok).toMatchObject({ errcode: 0, errmsg: 'send job submission success', msg_id: expect.any(Number) });
    expect(ok).not.toHaveProperty('msg_data_id');
  });
});

describe('message/mass/sendall', () => {
  it('sends to all or to a tag; unknown tag 40152; bad msgtype 45162; missing object 40008', async () => {
    expect((await wx.call(token, '/cgi-bin/message/mass/sendall', toAll())).errcode).toBe(0);
    expect((await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: false, tag_id: 100 }, ...text('tag') })).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: false, tag_id: 999 }, ...text('t') }), 40152);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'music', music: {} }), 45162);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'text' }), 40008);
  });

  it('returns msg_data_id for mpnews from a draft, which then leaves the draft box; other ids are 40007', async () => {
    const draft = await wx.draft(token, ['一', '二']);
    const r = await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: draft }, send_ignore_reprint: 0 });
    expect(r).toMatchObject({ errcode: 0, msg_id: expect.any(Number), msg_data_id: expect.any(Number) });
    expectErr(await wx.call(token, '/cgi-bin/draft/get', { media_id: draft }), 40007);
    const news = await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'news', offset: 0, count: 1 });
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: news.item[0].media_id } }), 40007);
  });

  it('validates images (1..20, known ids) and cards', async () => {
    const images = await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'image', offset: 0, count: 2 });
    const ids = images.item.map((i: { media_id: string }) => i.media_id);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'image', images: { media_ids: [] } }), 40215);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'image', images: { media_ids: ['nope'] } }), 40007);
    expect((await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'image', images: { media_ids: ids } })).errcode).toBe(0);
    const cards = await wx.call(token, '/card/batchget', { offset: 0, count: 10 });
    expect((await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'wxcard', wxcard: { card_id: cards.card_id_list[0] } })).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'wxcard', wxcard: { card_id: 'pNope' } }), 40073);
  });

  it('rejects <a href> off mp.weixin.qq.com (40066) but allows article and mini program links', async () => {
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', toAll(text('看 <a href="https://example.com/x">这里</a>'))), 40066);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', toAll(text("<a href='http://mp.weixin.qq.com.evil.cn/s/1'>x</a>"))), 40066);
    const ok = text('<a href="https://mp.weixin.qq.com/s/abc">文章</a> <a data-miniprogram-appid="wxmini" data-miniprogram-path="pages/i" href="https://fallback.example">小程序</a> 😀');
    expect((await wx.call(token, '/cgi-bin/message/mass/sendall', toAll(ok))).errcode).toBe(0);
  });
});

describe('clientmsgid', () => {
  it('is at most 32 bytes (45067)', async () => {
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'x'.repeat(33) })), 45067);
    expect((await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'x'.repeat(32) }))).errcode).toBe(0);
  });

  it('45066 within 1 minute (takes precedence), then 45065 with the existing msg_id for 24 h', async () => {
    const first = await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'job-1' }));
    expect(first.errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'job-1' })), 45066);
    await wx.advance(30_000);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'job-1' })), 45066);
    await wx.advance(31_000);
    const dup = await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'job-1' }));
    expectErr(dup, 45065);
    expect(dup.msg_id).toBe(first.msg_id);
    expect(dup).not.toHaveProperty('msg_data_id');
    await wx.advance(24 * 3600_000);
    token = await wx.token();
    expect((await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'job-1' }))).errcode).toBe(0);
  });

  it('defaults to a digest of scope + content when omitted', async () => {
    const ids = await wx.openids(token, 4);
    const first = await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids, ...text('同样的内容') });
    await wx.advance(61_000);
    // Same audience in another order, same content: the same digest.
    const dup = await wx.call(token, '/cgi-bin/message/mass/send', { touser: [...ids].reverse(), ...text('同样的内容') });
    expectErr(dup, 45065);
    expect(dup.msg_id).toBe(first.msg_id);
    expect((await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids, ...text('别的内容') })).errcode).toBe(0);
    expect((await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids.slice(1), ...text('同样的内容') })).errcode).toBe(0);
  });
});

describe('quotas', () => {
  it('subscription accounts: one successful sendall per Beijing day (45028); failures do not count', async () => {
    const subToken = await wx.token(SUBSCRIPTION);
    expectErr(await wx.call(subToken, '/cgi-bin/message/mass/sendall', toAll({ msgtype: 'voice', voice: { media_id: 'nope' } })), 40007);
    expect((await wx.call(subToken, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'a' }))).errcode).toBe(0);
    expectErr(await wx.call(subToken, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: false, tag_id: 100 }, ...text('b'), clientmsgid: 'b' }), 45028);
    // 10:00 Beijing + 14 h = 00:00 the next Beijing day.
    await wx.advance(14 * 3600_000);
    const nextDayToken = await wx.token(SUBSCRIPTION);
    expect((await wx.call(nextDayToken, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'c' }))).errcode).toBe(0);
  });

  it('service accounts: each follower receives ≤4 per calendar month; extras leave FilterCount', async () => {
    const ids = await wx.openids(token, 3);
    const msgIds: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids, ...text(`第${i}条`) });
      expect(r.errcode).toBe(0);
      msgIds.push(r.msg_id);
      await wx.advance(61_000);
    }
    const jobs = await Promise.all(msgIds.map(jobOf));
    expect(jobs.map((j) => [j.totalCount, j.filterCount, j.sentCount])).toEqual([[3, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3], [3, 0, 0]]);
    expect(jobs[4].status).toBe('SEND_SUCCESS');
    const log = await wx.control('GET', `/_sim/deliveries?openid=${ids[0]}`);
    expect(log.total).toBe(4);
    // April (Beijing) starts a new month.
    await wx.control('POST', '/_sim/clock', { set: '2025-03-31T16:00:00Z' });
    token = await wx.token();
    const april = await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids, ...text('四月') });
    await wx.advance(61_000);
    expect((await jobOf(april.msg_id)).filterCount).toBe(3);
  });

  it('enforces the per-minute (45011) and per-day (45009) call limits', async () => {
    await wx.control('POST', '/_sim/config', { massMinuteLimit: 2, massDailyLimit: 3 });
    for (const id of ['m1', 'm2']) expect((await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: id }))).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'm3' })), 45011);
    await wx.advance(61_000);
    expect((await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'm4' }))).errcode).toBe(0);
    await wx.advance(61_000);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'm5' })), 45009);
    await wx.control('POST', '/_sim/config', { massMinuteLimit: 60, massDailyLimit: 100 });
  });
});

describe('message/mass/preview', () => {
  it('sends to one follower; towxname ≤100/day (45009); unsubscribed 43004; no monthly quota used', async () => {
    const [openid] = await wx.openids(token, 1);
    const r = await wx.call(token, '/cgi-bin/message/mass/preview', { touser: openid, ...text('预览') });
    expect(r).toMatchObject({ errcode: 0, msg_id: expect.any(Number) });
    for (let i = 0; i < 100; i++) expect((await wx.call(token, '/cgi-bin/message/mass/preview', { towxname: 'alice', ...text('p') })).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/preview', { towxname: 'alice', ...text('p') }), 45009);
    expect((await wx.call(token, '/cgi-bin/message/mass/preview', { touser: openid, ...text('p') })).errcode).toBe(0);
    await wx.control('POST', '/_sim/followers', { appid: SERVICE.appId, openid, action: 'unfollow' });
    expectErr(await wx.call(token, '/cgi-bin/message/mass/preview', { touser: openid, ...text('p') }), 43004);
    const log = await wx.control('GET', `/_sim/deliveries?msg_id=${r.msg_id}`);
    expect(log.deliveries).toEqual([expect.objectContaining({ kind: 'preview', openid, msgtype: 'text' })]);
  });
});

describe('message/mass/get and delete', () => {
  it('moves SENDING → SEND_SUCCESS → DELETE; forced failures show SEND_FAIL; unknown 40059', async () => {
    const draft = await wx.draft(token, ['甲', '乙']);
    const r = await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: draft } });
    expect(await wx.call(token, '/cgi-bin/message/mass/get', { msg_id: String(r.msg_id) })).toEqual({ msg_id: r.msg_id, msg_status: 'SENDING' });
    expectErr(await wx.call(token, '/cgi-bin/message/mass/delete', { msg_id: r.msg_id }), 40059);
    await wx.advance(60_000);
    expect((await wx.call(token, '/cgi-bin/message/mass/get', { msg_id: r.msg_id })).msg_status).toBe('SEND_SUCCESS');
    expectErr(await wx.call(token, '/cgi-bin/message/mass/delete', { msg_id: r.msg_id, article_idx: 3 }), 40060);
    expect((await wx.call(token, '/cgi-bin/message/mass/delete', { msg_id: r.msg_id, article_idx: 1 })).errcode).toBe(0);
    expect((await wx.call(token, '/cgi-bin/message/mass/get', { msg_id: r.msg_id })).msg_status).toBe('SEND_SUCCESS');
    expectErr(await wx.call(token, '/cgi-bin/message/mass/delete', { msg_id: r.msg_id, article_idx: 1 }), 40060);
    expect((await wx.call(token, '/cgi-bin/message/mass/delete', { msg_id: r.msg_id, article_idx: 2 })).errcode).toBe(0);
    expect((await wx.call(token, '/cgi-bin/message/mass/get', { msg_id: r.msg_id })).msg_status).toBe('DELETE');
    expectErr(await wx.call(token, '/cgi-bin/message/mass/get', { msg_id: 42 }), 40059);

    const t = await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'text' }));
    await wx.advance(60_000);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/delete', { msg_id: t.msg_id }), 40008);

    const f = await wx.call(token, '/cgi-bin/message/mass/sendall', toAll({ clientmsgid: 'fail' }));
    await wx.control('POST', `/_sim/mass-jobs/${f.msg_id}/finish`, { status: 'err(30003)' });
    expect((await wx.call(token, '/cgi-bin/message/mass/get', { msg_id: f.msg_id })).msg_status).toBe('SEND_FAIL');
  });

  it('deletes by article url, and all articles with article_idx 0', async () => {
    const draft = await wx.draft(token, ['甲', '乙']);
    const r = await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: draft } });
    await wx.advance(60_000);
    const job = await jobOf(r.msg_id);
    expect((await wx.call(token, '/cgi-bin/message/mass/delete', { url: job.articleUrls[0] })).errcode).toBe(0);
    expect((await wx.call(token, '/cgi-bin/message/mass/get', { msg_id: r.msg_id })).msg_status).toBe('DELETE');
  });
});

describe('message/mass/speed', () => {
  it('gets and sets 0..4 (45083 otherwise)', async () => {
    expect(await wx.call(token, '/cgi-bin/message/mass/speed/get', {})).toEqual({ speed: 0, realspeed: 80 });
    expect((await wx.call(token, '/cgi-bin/message/mass/speed/set', { speed: 3 })).errcode).toBe(0);
    expect(await wx.call(token, '/cgi-bin/message/mass/speed/get', {})).toEqual({ speed: 3, realspeed: 30 });
    expectErr(await wx.call(token, '/cgi-bin/message/mass/speed/set', { speed: 5 }), 45083);
  });
});
