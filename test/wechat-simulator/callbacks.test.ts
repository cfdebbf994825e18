import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SERVICE, START, WxHttp } from './helpers.ts';
import { decryptMessage, parseEncryptedEnvelope, parseMassSendJobFinishXml } from '#src/wechat/callback-crypto.ts';
import { createSimulator, type Simulator } from '#src/wechat-simulator/server.ts';
import type { SeedAccount } from '#src/wechat-simulator/seed.ts';

const SAFE: SeedAccount = {
  appId: 'wxsafe000000000001',
  secret: 's-safe',
  type: 'SERVICE',
  followers: 10,
  callbackToken: 'safeToken123',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const PLAIN: SeedAccount = { ...SERVICE, callbackToken: 'plainToken123' };

interface Received {
  query: URLSearchParams;
  body: string;
}

/** A tiny callback receiver: `plan` gives the behaviour per attempt (status, or 'hang'). */
async function receiver(plan: (n: number) => number | 'hang') {
  const received: Received[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ query: new URL(req.url!, 'http://x').searchParams, body: Buffer.concat(chunks).toString('utf8') });
    const action = plan(received.length);
    if (action === 'hang') return; // never answers
    res.writeHead(action).end(action === 200 ? 'success' : 'error');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/callback`;
  return { url, received, close: () => (server.closeAllConnections(), new Promise((r) => server.close(r))) };
}

const sha1 = (...parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');

let sim: Simulator;
let wx: WxHttp;
let cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  // A generous callback timeout: a receiver that answers is never counted as timed out, however
  // busy the machine. The timeout test has a simulator of its own with a short one.
  sim = await createSimulator({ clockStart: START, frozen: true, callbackRetryDelayMs: 20, callbackTimeoutMs: 10_000, seed: { accounts: [PLAIN, SAFE] } });
  wx = new WxHttp(sim.url);
});
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});
afterAll(() => sim?.close());

describe('MASSSENDJOBFINISH push', () => {
  it('retries until the receiver answers 200 (3 attempts total), each correctly signed', async () => {
    const r = await receiver((n) => (n < 3 ? 500 : 200));
    cleanup.push(r.close);
    await wx.control('POST', '/_sim/callback-url', { url: r.url, appid: PLAIN.appId });
    const token = await wx.token(PLAIN);
    const ids = await wx.openids(token, 4);
    const send = await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids, msgtype: 'text', text: { content: 'hi' } });
    expect(r.received).toHaveLength(0);
    await wx.advance(60_000); // the job's simulated duration
    await wx.control('POST', '/_sim/idle');
    expect(r.received).toHaveLength(3);
    for (const { query, body } of r.received) {
      expect(query.get('signature')).toBe(sha1('plainToken123', query.get('timestamp')!, query.get('nonce')!));
      expect(query.get('signature')).not.toBe(sha1('wrongToken', query.get('timestamp')!, query.get('nonce')!));
      expect(query.get('openid')).toMatch(/^o/);
      expect(query.has('encrypt_type')).toBe(false);
      const event = parseMassSendJobFinishXml(body);
      expect(event).toMatchObject({ MsgID: String(send.msg_id), Status: 'send success', TotalCount: 4, FilterCount: 4, SentCount: 4, ErrorCount: 0 });
      expect(event.CopyrightCheckResult).toEqual({ Count: 0, ResultList: [], CheckState: 0 });
    }
    expect(r.received[0]!.body).toContain('<Event><![CDATA[MASSSENDJOBFINISH]]></Event>');
    const log = await wx.control('GET', `/_sim/callbacks?msg_id=${send.msg_id}`);
    expect(log.attempts.map((a: { outcome: number }) => a.outcome)).toEqual([500, 500, 200]);
  });

  it('gives up after 3 attempts that time out', async () => {
    // A receiver that never answers times out whatever the timeout: a short one keeps this quick.
    const quick = await createSimulator({ clockStart: START, frozen: true, callbackRetryDelayMs: 20, callbackTimeoutMs: 300, seed: { accounts: [PLAIN] } });
    cleanup.push(() => quick.close());
    const qwx = new WxHttp(quick.url);
    const r = await receiver(() => 'hang');
    cleanup.push(r.close);
    await qwx.control('POST', '/_sim/callback-url', { url: r.url, appid: PLAIN.appId });
    const token = await qwx.token(PLAIN);
    const send = await qwx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'text', text: { content: 'timeout' } });
    await qwx.advance(60_000);
    await qwx.control('POST', '/_sim/idle');
    expect(r.received).toHaveLength(3);
    const log = await qwx.control('GET', `/_sim/callbacks?msg_id=${send.msg_id}`);
    expect(log.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['timeout', 'timeout', 'timeout']);
  });

  it('pushes in safe mode when the account has an EncodingAESKey (global callback URL)', async () => {
    const r = await receiver(() => 200);
    cleanup.push(r.close);
    await wx.control('POST', '/_sim/callback-url', { url: r.url });
    const token = await wx.token(SAFE);
    const draft = await (async () => {
      const upload = new FormData();
      upload.set('media', new Blob([Buffer.from('ffd8ffe000104a464946', 'hex')], { type: 'image/jpeg' }), 'cover.jpg');
      const image = await (await fetch(`${sim.url}/cgi-bin/material/add_material?type=image&access_token=${token}`, { method: 'POST', body: upload })).json();
      const d = await wx.call(token, '/cgi-bin/draft/add', { articles: [{ title: '安全模式', content: '<p>正文</p>', thumb_media_id: image.media_id }] });
      return d.media_id as string;
    })();
    const send = await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: draft } });
    await wx.advance(60_000);
    await wx.control('POST', '/_sim/idle');
    expect(r.received).toHaveLength(1);
    const { query, body: xml } = r.received[0]!;
    expect(query.get('encrypt_type')).toBe('aes');
    const { encrypt, toUserName } = parseEncryptedEnvelope(xml);
    expect(query.get('signature')).toBe(sha1('safeToken123', query.get('timestamp')!, query.get('nonce')!));
    expect(query.get('msg_signature')).toBe(sha1('safeToken123', query.get('timestamp')!, query.get('nonce')!, encrypt));
    const event = parseMassSendJobFinishXml(decryptMessage(encrypt, { encodingAesKey: SAFE.encodingAesKey!, appId: SAFE.appId }));
    expect(event.ToUserName).toBe(toUserName);
    expect(event).toMatchObject({ MsgID: String(send.msg_id), TotalCount: 10, SentCount: 10 });
    expect(event.ArticleUrlResult.ResultList).toEqual([{ ArticleIdx: 1, ArticleUrl: expect.stringMatching(/^http:\/\/mp\.weixin\.qq\.com\/s\//) }]);
    expect(event.CopyrightCheckResult.CheckState).toBe(1);
    await wx.control('POST', '/_sim/callback-url', { url: null });
  });
});

describe('delivery log', () => {
  it('records which openid got which msg_id and when, filterable by openid, msg_id and appid', async () => {
    const token = await wx.token(PLAIN);
    const ids = await wx.openids(token, 3);
    const send = await wx.call(token, '/cgi-bin/message/mass/send', { touser: ids, msgtype: 'text', text: { content: 'log' }, clientmsgid: 'log-1' });
    expect((await wx.control('GET', `/_sim/deliveries?msg_id=${send.msg_id}`)).total).toBe(0);
    const clock = await wx.advance(60_000);
    const log = await wx.control('GET', `/_sim/deliveries?msg_id=${send.msg_id}`);
    expect(log.total).toBe(3);
    expect(log.deliveries.map((d: { openid: string }) => d.openid).sort()).toEqual([...ids].sort());
    expect(log.deliveries[0]).toMatchObject({ appid: PLAIN.appId, msgId: send.msg_id, kind: 'mass', msgtype: 'text', deliveredAt: clock.now });
    const mine = await wx.control('GET', `/_sim/deliveries?openid=${ids[0]}&appid=${PLAIN.appId}`);
    expect(mine.deliveries.map((d: { msgId: number }) => d.msgId)).toContain(send.msg_id);
    expect((await wx.control('GET', `/_sim/deliveries?appid=${SAFE.appId}&msg_id=${send.msg_id}`)).total).toBe(0);
  });
});

describe('real time', () => {
  it('finishes jobs on real time while the clock runs', async () => {
    // Long enough that the job is surely still sending when asked right after; then it finishes
    // by itself, with no clock moved by the test.
    const live = await createSimulator({ jobDurationMs: 2_000, seed: { accounts: [PLAIN] } });
    cleanup.push(() => live.close());
    const lwx = new WxHttp(live.url);
    const token = await lwx.token(PLAIN);
    const send = await lwx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'text', text: { content: 'live' } });
    expect((await lwx.call(token, '/cgi-bin/message/mass/get', { msg_id: send.msg_id })).msg_status).toBe('SENDING');
    await vi.waitFor(async () => expect((await lwx.call(token, '/cgi-bin/message/mass/get', { msg_id: send.msg_id })).msg_status).toBe('SEND_SUCCESS'), {
      timeout: 30_000,
      interval: 100,
    });
    expect((await lwx.control('GET', `/_sim/deliveries?msg_id=${send.msg_id}`)).total).toBe(50);
  });
});
