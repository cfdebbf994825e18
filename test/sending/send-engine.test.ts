import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { createBroadcastOk, gid, rawId, readBroadcast } from '../helpers/broadcasts.ts';
import { gql } from '../helpers/graphql.ts';
import { AddComparisonGroup, SendBroadcastNow } from '../documents/broadcasts.ts';
import { deliveriesByOpenid, finishAll, groupOf, groupsAudience, sendingAccount, sendNow, simJobs, text } from '../helpers/sending.ts';
import { clientMsgId } from '#src/sending/client-msg-id.ts';

describe('the sending engine', () => {
  const t = useTestApp();
  const prisma = () => t.app.deps.prisma;
  const recordOf = async (broadcastId: string) =>
    prisma().sendRecord.findFirstOrThrow({ where: { broadcastId: rawId(broadcastId) }, include: { batches: { orderBy: { batchNo: 'asc' } } } });

  it('sends a group on a service account: each current member exactly once, record SENT with WeChat counts', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 8);
    const group = await groupOf(t, customerOf, openids.slice(0, 5));
    // A member who unfollowed is not a recipient.
    await prisma().follower.update({ where: { accountId_openid: { accountId: account.id, openid: openids[4]! } }, data: { subscribed: false } });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Group', firstTask: { ...groupsAudience(group.id), content: text('你好') } });
    const [job] = await simJobs(t, account.appId, 1);
    expect(job).toMatchObject({ api: 'send', totalCount: 4 });
    await expect.poll(async () => (await recordOf(broadcastId)).state, { timeout: 15_000 }).toBe('SENDING');
    await finishAll(t, account.appId);
    await expect.poll(async () => (await recordOf(broadcastId)).state, { timeout: 15_000 }).toBe('SENT');
    const record = await recordOf(broadcastId);
    expect(record).toMatchObject({ recipientCount: 4, batchCount: 1, sentCount: 4, errorCount: 0 });
    expect(record.batches).toEqual([expect.objectContaining({ batchNo: 0, state: 'SENT', msgId: BigInt(job!.msgId), recipientCount: 4, clientMsgId: clientMsgId(['batch', record.id, 0]) })]);
    const delivered = deliveriesByOpenid(t, account.appId);
    expect([...delivered.entries()].sort()).toEqual(openids.slice(0, 4).map((o) => [o, 1]).sort());
    // Counted after the run's submission loop (it may lag the results).
    await expect.poll(async () => (await prisma().followerMonthlySend.aggregate({ where: { accountId: account.id }, _sum: { count: true } }))._sum.count, { timeout: 15_000 }).toBe(4);
  });

  const finished = (broadcastId: string) => expect.poll(async () => (await recordOf(broadcastId)).state, { timeout: 30_000 }).toMatch(/^(SENT|PARTLY_FAILED|FAILED)$/);

  it('fails a group with one follower (WeChat needs 2 openids) without calling WeChat', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 3);
    const group = await groupOf(t, customerOf, openids.slice(0, 1));
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Lonely', firstTask: { ...groupsAudience(group.id), content: text('one') } });
    await finished(broadcastId);
    const record = await recordOf(broadcastId);
    expect(record).toMatchObject({ state: 'FAILED', recipientCount: 1, failureReason: expect.stringContaining('at least 2 recipients') });
    expect(record.batches).toEqual([expect.objectContaining({ state: 'FAILED', errcode: 40130, msgId: null })]);
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(0);
  });

  it('cuts 25,001 recipients into batches of 10,000 / 10,000 / 5,001, each sent once', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 25_001);
    const group = await groupOf(t, customerOf, openids);
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Big', firstTask: { ...groupsAudience(group.id), content: text('big') } });
    const jobs = await simJobs(t, account.appId, 3);
    expect(jobs.map((j) => j.totalCount)).toEqual([10_000, 10_000, 5_001]);
    await expect.poll(async () => (await recordOf(broadcastId)).batches.every((b) => b.state === 'SUBMITTED'), { timeout: 30_000 }).toBe(true);
    await finishAll(t, account.appId);
    await finished(broadcastId);
    const record = await recordOf(broadcastId);
    // The simulator's seeded followers include a few who turned messages off: filtered, not failed.
    const sent = t.app.sim!.jobs(account.appId).filter((j) => !j.seeded).reduce((sum, j) => sum + j.sentCount, 0);
    expect(sent).toBeGreaterThan(24_000);
    expect(record).toMatchObject({ state: 'SENT', recipientCount: 25_001, batchCount: 3, sentCount: sent, errorCount: 0, filteredOut: 25_001 - sent });
    expect(record.batches.map((b) => [b.batchNo, b.recipientCount, b.state])).toEqual([[0, 10_000, 'SENT'], [1, 10_000, 'SENT'], [2, 5_001, 'SENT']]);
    // The delivery log by follower index (the simulator's own listing is too slow at this size):
    // every delivery went to a different follower.
    const delivered = t.app.sim!.jobs(account.appId).filter((j) => !j.seeded).flatMap((j) => {
      const list = t.app.sim!.state.jobs.get(j.msgId)!.delivered!;
      return [...list.indices, ...list.others];
    });
    expect(delivered.length).toBe(sent);
    expect(new Set(delivered).size).toBe(sent);
  }, 120_000);

  it('sends a comparison group to the remaining followers: the first group once, everyone else once', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 6);
    const first = await groupOf(t, customerOf, openids.slice(0, 3));
    const created = await sendNowWithComparison(account.id, first.id);
    await simJobs(t, account.appId, 2);
    await expect.poll(async () => (await prisma().sendBatch.count({ where: { accountId: account.id, state: 'SUBMITTED' } })), { timeout: 30_000 }).toBe(2);
    await finishAll(t, account.appId);
    await expect.poll(async () => (await prisma().sendRecord.findMany({ where: { broadcastId: rawId(created) } })).map((r) => r.state).sort(), { timeout: 30_000 }).toEqual(['SENT', 'SENT']);
    const records = await prisma().sendRecord.findMany({ where: { broadcastId: rawId(created) }, include: { task: true } });
    expect(records.map((r) => [r.task.position, r.recipientCount]).sort()).toEqual([[0, 3], [1, 3]]);
    const delivered = deliveriesByOpenid(t, account.appId);
    expect([...delivered.entries()].sort()).toEqual(openids.map((o) => [o, 1]).sort());
  });

  it('sends to all followers with is_to_all, and marks a batch with failed deliveries PARTLY_FAILED', async () => {
    const { account, openids } = await sendingAccount(t, 5);
    t.app.sim!.sending.followerFlags({ appid: account.appId, openids: openids.slice(0, 2), failDelivery: true });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'All', firstTask: { audience: 'ALL_FOLLOWERS', content: text('all') } });
    const [job] = await simJobs(t, account.appId, 1);
    expect(job).toMatchObject({ api: 'sendall', audience: { kind: 'all' } });
    await expect.poll(async () => (await recordOf(broadcastId)).batches[0]?.state, { timeout: 30_000 }).toBe('SUBMITTED');
    await finishAll(t, account.appId);
    await finished(broadcastId);
    const record = await recordOf(broadcastId);
    expect(record).toMatchObject({ state: 'PARTLY_FAILED', sentCount: 3, errorCount: 2, failureReason: expect.stringContaining('2 of 5 deliveries failed') });
    expect(record.batches[0]).toMatchObject({ state: 'PARTLY_FAILED', totalCount: 5, sentCount: 3, errorCount: 2 });
  });

  it('resubmits a batch whose WeChat answer was lost with the same clientmsgid: one job, each recipient once', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    const group = await groupOf(t, customerOf, openids);
    t.app.sim!.addFault({ path: '/cgi-bin/message/mass/send', answerLost: true, count: 1 });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Lost', firstTask: { ...groupsAudience(group.id), content: text('lost') } });
    // WeChat made the job, wxcast never heard: the batch stays SUBMITTING and the run waits 5 s.
    await simJobs(t, account.appId, 1);
    // WeChat refuses the same clientmsgid within a minute (45066); its clock moves past that minute
    // (the job's 60 s in the simulator pass too, so it may finish before the resubmission).
    t.app.sim!.setClock({ advanceMs: 61_000 });
    await expect.poll(async () => (await recordOf(broadcastId)).batches[0]?.msgId ?? null, { timeout: 30_000 }).not.toBeNull();
    const record = await recordOf(broadcastId);
    expect(record.batches[0]).toMatchObject({ attempts: 2, msgId: BigInt(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)[0]!.msgId) });
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(1);
    await finishAll(t, account.appId);
    await finished(broadcastId);
    expect((await recordOf(broadcastId)).state).toBe('SENT');
    expect([...deliveriesByOpenid(t, account.appId).entries()].sort()).toEqual(openids.map((o) => [o, 1]).sort());
  });

  it('sends a comparison group without the members it shares with the first group', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 6);
    const first = await groupOf(t, customerOf, openids.slice(0, 4));
    const second = await groupOf(t, customerOf, openids.slice(2, 6));
    const created = await sendNowWithComparison(account.id, first.id, second.id);
    await expect.poll(async () => (await prisma().sendBatch.count({ where: { accountId: account.id, state: 'SUBMITTED' } })), { timeout: 30_000 }).toBe(2);
    const jobs = t.app.sim!.jobs(account.appId).filter((j) => !j.seeded);
    expect(jobs.map((j) => j.totalCount).sort()).toEqual([2, 4]);
    await finishAll(t, account.appId);
    await expect.poll(async () => (await prisma().sendRecord.findMany({ where: { broadcastId: rawId(created) } })).map((r) => r.state).sort(), { timeout: 30_000 }).toEqual(['SENT', 'SENT']);
    const records = await prisma().sendRecord.findMany({ where: { broadcastId: rawId(created) }, include: { task: true } });
    const recipients = await prisma().sendRecordRecipient.findMany({ where: { recordId: { in: records.map((r) => r.id) } } });
    const byPosition = new Map(records.map((r) => [r.task.position, recipients.filter((x) => x.recordId === r.id).map((x) => x.openid).sort()]));
    expect(byPosition.get(0)).toEqual(openids.slice(0, 4).sort());
    expect(byPosition.get(1)).toEqual(openids.slice(4, 6).sort());
    expect([...deliveriesByOpenid(t, account.appId).entries()].sort()).toEqual(openids.map((o) => [o, 1]).sort());
  });

  /** A broadcast to `firstGroupId` with a comparison task (to `comparisonGroupId`, or the remaining followers), sent now. */
  async function sendNowWithComparison(accountId: string, firstGroupId: string, comparisonGroupId?: string) {
    const created = await createBroadcastOk(t, { accountId: gid('Account', accountId), name: 'Split', firstTask: { ...groupsAudience(firstGroupId), content: text('first') } });
    const audience = comparisonGroupId ? groupsAudience(comparisonGroupId) : { audience: 'REMAINING_FOLLOWERS' as const };
    const added = (await gql(t.app.url, t.key, AddComparisonGroup, { input: { broadcastId: created.id, version: (await readBroadcast(t, created.id)).version, task: { name: 'Rest', ...audience, content: text('rest') } } })).addComparisonGroup;
    if (added.__typename !== 'AddComparisonGroupSuccess') throw new Error(JSON.stringify(added));
    const now = (await gql(t.app.url, t.key, SendBroadcastNow, { input: { broadcastId: created.id, version: (await readBroadcast(t, created.id)).version } })).sendBroadcastNow;
    if (now.__typename !== 'SendBroadcastNowSuccess') throw new Error(JSON.stringify(now));
    return created.id;
  }
});
