import { describe, expect, it } from 'vitest';
import { WeChatApiError } from '#src/errors.ts';
import { parseErrmsg, retryAfterMs } from '#src/wechat/errors.ts';
import { backoffDelayMs } from '#src/wechat/retry.ts';
import { callsOf, clientFor, FAST_RETRY, issued, SERVICE, SUBSCRIPTION, useWeChatEnv } from './helpers.ts';

const t = useWeChatEnv();


/** The WeChatApiError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<WeChatApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WeChatApiError)) throw new Error(`expected a WeChatApiError, got ${String(error)}`);
  return error;
}

const USER_GET = '/cgi-bin/user/get';
const MASS_SEND = '/cgi-bin/message/mass/send';

describe('errmsg parsing', () => {
  it('splits rid and hint suffixes off errmsg', () => {
    expect(parseErrmsg('invalid openid rid: 6125a48e-4bc55df9-6a1d6b57')).toEqual({ message: 'invalid openid', rid: '6125a48e-4bc55df9-6a1d6b57' });
    expect(parseErrmsg('system error hint: [i50PvA0089sha6]')).toEqual({ message: 'system error', rid: 'i50PvA0089sha6' });
    expect(parseErrmsg('ok')).toEqual({ message: 'ok' });
  });
});

describe('backoff', () => {
  it('draws full jitter below an exponentially growing, capped ceiling', () => {
    const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 500 };
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(policy, retry, () => 0.999))).toEqual([99, 199, 399, 499]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });
});

describe('refused access tokens', () => {
  it.each([40001, 40014, 42001])('refreshes once on %i and repeats the call', async (errcode) => {
    await t.wx.getTags(); // stores the first token
    const fault = t.env.sim.addFault({ path: USER_GET, errcode, count: 1 });
    const page = await t.wx.getFollowers();
    expect(page.total).toBe(50);
    expect(fault.id).toBeGreaterThan(0);
    // WeChat still deemed the token valid, so only a forced refresh could replace it.
    expect(issued(t.env).stable).toBe(2);
    const stored = await t.env.prisma.accessToken.findUniqueOrThrow({ where: { accountId: t.env.accountIds[SERVICE.appId]! } });
    expect((await t.wx.getStableAccessToken()).accessToken).toBe(stored.token);
  });

  it('refreshes a naturally expired token (42001) without forcing', async () => {
    await t.wx.getTags();
    t.env.sim.setClock({ advanceMs: 7200_000 });
    expect((await t.wx.getFollowers()).total).toBe(50);
    expect(issued(t.env).stable).toBe(2);
    expect(t.env.sim.state.accounts.get(SERVICE.appId)!.forceRefreshTimes).toEqual([]);
  });

  it('reuses a token someone else already replaced instead of refreshing again', async () => {
    await t.wx.getTags();
    // Another party forces a refresh: our stored token dies at once (40001).
    await clientFor(t.env).getStableAccessToken({ forceRefresh: true });
    expect(issued(t.env).stable).toBe(2);
    expect((await t.wx.getFollowers()).total).toBe(50);
    expect(issued(t.env).stable).toBe(2);
  });

  it('refreshes only once per call: a second refusal is final', async () => {
    await t.wx.getTags();
    t.env.sim.addFault({ path: USER_GET, errcode: 40001, count: 2 });
    const error = await failure(t.wx.getFollowers());
    expect(error).toMatchObject({ errcode: 40001, path: USER_GET, retryable: false });
    expect(error.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  });
});

describe('transient failures', () => {
  it.each([
    ['errcode -1', { errcode: -1 }],
    ['HTTP 502', { status: 502 }],
    ['a dropped connection', { drop: true }],
    // Held unanswered (until the test's reset): only the client's timeout ends such an attempt.
    ['a timeout', { hold: true }],
  ])('retries %s with backoff and succeeds', async (_name, effect) => {
    await t.wx.getTags();
    const client = clientFor(t.env, SERVICE, { timeoutMs: 2_000 });
    t.env.sim.addFault({ path: USER_GET, count: FAST_RETRY.attempts - 1, ...effect });
    expect((await client.getFollowers()).total).toBe(50);
    // Used up: removed after its count (a holding fault stays listed, holding, until released).
    const left = t.env.sim.faults();
    expect(left.filter((fault) => !fault.hold)).toEqual([]);
    for (const fault of left) expect(fault.hits).toBe(FAST_RETRY.attempts - 1);
  });

  it.each([
    ['errcode -1', { errcode: -1 }, { errcode: -1, transport: undefined }],
    ['HTTP 503', { status: 503 }, { errcode: -1, transport: 'http-5xx' }],
    ['a dropped connection', { drop: true }, { errcode: -1, transport: 'network' }],
    ['a timeout', { hold: true }, { errcode: -1, transport: 'timeout' }],
  ])('gives up on %s after the attempt bound', async (_name, effect, expected) => {
    await t.wx.getTags();
    const client = clientFor(t.env, SERVICE, { timeoutMs: 1_000 });
    t.env.sim.addFault({ path: USER_GET, ...effect });
    const error = await failure(client.getFollowers());
    expect(error).toMatchObject({ ...expected, retryable: true, path: USER_GET });
    expect(t.env.sim.faults()[0]!.hits).toBe(FAST_RETRY.attempts);
    expect(retryAfterMs(error)).toBe(5_000);
  });

  it('does not retry quota errors within the call, but marks them retryable for later', async () => {
    await t.wx.getTags();
    t.env.sim.addFault({ path: USER_GET, errcode: 45011 });
    const error = await failure(t.wx.getFollowers());
    expect(error).toMatchObject({ errcode: 45011, retryable: true });
    expect(t.env.sim.faults()[0]!.hits).toBe(1);
    expect(retryAfterMs(error)).toBe(60_000);
    t.env.sim.clearFaults();
    t.env.sim.addFault({ path: USER_GET, errcode: 45009 });
    expect(await failure(t.wx.getFollowers())).toMatchObject({ errcode: 45009, retryable: true });
  });
});

describe('final mass-send errors', () => {
  it('answers 45065 with the existing msg_id', async () => {
    const touser = (await t.wx.getFollowers()).data!.openid.slice(0, 2);
    const first = await t.wx.massSend({ touser, msgtype: 'text', text: { content: '你好' }, clientmsgid: 'dup-0001' });
    t.env.sim.setClock({ advanceMs: 61_000 }); // past the 45066 minute
    const again = await t.wx.massSend({ touser, msgtype: 'text', text: { content: '你好' }, clientmsgid: 'dup-0001' });
    expect(again).toEqual({ msgId: first.msgId, alreadySubmitted: true });
    expect(t.env.sim.jobs(SERVICE.appId).filter((j) => j.clientmsgid === 'dup-0001' && !j.seeded)).toHaveLength(1);
  });

  it('surfaces 45066, 45067, 40130, 40003 and 40066 as final typed errors, each sent once', async () => {
    const touser = (await t.wx.getFollowers()).data!.openid.slice(0, 2);
    const text = { msgtype: 'text' as const, text: { content: '通知' } };
    await t.wx.massSend({ touser, ...text, clientmsgid: 'fast-0001' });
    const cases: [number, Promise<unknown>][] = [
      [45066, t.wx.massSend({ touser, ...text, clientmsgid: 'fast-0001' })],
      [45067, t.wx.massSend({ touser, ...text, clientmsgid: 'x'.repeat(33) })],
      [40130, t.wx.massSend({ touser: touser.slice(0, 1), ...text, clientmsgid: 'one-0001' })],
      [40003, t.wx.massSend({ touser: [touser[0]!, 'o_not_a_follower_of_this_account'], ...text, clientmsgid: 'stranger-0001' })],
      [40066, t.wx.massSend({ touser, msgtype: 'text', text: { content: '<a href="https://example.com/">外链</a>' }, clientmsgid: 'link-0001' })],
    ];
    for (const [errcode, promise] of cases) {
      const error = await failure(promise);
      expect(error).toMatchObject({ errcode, retryable: false, path: MASS_SEND, transport: undefined });
      expect(error.rid).toBeTruthy();
    }
    expect(callsOf(t.env, MASS_SEND)).toBe(1 + cases.length);
  });

  it('surfaces 45028 (no mass-send quota left today) for a subscription account', async () => {
    const sub = clientFor(t.env, SUBSCRIPTION);
    await sub.massSendAll({ filter: { is_to_all: true }, msgtype: 'text', text: { content: '今日推送' }, clientmsgid: 'sub-day-1' });
    const error = await failure(sub.massSendAll({ filter: { is_to_all: true }, msgtype: 'text', text: { content: '第二条' }, clientmsgid: 'sub-day-2' }));
    expect(error).toMatchObject({ errcode: 45028, retryable: false, path: '/cgi-bin/message/mass/sendall' });
  });
});
