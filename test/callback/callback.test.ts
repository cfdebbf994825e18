import { describe, expect, it, vi } from 'vitest';
import { encryptMessage } from '#src/wechat/callback-crypto.ts';
import { AES_KEY, sign, useCallbackAccounts } from './helpers.ts';
import { MASS_SEND_JOB_FINISH_XML } from '../fixtures/mass-send-job-finish.ts';

const EVENT_XML = MASS_SEND_JOB_FINISH_XML;

const TOKEN = 'callbackToken123';

describe('WeChat callback endpoint', () => {
  const env = useCallbackAccounts(TOKEN, { plain: 'wxplain', safe: 'wxsafe' });

  const url = (id: string, params: Record<string, string>) => `${env.app.url}/wechat/callback/${id}?${new URLSearchParams(params)}`;
  const signed = (extra: Record<string, string> = {}) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    return { timestamp, nonce, signature: sign(TOKEN, timestamp, nonce), ...extra };
  };

  it('answers the GET handshake with echostr only when the signature is right', async () => {
    const ok = await fetch(url(env.plainId, { ...signed(), echostr: 'echo-123' }));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('echo-123');
    const forged = await fetch(url(env.plainId, { ...signed(), signature: 'f'.repeat(40), echostr: 'x' }));
    expect(forged.status).toBe(401);
    expect((await fetch(url(env.plainId, { echostr: 'x' }))).status).toBe(401);
  });

  it('stores a signed MASSSENDJOBFINISH once, publishes it once, and ignores redeliveries', async () => {
    const events = env.app.deps.pubsub.subscribe('wechat:event', env.plainId);
    const received: unknown[] = [];
    const reading = (async () => {
      for await (const event of events) received.push(event);
    })();
    const params = signed({ openid: 'oV5CrjpxgaGXNHIQigzNlgLTnwic' });
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(url(env.plainId, params), { method: 'POST', body: EVENT_XML, headers: { 'content-type': 'text/xml' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('success');
    }
    const rows = await env.app.deps.prisma.weChatEvent.findMany({ where: { accountId: env.plainId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: 'MASSSENDJOBFINISH', msgType: 'event', msgId: 1000001625n, dedupKey: 'masssend:1000001625' });
    expect(rows[0]!.payload).toMatchObject({ Status: 'send success', TotalCount: '100', FilterCount: '80', SentCount: '75', ErrorCount: '5' });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 15_000 });
    // A redelivery published again would arrive right behind it; give it a moment to show.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await events.return?.();
    await reading;
    expect(received).toEqual([{ eventId: rows[0]!.id, event: 'MASSSENDJOBFINISH' }]);
  });

  it('refuses forged and unsigned pushes with 401 and stores nothing', async () => {
    const other = EVENT_XML.replace('1000001625', '1000009999');
    const forged = await fetch(url(env.plainId, { ...signed(), signature: sign('wrong-token', '1', '2') }), { method: 'POST', body: other });
    expect(forged.status).toBe(401);
    expect((await fetch(url(env.plainId, {}), { method: 'POST', body: other })).status).toBe(401);
    expect(await env.app.deps.prisma.weChatEvent.count({ where: { msgId: 1000009999n } })).toBe(0);
    expect((await fetch(url('00000000-0000-0000-0000-000000000000', signed()), { method: 'POST', body: other })).status).toBe(404);
  });

  it('decrypts safe-mode (AES) pushes and checks msg_signature', async () => {
    const encrypted = encryptMessage(EVENT_XML.replace('1000001625', '2000000001'), { encodingAesKey: AES_KEY, appId: 'wxsafe' });
    const body = `<xml><ToUserName><![CDATA[gh_4d00ed8d6399]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
    const base = signed({ encrypt_type: 'aes' });
    const badSig = await fetch(url(env.safeId, { ...base, msg_signature: sign(TOKEN, base.timestamp, base.nonce, 'other') }), { method: 'POST', body });
    expect(badSig.status).toBe(401);
    const plaintext = await fetch(url(env.safeId, signed()), { method: 'POST', body: EVENT_XML });
    expect(plaintext.status).toBe(401);
    const wrongApp = encryptMessage(EVENT_XML, { encodingAesKey: AES_KEY, appId: 'wxsomeoneelse' });
    const wrongBody = `<xml><Encrypt><![CDATA[${wrongApp}]]></Encrypt></xml>`;
    const wrongAppRes = await fetch(url(env.safeId, { ...base, msg_signature: sign(TOKEN, base.timestamp, base.nonce, wrongApp) }), { method: 'POST', body: wrongBody });
    expect(wrongAppRes.status).toBe(401);
    expect(await env.app.deps.prisma.weChatEvent.count({ where: { accountId: env.safeId } })).toBe(0);

    const ok = await fetch(url(env.safeId, { ...base, msg_signature: sign(TOKEN, base.timestamp, base.nonce, encrypted) }), { method: 'POST', body });
    expect(ok.status).toBe(200);
    const row = await env.app.deps.prisma.weChatEvent.findFirstOrThrow({ where: { accountId: env.safeId } });
    expect(row.msgId).toBe(2000000001n);
  });
});
