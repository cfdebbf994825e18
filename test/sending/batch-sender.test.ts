import { describe, expect, it } from 'vitest';
import { sendBatch, SENDING_CLIENT_OPTIONS, type BatchSenderDeps, type BatchSubmission } from '#src/sending/batch-sender.ts';
import { clientMsgId } from '#src/sending/client-msg-id.ts';
import type { SeedAccount } from '#src/wechat-simulator/seed.ts';
import { createSlotLimiter, type SlotLimiter } from '#src/wechat/slot-limiter.ts';
import { callsOf, clientFor, SERVICE, START, SUBSCRIPTION, useWeChatEnv } from '../wechat/helpers.ts';

const t = useWeChatEnv();
const MASS_SEND = '/cgi-bin/message/mass/send';
const SENDALL = '/cgi-bin/message/mass/sendall';
const message = { msgtype: 'text' as const, text: { content: '周末特惠' } };

function deps(seed: SeedAccount = SERVICE, options: { slots?: SlotLimiter } = {}): BatchSenderDeps {
  return {
    accountId: t.env.accountIds[seed.appId]!,
    client: clientFor(t.env, seed, SENDING_CLIENT_OPTIONS),
    slots: options.slots ?? createSlotLimiter({ limit: 1_000, windowMs: 60_000 }),
    // The simulator's frozen clock, so retry times are predictable.
    now: () => t.env.sim.clock().epochMs,
  };
}

async function openids(n: number, seed: SeedAccount = SERVICE): Promise<string[]> {
  return (await clientFor(t.env, seed).getFollowers()).data!.openid.slice(0, n);
}

const toOpenids = async (batch: number, extra: Partial<BatchSubmission> = {}): Promise<BatchSubmission> => ({
  target: { kind: 'openids', openids: await openids(5) },
  message,
  clientMsgId: clientMsgId(['batch', 'record-1', batch]),
  ...extra,
});

const jobs = (seed: SeedAccount = SERVICE) => t.env.sim.jobs(seed.appId).filter((j) => !j.seeded);

describe('sendBatch: accepted and duplicate', () => {
  it('submits an openid batch with its clientmsgid and returns the msg_id', async () => {
    const submission = await toOpenids(0);
    const outcome = await sendBatch(deps(), submission);
    expect(outcome).toEqual({ kind: 'accepted', msgId: expect.any(Number) });
    expect(jobs()).toMatchObject([{ msgId: (outcome as { msgId: number }).msgId, api: 'send', clientmsgid: submission.clientMsgId, totalCount: 5 }]);
  });

  it('sends to a tag and to everyone through sendall, news with its msg_data_id and send_ignore_reprint', async () => {
    const tag = await sendBatch(deps(SUBSCRIPTION), { target: { kind: 'tag', tagId: 100 }, message, clientMsgId: clientMsgId(['tag']) });
    expect(tag).toMatchObject({ kind: 'accepted' });
    expect(jobs(SUBSCRIPTION)[0]).toMatchObject({ api: 'sendall', audience: { kind: 'tag', tagId: 100 } });
    const client = clientFor(t.env);
    const thumb = (await client.batchGetMaterial({ type: 'image', offset: 0, count: 1 })).item[0]!.media_id;
    const draft = await client.addDraft({ articles: [{ title: '全员', content: '<p>x</p>', thumb_media_id: thumb }] });
    const all = await sendBatch(deps(), { target: { kind: 'all' }, message: { msgtype: 'mpnews', mpnews: { media_id: draft } }, clientMsgId: clientMsgId(['all']), sendIgnoreReprint: true });
    expect(all).toEqual({ kind: 'accepted', msgId: expect.any(Number), msgDataId: expect.any(Number) });
    expect(jobs().at(-1)).toMatchObject({ audience: { kind: 'all' }, sendIgnoreReprint: true, inHistory: true });
  });

  it("adopts the first job's msg_id when the batch is submitted again (45065): one job, one delivery each", async () => {
    const submission = await toOpenids(1);
    const first = await sendBatch(deps(), submission);
    t.env.sim.setClock({ advanceMs: 61_000 });
    expect(await sendBatch(deps(), submission)).toEqual({ kind: 'duplicate', msgId: (first as { msgId: number }).msgId });
    expect(jobs()).toHaveLength(1);
  });

  it('recovers a batch WeChat accepted while its answer was lost: retry-after, then duplicate', async () => {
    t.env.sim.addFault({ path: MASS_SEND, answerLost: true, count: 1 });
    const submission = await toOpenids(2);
    expect(await sendBatch(deps(), submission)).toMatchObject({ kind: 'retry-after', errcode: -1, reason: expect.stringContaining('network') });
    expect(jobs()).toHaveLength(1);
    t.env.sim.setClock({ advanceMs: 61_000 });
    expect(await sendBatch(deps(), { ...submission, attempt: 2 })).toEqual({ kind: 'duplicate', msgId: jobs()[0]!.msgId });
    expect(jobs()).toHaveLength(1);
  });
});

describe('sendBatch: retry-after, never slept in', () => {
  const now = START.getTime();

  it.each([
    ['-1', { errcode: -1 }, -1, now + 5_000],
    ['45011 minute quota', { errcode: 45011 }, 45011, now + 60_000],
    ['42010 masssend fast', { errcode: 42010 }, 42010, now + 60_000],
    ['HTTP 502', { status: 502 }, -1, now + 5_000],
    ['a dropped connection', { drop: true }, -1, now + 5_000],
    // 2025-03-10 10:00 Beijing → the quota resets at 2025-03-11 00:00 Beijing.
    ['45009 daily quota', { errcode: 45009 }, 45009, Date.parse('2025-03-10T16:00:00Z')],
  ])('%s: one call, no in-call retry, retry time returned', async (_name, fault, errcode, retryAt) => {
    t.env.sim.addFault({ path: MASS_SEND, count: 1, ...fault });
    const outcome = await sendBatch(deps(), await toOpenids(3));
    expect(outcome).toMatchObject({ kind: 'retry-after', errcode, retryAt: new Date(retryAt) });
    expect(t.env.sim.faults()).toEqual([]);
    expect(jobs()).toHaveLength(0);
  });

  it('backs off transient failures longer on later attempts', async () => {
    t.env.sim.addFault({ path: MASS_SEND, errcode: -1, count: 1 });
    expect(await sendBatch(deps(), await toOpenids(4, { attempt: 3 }))).toMatchObject({ kind: 'retry-after', retryAt: new Date(now + 20_000) });
  });

  it('45066: the same clientmsgid within a minute waits a minute', async () => {
    const submission = await toOpenids(5);
    await sendBatch(deps(), submission);
    expect(await sendBatch(deps(), submission)).toMatchObject({ kind: 'retry-after', errcode: 45066, retryAt: new Date(now + 60_000) });
  });

  it("returns the rate limiter's next slot instead of waiting, and calls WeChat only with a slot", async () => {
    const slots = createSlotLimiter({ limit: 1, windowMs: 60_000 }, () => now);
    expect(await sendBatch(deps(SERVICE, { slots }), await toOpenids(6))).toMatchObject({ kind: 'accepted' });
    expect(await sendBatch(deps(SERVICE, { slots }), await toOpenids(7))).toEqual({
      kind: 'retry-after',
      retryAt: new Date(now + 60_000),
      errcode: null,
      reason: expect.stringContaining('rate limit'),
    });
    expect(callsOf(t.env, MASS_SEND)).toBe(1);
  });
});

describe('sendBatch: final failures', () => {
  it('fails a batch of fewer than 2 recipients without calling WeChat', async () => {
    const outcome = await sendBatch(deps(), { target: { kind: 'openids', openids: await openids(1) }, message, clientMsgId: clientMsgId(['one']) });
    expect(outcome).toEqual({ kind: 'failed', errcode: 40130, reason: 'a batch needs at least 2 recipients; it has 1' });
    expect(callsOf(t.env, MASS_SEND)).toBe(0);
  });

  it("reports WeChat's errcode and reason: quota (45028), unknown media (40007), openid list on a subscription account (48001)", async () => {
    const sub = deps(SUBSCRIPTION);
    expect(await sendBatch(sub, { target: { kind: 'all' }, message, clientMsgId: clientMsgId(['q', 1]) })).toMatchObject({ kind: 'accepted' });
    expect(await sendBatch(sub, { target: { kind: 'all' }, message, clientMsgId: clientMsgId(['q', 2]) })).toEqual({ kind: 'failed', errcode: 45028, reason: expect.stringContaining('WeChat has no mass-send quota left (45028)') });
    expect(await sendBatch(deps(), { ...(await toOpenids(8)), message: { msgtype: 'mpnews', mpnews: { media_id: 'nope' } } })).toMatchObject({ kind: 'failed', errcode: 40007 });
    expect(await sendBatch(sub, { target: { kind: 'openids', openids: await openids(2, SUBSCRIPTION) }, message, clientMsgId: clientMsgId(['s']) })).toMatchObject({ kind: 'failed', errcode: 48001 });
  });
});
