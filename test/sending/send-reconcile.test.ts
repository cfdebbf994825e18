import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { gid, rawId } from '../helpers/broadcasts.ts';
import { groupOf, groupsAudience, sendingAccount, sendNow, simJobs, text } from '../helpers/sending.ts';
import { CallbackSender } from '#src/wechat-simulator/callback-sender.ts';
import { SimClock } from '#src/wechat-simulator/clock.ts';
import { buildFinishEvent } from '#src/wechat-simulator/mass-jobs.ts';
import type { BatchResultEvent, BroadcastStatusEvent } from '#src/pubsub.ts';

/** Collects a subscription's events in the background until the test ends. */
function collect<T>(events: AsyncIterable<T>): T[] {
  const seen: T[] = [];
  void (async () => {
    for await (const event of events) seen.push(event);
  })();
  return seen;
}

describe('results of batches whose MASSSENDJOBFINISH event never arrives', () => {
  // A batch waits 300 ms for its event before WeChat is asked (minutes in production).
  const t = useTestApp({ config: { resultReconcileAfterMs: 300 } });
  const prisma = () => t.app.deps.prisma;
  const recordOf = async (broadcastId: string) =>
    prisma().sendRecord.findFirstOrThrow({ where: { broadcastId: rawId(broadcastId) }, include: { batches: { orderBy: { batchNo: 'asc' } } } });

  it('asks message/mass/get until WeChat reports a final status, finishes the record once, and ignores the late event', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    // WeChat's event is lost: the simulator has no callback URL for the account.
    t.app.sim!.setCallbackUrl(null, account.appId);
    const group = await groupOf(t, customerOf, openids.slice(0, 3));
    const massGet = '/cgi-bin/message/mass/get';
    const firstAsk = t.app.sim!.addFault({ path: massGet, hold: true });
    const statusEvents = collect<BroadcastStatusEvent>(t.app.deps.pubsub.subscribe('broadcast:status', account.id));
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'No event', firstTask: { ...groupsAudience(group.id), content: text('hello') } });
    const batchEvents = collect<BatchResultEvent>(t.app.deps.pubsub.subscribe('send:batch', rawId(broadcastId)));
    const [job] = await simJobs(t, account.appId, 1);

    // WeChat is asked once the batch is overdue; it answers SENDING (the job runs 60 s), so the
    // batch keeps waiting and WeChat is asked again later.
    await t.app.sim!.whenHeld(firstAsk.id);
    const secondAsk = t.app.sim!.addFault({ path: massGet, hold: true });
    t.app.sim!.releaseFault(firstAsk.id);
    await t.app.sim!.whenHeld(secondAsk.id);
    let record = await recordOf(broadcastId);
    expect(record.state).toBe('SENDING');
    expect(record.batches[0]).toMatchObject({ state: 'SUBMITTED', msgId: BigInt(job!.msgId) });

    // The job finishes in WeChat without an event; the next answer is SEND_SUCCESS.
    t.app.sim!.finishJob(job!.msgId);
    await t.app.sim!.idle();
    expect(t.app.sim!.callbacks({ appid: account.appId, msgId: job!.msgId })).toEqual([expect.objectContaining({ outcome: 'no callback url' })]);
    t.app.sim!.releaseFault(secondAsk.id);
    await expect.poll(async () => (await recordOf(broadcastId)).state, { timeout: 15_000 }).toBe('SENT');
    record = await recordOf(broadcastId);
    expect(record.batches[0]).toMatchObject({
      state: 'SENT', totalCount: null, sentCount: null, errorCount: null,
      reason: expect.stringContaining('result from message/mass/get (SEND_SUCCESS)'),
    });
    expect(record).toMatchObject({ recipientCount: 3, sentCount: 0, errorCount: 0, failureReason: null });
    await expect.poll(() => statusEvents.filter((e) => e.record?.recordId === record.id && e.record.state === 'SENT').length).toBe(1);
    await expect.poll(() => batchEvents.filter((e) => e.state === 'SENT').length).toBe(1);
    expect(batchEvents.find((e) => e.state === 'SENT')).toMatchObject({ recordId: record.id, msgId: String(job!.msgId), reason: expect.stringContaining('message/mass/get') });

    // WeChat's event arrives after all (signed and sent like the simulator sends it): it is
    // stored and handled, and changes neither the batch nor the record, nor publishes again.
    t.app.sim!.setCallbackUrl(`${t.app.url}/wechat/callback/${account.id}`, account.appId);
    const lateSender = new CallbackSender(new SimClock());
    const simAccount = t.app.sim!.state.account(account.appId)!;
    lateSender.sendMassJobFinish(t.app.sim!.state, simAccount, buildFinishEvent(simAccount, t.app.sim!.state.jobs.get(job!.msgId)!));
    await lateSender.idle();
    lateSender.close();
    await expect.poll(async () => (await prisma().weChatEvent.findFirst({ where: { accountId: account.id, msgId: BigInt(job!.msgId) } }))?.handling ?? null, { timeout: 15_000 }).toBe('HANDLED');
    expect(await prisma().massSendResult.count({ where: { accountId: account.id, msgId: BigInt(job!.msgId) } })).toBe(1);
    const after = await recordOf(broadcastId);
    expect(after).toMatchObject({ state: 'SENT', sentCount: 0, updatedAt: record.updatedAt });
    expect(after.batches[0]).toMatchObject({ state: 'SENT', sentCount: null, finishedAt: record.batches[0]!.finishedAt, reason: record.batches[0]!.reason });
    expect(statusEvents.filter((e) => e.record?.recordId === record.id && e.record.state === 'SENT')).toHaveLength(1);
    expect(batchEvents.filter((e) => e.state === 'SENT')).toHaveLength(1);
  });

  it('fails the record when message/mass/get reports SEND_FAIL for a batch whose event never arrived', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 3);
    t.app.sim!.setCallbackUrl(null, account.appId);
    const group = await groupOf(t, customerOf, openids);
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Failed, no event', firstTask: { ...groupsAudience(group.id), content: text('fail') } });
    const [job] = await simJobs(t, account.appId, 1);
    await expect.poll(async () => (await recordOf(broadcastId)).batches[0]?.state, { timeout: 15_000 }).toBe('SUBMITTED');
    t.app.sim!.finishJob(job!.msgId, 'send fail');
    await expect.poll(async () => (await recordOf(broadcastId)).state, { timeout: 15_000 }).toBe('FAILED');
    const record = await recordOf(broadcastId);
    expect(record.batches[0]).toMatchObject({ state: 'FAILED', errcode: null, errorCount: null, reason: expect.stringContaining('result from message/mass/get (SEND_FAIL)') });
    expect(record.failureReason).toContain('message/mass/get (SEND_FAIL)');
  });
});
