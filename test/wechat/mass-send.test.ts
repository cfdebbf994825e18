import { beforeEach, describe, expect, it, vi } from 'vitest';
import { WeChatApiError } from '#src/errors.ts';
import { retryAfterMs } from '#src/wechat/errors.ts';
import { createRateLimiter, type RateLimiter } from '#src/wechat/rate-limiter.ts';
import { callsOf, clientFor, SERVICE, useWeChatEnv } from './helpers.ts';

const t = useWeChatEnv();
let touser: string[];

beforeEach(async () => {
  touser = (await t.wx.getFollowers()).data!.openid.slice(0, 5);
});

const MASS_SEND = '/cgi-bin/message/mass/send';
const message = { msgtype: 'text' as const, text: { content: '会员日：全场八折' } };

/** Jobs created by the tests (the seed adds finished history jobs). */
function sentJobs() {
  return t.env.sim.jobs(SERVICE.appId).filter((j) => !j.seeded);
}

/** Every recipient of the account's finished jobs, as delivered by the simulator. */
function deliveredOpenids(): string[] {
  for (const job of sentJobs()) if (job.status === 'SENDING') t.env.sim.finishJob(job.msgId);
  return t.env.sim.deliveries({ appid: SERVICE.appId }).deliveries.filter((d) => d.kind === 'mass').map((d) => d.openid!);
}

describe('never a blind retry of a mass send', () => {
  it('does not retry a mass send without clientmsgid after HTTP 5xx', async () => {
    t.env.sim.addFault({ path: MASS_SEND, status: 502, count: 1 });
    const error = await t.wx.massSend({ touser, ...message }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: -1, transport: 'http-5xx', retryable: true });
    // The fault fired once and is used up: a retry would have gone through and created a job.
    expect(t.env.sim.faults()).toEqual([]);
    expect(sentJobs()).toHaveLength(0);
  });

  it('does not retry sendall without clientmsgid after -1 either', async () => {
    t.env.sim.addFault({ path: '/cgi-bin/message/mass/sendall', errcode: -1, count: 1 });
    await expect(t.wx.massSendAll({ filter: { is_to_all: false, tag_id: 100 }, ...message })).rejects.toMatchObject({ errcode: -1 });
    expect(sentJobs()).toHaveLength(0);
  });

  it('retries a mass send with clientmsgid after HTTP 5xx; one job, one delivery per follower', async () => {
    t.env.sim.addFault({ path: MASS_SEND, status: 503, count: 2 });
    const result = await t.wx.massSend({ touser, ...message, clientmsgid: 'bcast-1-batch-0' });
    expect(result.alreadySubmitted).toBe(false);
    expect(sentJobs().map((j) => j.msgId)).toEqual([result.msgId]);
    const delivered = deliveredOpenids();
    expect(delivered.sort()).toEqual([...touser].sort());
  });

  it('retries a timed-out mass send with clientmsgid; one job', async () => {
    const client = clientFor(t.env, SERVICE, { timeoutMs: 400 });
    // The first attempt is held until the client has given up on it and retried.
    const hold = t.env.sim.addFault({ path: MASS_SEND, hold: true, count: 1 });
    const result = await client.massSend({ touser, ...message, clientmsgid: 'bcast-1-batch-1' });
    expect(result.alreadySubmitted).toBe(false);
    // Then it reaches WeChat after all: its clientmsgid makes it no second job.
    t.env.sim.releaseFault(hold.id);
    await vi.waitFor(() => expect(callsOf(t.env, MASS_SEND)).toBe(2), { timeout: 30_000 });
    expect(sentJobs()).toHaveLength(1);
    expect(deliveredOpenids().sort()).toEqual([...touser].sort());
  });

  it('recovers a send whose answer was lost: 45066 within the minute, then 45065 with the msg_id', async () => {
    const sent = await t.wx.massSend({ touser, ...message, clientmsgid: 'bcast-2-batch-0' });
    // The caller never saw `sent` (say, the answer was lost) and submits again at once.
    const tooFast = await t.wx.massSend({ touser, ...message, clientmsgid: 'bcast-2-batch-0' }).catch((e: unknown) => e);
    expect(tooFast).toMatchObject({ errcode: 45066, retryable: false });
    expect(retryAfterMs(tooFast as WeChatApiError)).toBe(60_000);
    t.env.sim.setClock({ advanceMs: 60_000 });
    expect(await t.wx.massSend({ touser, ...message, clientmsgid: 'bcast-2-batch-0' })).toEqual({ msgId: sent.msgId, alreadySubmitted: true });
    expect(sentJobs()).toHaveLength(1);
  });

  it('refreshes a refused token and repeats even an unkeyed send (WeChat checks the token first)', async () => {
    t.env.sim.addFault({ path: MASS_SEND, errcode: 40001, count: 1 });
    const result = await t.wx.massSend({ touser, ...message });
    expect(sentJobs().map((j) => j.msgId)).toEqual([result.msgId]);
    expect(callsOf(t.env, MASS_SEND)).toBe(1);
  });
});

describe('per-account rate limit', () => {
  it('makes the call over the limit wait for the window (3 per second here)', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] });
    try {
      const limiter = createRateLimiter({ limit: 3, windowMs: 1_000 });
      const t0 = Date.now();
      const granted: number[] = [];
      for (let i = 0; i < 5; i++) void limiter.acquire('account-a').then(() => granted.push(Date.now() - t0));
      await vi.advanceTimersByTimeAsync(0);
      expect(granted).toEqual([0, 0, 0]);
      await vi.advanceTimersByTimeAsync(999);
      expect(granted).toEqual([0, 0, 0]);
      await vi.advanceTimersByTimeAsync(1);
      expect(granted).toEqual([0, 0, 0, 1_000, 1_000]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a mass message only once the limiter lets it start', async () => {
    // A limiter that lets three calls start and holds the fourth until released.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    const limiter: RateLimiter = { acquire: async () => void (++asked > 3 && (await gate)) };
    const client = clientFor(t.env, SERVICE, { limiter });
    const sends = [0, 1, 2, 3].map((i) => client.massSend({ touser, ...message, clientmsgid: `rate-${i}` }));
    await Promise.race([Promise.all(sends.slice(0, 3)), sends[3]]);
    expect(asked).toBe(4);
    expect(sentJobs()).toHaveLength(3);
    release();
    await Promise.all(sends);
    expect(sentJobs()).toHaveLength(4);
  });

  it('limits per account: another account is not slowed', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] });
    try {
      const limiter = createRateLimiter({ limit: 1, windowMs: 10_000 });
      let granted = 0;
      for (const key of ['account-a', 'account-b', 'account-a']) void limiter.acquire(key).then(() => granted++);
      await vi.advanceTimersByTimeAsync(0);
      expect(granted).toBe(2); // a and b at once; a's second call waits for a's window
      await vi.advanceTimersByTimeAsync(10_000);
      expect(granted).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not limit reads', async () => {
    let asked = 0;
    const closed: RateLimiter = { acquire: () => (asked++, new Promise<void>(() => {})) }; // never lets a call start
    const client = clientFor(t.env, SERVICE, { limiter: closed });
    await Promise.all([client.getTags(), client.getTags(), client.massGet(1)].map((p) => p.catch(() => undefined)));
    expect(asked).toBe(0);
  });
});
