import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { encryptMessage } from '#src/wechat/callback-crypto.ts';
import { AES_KEY, sign, useCallbackAccounts } from './helpers.ts';
import { createCallbackRoute } from '#src/callback/route.ts';
import { MASS_SEND_JOB_FINISH_XML } from '../fixtures/mass-send-job-finish.ts';

const TOKEN = 'hardenedToken';
const WINDOW_SECONDS = 120;
const eventXml = (msgId: number) => MASS_SEND_JOB_FINISH_XML.replace('1000001625', String(msgId));

/**
 * Callback requests that must change nothing: bodies that are not a pushed message (400), stale
 * or replayed plaintext-mode signatures (401); and WeChat's compatible mode, which must work.
 */
const env = useCallbackAccounts(TOKEN, { plain: 'wxplainh', safe: 'wxcompat' }, { callbackTimestampWindowSeconds: WINDOW_SECONDS });

describe('WeChat callback hardening', () => {

  let nonces = 0;
  const signed = (secondsAgo = 0, extra: Record<string, string> = {}) => {
    const timestamp = String(Math.floor(Date.now() / 1000) - secondsAgo);
    const nonce = `n${Date.now()}${nonces++}`;
    return { timestamp, nonce, signature: sign(TOKEN, timestamp, nonce), ...extra };
  };
  const post = (id: string, params: Record<string, string>, body: string) =>
    fetch(`${env.app.url}/wechat/callback/${id}?${new URLSearchParams(params)}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
  const stored = (accountId: string) => env.app.deps.prisma.weChatEvent.count({ where: { accountId } });

  it('answers 400 to an empty, non-XML or unknown-shaped body and stores nothing', async () => {
    for (const body of ['', '   ', 'hello', '{"MsgType":"event"}', '<xml><Event>MASSSENDJOBFINISH', '<xml><Foo>1</Foo></xml>', '<other/>',
      // MASSSENDJOBFINISH without its MsgID, and an event without Event
      eventXml(1).replace(/<MsgID>1<\/MsgID>/, ''), eventXml(1).replace(/<Event>.*<\/Event>/, '')]) {
      const response = await post(env.plainId, signed(), body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect(await stored(env.plainId)).toBe(0);
    expect(await env.app.deps.prisma.callbackNonce.count()).toBe(0);
  });

  it('refuses a plaintext push whose timestamp is outside the window, either way', async () => {
    expect((await post(env.plainId, signed(WINDOW_SECONDS + 30), eventXml(11))).status).toBe(401);
    expect((await post(env.plainId, signed(-(WINDOW_SECONDS + 30)), eventXml(12))).status).toBe(401);
    // A 2001 timestamp, as a captured query string would carry.
    const old = '978307200';
    expect((await post(env.plainId, { timestamp: old, nonce: 'x', signature: sign(TOKEN, old, 'x') }, eventXml(13))).status).toBe(401);
    expect(await stored(env.plainId)).toBe(0);
    // Inside the window it is taken.
    expect((await post(env.plainId, signed(WINDOW_SECONDS - 30), eventXml(14))).status).toBe(200);
    expect(await stored(env.plainId)).toBe(1);
  });

  it('refuses a replayed nonce with another body, and answers WeChat\'s retry of the same push', async () => {
    const params = signed();
    expect((await post(env.plainId, params, eventXml(21))).status).toBe(200);
    const before = await stored(env.plainId);
    // The captured query string with a made-up event.
    const replay = await post(env.plainId, params, eventXml(22).replace('send success', 'send fail'));
    expect(replay.status).toBe(401);
    expect(await env.app.deps.prisma.weChatEvent.count({ where: { msgId: 22n } })).toBe(0);
    // WeChat retrying the same push (same query string, same message) is answered, stored once.
    const retry = await post(env.plainId, params, eventXml(21));
    expect(retry.status).toBe(200);
    expect(await retry.text()).toBe('success');
    expect(await stored(env.plainId)).toBe(before);
  });

  it('accepts compatible mode (plaintext fields beside Encrypt), trusting only the encrypted copy', async () => {
    const encrypted = encryptMessage(eventXml(31), { encodingAesKey: AES_KEY, appId: 'wxcompat' });
    // The plaintext half is not covered by msg_signature: a tampered copy there changes nothing.
    const plainHalf = eventXml(31).replace('<MsgID>31</MsgID>', '<MsgID>99</MsgID>').replace(/<\/xml>$/, '');
    const body = `${plainHalf}<Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
    const params = signed(0, { encrypt_type: 'aes' });
    const badSig = await post(env.safeId, { ...params, msg_signature: sign(TOKEN, params.timestamp, params.nonce, 'other') }, body);
    expect(badSig.status).toBe(401);
    expect(await stored(env.safeId)).toBe(0);
    const ok = await post(env.safeId, { ...params, msg_signature: sign(TOKEN, params.timestamp, params.nonce, encrypted) }, body);
    expect(ok.status).toBe(200);
    const rows = await env.app.deps.prisma.weChatEvent.findMany({ where: { accountId: env.safeId } });
    expect(rows.map((row) => row.msgId)).toEqual([31n]);
  });
});

describe('WeChat callback rejections in the log', () => {
  it('logs each rejection with its precise reason, while the client gets only the status', async () => {
    const records: { reason?: string; status?: number; msg?: string }[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void records.push(JSON.parse(line)) });
    const route = createCallbackRoute({ prisma: env.app.deps.prisma, pubsub: env.app.deps.pubsub, agenda: env.app.deps.agenda, timestampWindowSeconds: 60, log });
    const server = http.createServer((req, res) => void route(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      // A route of its own with a 60 s window and a logger the test reads, on the plaintext account.
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/callback/${env.plainId}`;
      const at = (secondsAgo: number, nonce: string) => {
        const timestamp = String(Math.floor(Date.now() / 1000) - secondsAgo);
        return new URLSearchParams({ timestamp, nonce, signature: sign(TOKEN, timestamp, nonce) });
      };
      const answers = [
        await fetch(`${base}?${at(0, 'a')}`, { method: 'POST', body: 'not xml' }),
        await fetch(`${base}?${at(600, 'b')}`, { method: 'POST', body: eventXml(51) }),
        await fetch(`${base}?${new URLSearchParams({ timestamp: '1', nonce: 'c', signature: 'f'.repeat(40) })}`, { method: 'POST', body: eventXml(52) }),
      ];
      expect(answers.map((r) => r.status)).toEqual([400, 401, 401]);
      expect(await Promise.all(answers.map((r) => r.text()))).toEqual(['bad request', 'invalid signature', 'invalid signature']);
      expect(records.map((r) => [r.msg, r.status, r.reason])).toEqual([
        ['rejected a WeChat callback request', 400, 'body: body is not well-formed XML'],
        ['rejected a WeChat callback request', 401, expect.stringMatching(/^timestamp is 6\d\d s away from now \(window 60 s\)$/)],
        ['rejected a WeChat callback request', 401, 'signature does not match the account token'],
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
