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

type Json = Record<string, any>;
const text = (content: string, extra: Json = {}) => ({ msgtype: 'text', text: { content }, ...extra });
const send = (touser: string[], extra: Json = {}) => wx.call(token, '/cgi-bin/message/mass/send', { touser, ...text('hello'), ...extra });
const sendall = (extra: Json = {}) => wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, ...text('all'), ...extra });
const finish = (msgId: number) => wx.control('POST', `/_sim/mass-jobs/${msgId}/finish`, {});
const jobOf = async (msgId: number): Promise<Json> => (await wx.control('GET', `/_sim/mass-jobs?appid=${SERVICE.appId}`)).jobs.find((j: Json) => j.msgId === msgId);
const delivered = async (msgId: number) => (await wx.control('GET', `/_sim/deliveries?msg_id=${msgId}`)).deliveries.map((d: Json) => d.openid).sort();

describe('partial delivery', () => {
  it('reports followers who turned messages off outside FilterCount and failed deliveries in ErrorCount', async () => {
    const ids = await wx.openids(token, 6);
    await wx.control('POST', '/_sim/follower-flags', { appid: SERVICE.appId, openids: ids.slice(0, 1), messagesOff: true });
    await wx.control('POST', '/_sim/follower-flags', { appid: SERVICE.appId, openids: ids.slice(1, 3), failDelivery: true });
    const r = await send(ids, { clientmsgid: 'partial-1' });
    await finish(r.msg_id);
    expect(await jobOf(r.msg_id)).toMatchObject({ statusText: 'send success', totalCount: 6, filterCount: 5, sentCount: 3, errorCount: 2 });
    expect(await delivered(r.msg_id)).toEqual(ids.slice(3).sort());
    // Cleared flags deliver again.
    await wx.control('POST', '/_sim/follower-flags', { appid: SERVICE.appId, openids: ids.slice(0, 3), messagesOff: false, failDelivery: false });
    const again = await send(ids, { clientmsgid: 'partial-2' });
    await finish(again.msg_id);
    expect(await jobOf(again.msg_id)).toMatchObject({ filterCount: 6, sentCount: 6, errorCount: 0 });
  });

  it('filters service-account followers who already received 4 mass messages this month', async () => {
    const ids = await wx.openids(token, 3);
    for (let n = 1; n <= 4; n++) await finish((await send(ids.slice(0, 2), { clientmsgid: `month-${n}` })).msg_id);
    const fifth = await send(ids, { clientmsgid: 'month-5' });
    await finish(fifth.msg_id);
    expect(await jobOf(fifth.msg_id)).toMatchObject({ totalCount: 3, filterCount: 1, sentCount: 1 });
    expect(await delivered(fifth.msg_id)).toEqual([ids[2]]);
  });
});

describe('history rule for is_to_all', () => {
  it('lets a service account put at most 4 is_to_all sends a month into history (45028), tag sends go on', async () => {
    for (let n = 1; n <= 4; n++) {
      const r = await sendall({ clientmsgid: `all-${n}` });
      expect(r.errcode).toBe(0);
      expect((await jobOf(r.msg_id)).inHistory).toBe(true);
    }
    expectErr(await sendall({ clientmsgid: 'all-5' }), 45028);
    const tag = await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: false, tag_id: 100 }, ...text('tag'), clientmsgid: 'tag-1' });
    expect(tag.errcode).toBe(0);
    expect((await jobOf(tag.msg_id)).inHistory).toBe(false);
    // A new Beijing month (2025-04-01 00:00 +08:00) allows 4 more.
    await wx.control('POST', '/_sim/clock', { set: '2025-03-31T16:00:00Z' });
    token = await wx.token();
    expect((await sendall({ clientmsgid: 'all-april' })).errcode).toBe(0);
  });
});

describe('originality check', () => {
  const sendNews = async (titles: string[], ignore: 0 | 1, id: string) => {
    const draft = await wx.draft(token, titles);
    const r = await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: false, tag_id: 100 }, msgtype: 'mpnews', mpnews: { media_id: draft }, send_ignore_reprint: ignore, clientmsgid: id });
    expect(r.errcode).toBe(0);
    await finish(r.msg_id);
    const callbacks = await wx.control('GET', `/_sim/mass-jobs?appid=${SERVICE.appId}`);
    return callbacks.jobs.find((j: Json) => j.msgId === r.msg_id) as Json;
  };

  it('follows the verdict set per article title and honours send_ignore_reprint', async () => {
    await wx.control('POST', '/_sim/copyright', { title: '转载文', outcome: 'reprint-allowed', originalArticleUrl: 'https://mp.weixin.qq.com/s/orig' });
    await wx.control('POST', '/_sim/copyright', { title: '禁转文', outcome: 'reprint-forbidden' });
    expect(await sendNews(['原创文'], 0, 'c1')).toMatchObject({ statusText: 'send success', status: 'SEND_SUCCESS' });
    expect(await sendNews(['原创文', '转载文'], 0, 'c2')).toMatchObject({ statusText: 'err(30003)', status: 'SEND_FAIL', sentCount: 0 });
    const ignored = await sendNews(['原创文', '转载文'], 1, 'c3');
    expect(ignored).toMatchObject({ statusText: 'send success', sentCount: expect.any(Number) });
    expect(ignored.sentCount).toBeGreaterThan(0);
    expect(await sendNews(['禁转文'], 1, 'c4')).toMatchObject({ statusText: 'err(30002)' });
    expect(await sendNews(['禁转文'], 0, 'c5')).toMatchObject({ statusText: 'err(30003)' });
    await wx.control('DELETE', '/_sim/copyright');
    expect(await sendNews(['禁转文'], 0, 'c6')).toMatchObject({ statusText: 'send success' });
  });

  it("reports the verdict in the MASSSENDJOBFINISH event's CopyrightCheckResult", async () => {
    const events: string[] = [];
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        events.push(body);
        res.end('success');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      await wx.control('POST', '/_sim/callback-url', { url: `http://127.0.0.1:${port}/cb` });
      await wx.control('POST', '/_sim/copyright', { title: '转载文', outcome: 'reprint-allowed', originalArticleUrl: 'https://mp.weixin.qq.com/s/orig' });
      await sendNews(['原创文', '转载文'], 1, 'e1');
      await wx.control('POST', '/_sim/idle');
      const xml = events.at(-1)!;
      expect(xml).toContain('<CheckState>2</CheckState>');
      expect(xml).toContain('<CanReprint>1</CanReprint>');
      expect(xml).toContain('https://mp.weixin.qq.com/s/orig');
    } finally {
      server.close();
    }
  });
});

describe('read statistics set per article', () => {
  it('serves the set unique readers through getarticletotal, cumulative to exactly the figure after 7 days', async () => {
    const draft = await wx.draft(token, ['变体A', '变体B']);
    const r = await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: false, tag_id: 100 }, msgtype: 'mpnews', mpnews: { media_id: draft }, clientmsgid: 'ab-1' });
    await finish(r.msg_id);
    expect(await wx.control('POST', '/_sim/read-stats', { title: '变体A', readUser: 1234, shareUser: 10 })).toEqual({ articles: 1 });
    expect(await wx.control('POST', '/_sim/read-stats', { msgid: `${r.msg_data_id}_2`, readUser: 7 })).toEqual({ articles: 1 });
    await expect(wx.control('POST', '/_sim/read-stats', { msgid: '1_1', readUser: 7 })).rejects.toThrow(/no sent article/);
    await expect(wx.control('POST', '/_sim/read-stats', { title: 'x', readUser: -1 })).rejects.toThrow(/readUser/);
    await wx.control('POST', '/_sim/clock', { set: '2025-03-17T01:00:00Z' });
    token = await wx.token();
    const total = await wx.call(token, '/datacube/getarticletotal', { begin_date: '2025-03-10', end_date: '2025-03-10' });
    const last = (row: Json) => row.details.at(-1);
    expect(total.list.map((row: Json) => [row.title, last(row).int_page_read_user])).toEqual([
      ['变体A', 1234],
      ['变体B', 7],
    ]);
    expect(last(total.list[0]).share_user).toBe(10);
  });

  it('answers a day not ready yet with an empty list, or 61503 when switched', async () => {
    await wx.control('POST', '/_sim/clock', { set: '2025-03-10T23:00:00Z' }); // 07:00 Beijing on 03-11
    token = await wx.token();
    const body = { begin_date: '2025-03-10', end_date: '2025-03-10' };
    expect(await wx.call(token, '/datacube/getarticletotal', body)).toEqual({ list: [] });
    await wx.control('POST', '/_sim/config', { datacubeNotReady: '61503' });
    expectErr(await wx.call(token, '/datacube/getarticletotal', body), 61503);
  });
});

describe('switches for unconfirmed behaviours', () => {
  it('rejects unknown config keys', async () => {
    await expect(wx.control('POST', '/_sim/config', { noSuchSwitch: true })).rejects.toThrow(/unknown config noSuchSwitch/);
  });

  it("refusedClientMsgIdCounts: a refused send's clientmsgid is 45066 on an immediate retry, or free when switched off", async () => {
    const ids = await wx.openids(token, 2);
    await wx.control('POST', '/_sim/config', { massDailyLimit: 0 });
    expectErr(await send(ids, { clientmsgid: 'refused-1' }), 45009);
    await wx.control('POST', '/_sim/config', { massDailyLimit: 100 });
    expectErr(await send(ids, { clientmsgid: 'refused-1' }), 45066);

    await wx.control('POST', '/_sim/config', { refusedClientMsgIdCounts: false, massDailyLimit: 0 });
    expectErr(await send(ids, { clientmsgid: 'refused-2' }), 45009);
    await wx.control('POST', '/_sim/config', { massDailyLimit: 100 });
    expect((await send(ids, { clientmsgid: 'refused-2' })).errcode).toBe(0);
  });

  it('duplicateConsumesQuota: a 45065 answer takes a daily slot only when switched on', async () => {
    const ids = await wx.openids(token, 2);
    await wx.control('POST', '/_sim/config', { massDailyLimit: 2 });
    const first = await send(ids, { clientmsgid: 'dup-1' });
    await wx.advance(61_000);
    expect(await send(ids, { clientmsgid: 'dup-1' })).toMatchObject({ errcode: 45065, msg_id: first.msg_id });
    expect((await send(ids, { clientmsgid: 'dup-2' })).errcode).toBe(0);

    await wx.control('POST', '/_sim/config', { duplicateConsumesQuota: true, massDailyLimit: 3 });
    await wx.advance(61_000);
    expect((await send(ids, { clientmsgid: 'dup-1' })).errcode).toBe(45065);
    expectErr(await send(ids, { clientmsgid: 'dup-3' }), 45009);
  });

  it('failedJobConsumesQuota: switched off, a job that fails gives its daily slot back', async () => {
    const ids = await wx.openids(token, 2);
    await wx.control('POST', '/_sim/config', { massDailyLimit: 1, failedJobConsumesQuota: false });
    const r = await send(ids, { clientmsgid: 'fail-1' });
    await wx.control('POST', `/_sim/mass-jobs/${r.msg_id}/finish`, { status: 'send fail' });
    expect((await send(ids, { clientmsgid: 'fail-2' })).errcode).toBe(0);
    await wx.control('POST', `/_sim/config`, { failedJobConsumesQuota: true });
    expectErr(await send(ids, { clientmsgid: 'fail-3' }), 45009);
  });

  it('quotaBeforeClientMsgId: a resubmitted subscription sendall is 45065, or 45028 when quotas are checked first', async () => {
    const sub = await wx.token(SUBSCRIPTION);
    const body = { filter: { is_to_all: true }, ...text('每日一次'), clientmsgid: 'daily-1' };
    const first = await wx.call(sub, '/cgi-bin/message/mass/sendall', body);
    await wx.advance(61_000);
    expect(await wx.call(sub, '/cgi-bin/message/mass/sendall', body)).toMatchObject({ errcode: 45065, msg_id: first.msg_id });
    await wx.control('POST', '/_sim/config', { quotaBeforeClientMsgId: true });
    await wx.advance(61_000);
    expectErr(await wx.call(sub, '/cgi-bin/message/mass/sendall', body), 45028);
  });

  it('draftKeptAfterSend: a second batch of the same draft is 40007, or sent when the draft is kept', async () => {
    const ids = await wx.openids(token, 4);
    const news = (media_id: string, touser: string[], id: string) => send(touser, { msgtype: 'mpnews', mpnews: { media_id }, text: undefined, clientmsgid: id });
    const draft = await wx.draft(token, ['分批']);
    expect((await news(draft, ids.slice(0, 2), 'd-1')).errcode).toBe(0);
    expectErr(await news(draft, ids.slice(2), 'd-2'), 40007);
    await wx.control('POST', '/_sim/config', { draftKeptAfterSend: true });
    const kept = await wx.draft(token, ['分批二']);
    expect((await news(kept, ids.slice(0, 2), 'k-1')).errcode).toBe(0);
    expect((await news(kept, ids.slice(2), 'k-2')).msg_data_id).toEqual(expect.any(Number));
  });

  it('answers a resubmission whose draft the first submission sent (and removed) by its clientmsgid: 45065, not 40007', async () => {
    const ids = await wx.openids(token, 2);
    const draft = await wx.draft(token, ['已发送']);
    const body = { msgtype: 'mpnews', mpnews: { media_id: draft }, text: undefined, clientmsgid: 'sent-draft' };
    const first = await send(ids, body);
    expect(first.errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/draft/get', { media_id: draft }), 40007);
    // The clientmsgid is checked before the content: within a minute 45066, after it the first job.
    expectErr(await send(ids, body), 45066);
    await wx.advance(61_000);
    expect(await send(ids, body)).toMatchObject({ errcode: 45065, msg_id: first.msg_id });
    // A new clientmsgid with the sent draft is refused as content.
    expectErr(await send(ids, { ...body, clientmsgid: 'sent-draft-2' }), 40007);
  });

  it('minuteLimitErrcode and clientMsgIdMaxBytes', async () => {
    const ids = await wx.openids(token, 2);
    await wx.control('POST', '/_sim/config', { massMinuteLimit: 1, minuteLimitErrcode: 42010 });
    expect((await send(ids, { clientmsgid: 'm-1' })).errcode).toBe(0);
    expectErr(await send(ids, { clientmsgid: 'm-2' }), 42010);
    await wx.advance(60_000);
    expectErr(await send(ids, { clientmsgid: 'x'.repeat(33) }), 45067);
    await wx.control('POST', '/_sim/config', { clientMsgIdMaxBytes: 64 });
    expect((await send(ids, { clientmsgid: 'x'.repeat(64) })).errcode).toBe(0);
  });
});
