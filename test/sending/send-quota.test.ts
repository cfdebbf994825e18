import { describe, expect, it, onTestFinished } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { createBroadcastOk, gid, rawId, readBroadcast } from '../helpers/broadcasts.ts';
import { deliveriesByOpenid, finishAll, groupOf, groupsAudience, sendingAccount, sendNow, simJobs, text } from '../helpers/sending.ts';
import { listenToSending } from '../helpers/sending-ws.ts';
import { failFirstWrite } from '../helpers/fail-once.ts';
import { Quota, ScheduleBroadcast, SendBroadcastNow } from '../documents/broadcasts.ts';
import { SendRecords } from '../documents/sending.ts';
import { countMonthlySends } from '#src/sending/monthly-sends.ts';

const inAMoment = () => new Date(Date.now() + 30_000).toISOString();

describe('quotas from what was sent', () => {
  const t = useTestApp();
  const prisma = () => t.app.deps.prisma;

  /** Takes quota in the simulator as sends made outside wxcast would have (its control surface, over HTTP). */
  const useQuotaOutside = async (body: Record<string, unknown>) => {
    const response = await fetch(`${t.app.sim!.url}/_sim/quota-used`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.json() as Promise<{ sendallsToday: number; followersRaised: number }>;
  };
  const quotaOf = async (accountId: string) => (await gql(t.app.url, t.key, Quota, { accountId: gid('Account', accountId) })).quota;
  const recordsOf = async (broadcastId: string) => (await gql(t.app.url, t.key, SendRecords, { broadcastId })).sendRecords.edges.map((e) => e.node);
  const scheduleAnother = async (accountId: string, name: string) => {
    const other = await createBroadcastOk(t, { accountId: gid('Account', accountId), name, firstTask: { audience: 'ALL_FOLLOWERS', content: text(name) } });
    const version = (await readBroadcast(t, other.id)).version;
    return { other, result: (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: other.id, version, sendAt: inAMoment() } })).scheduleBroadcast };
  };
  const dailySends = (accountId: string) => prisma().subscriptionDailySend.findMany({ where: { accountId }, select: { kind: true, msgId: true, recordId: true } });

  it('fails a subscription account\'s send with 45028 when its day was used outside wxcast, and keeps the day taken', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4, 'SUBSCRIPTION');
    expect(await useQuotaOutside({ appid: account.appId, sendallsToday: 1 })).toMatchObject({ sendallsToday: 1 });
    const group = await groupOf(t, customerOf, openids.slice(0, 3));
    const accountGid = gid('Account', account.id);
    const created = await createBroadcastOk(t, { accountId: accountGid, name: 'Second of the day', firstTask: { ...groupsAudience(group.id), content: text('again') } });
    const live = await listenToSending(t, account, accountGid, created.id);
    const now = (await gql(t.app.url, t.key, SendBroadcastNow, { input: { broadcastId: created.id, version: (await readBroadcast(t, created.id)).version } })).sendBroadcastNow;
    expect(now.__typename).toBe('SendBroadcastNowSuccess');
    await live.untilStatus((events) => events.some((e) => e.state === 'DONE'));
    await live.untilBatches((events) => events.some((e) => e.state === 'FAILED'));
    const batches = live.batches();
    const status = live.status();
    await live.close();

    // The batch is refused once, with WeChat's errcode and a reason that says why.
    expect(batches).toEqual([expect.objectContaining({ batchNo: 0, state: 'FAILED', msgId: null, errcode: 45028, reason: expect.stringContaining('sends once a calendar day') })]);
    expect(batches[0]!.reason).toContain('outside wxcast');
    // Every step of the record and the broadcast, in commit order, ending DONE with the record FAILED.
    expect(status.map((e) => [e.state, e.record?.state ?? null])).toEqual([
      ['SCHEDULED', null], ['SENDING', null], ['SENDING', 'PREPARING'], ['SENDING', 'QUEUED'], ['SENDING', 'SENDING'], ['DONE', 'FAILED'],
    ]);
    const versions = status.map((e) => e.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(status.at(-1)!.record).toMatchObject({ recipientCount: 3, sentCount: 0, failureReason: expect.stringContaining('45028') });
    const [record] = await recordsOf(created.id);
    expect(record).toMatchObject({ state: 'FAILED', batches: [{ state: 'FAILED', errcode: 45028, attempts: 1 }] });
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(0);

    // WeChat said the day is used: the quota and the next plan know it.
    expect(await dailySends(account.id)).toEqual([{ kind: 'TAKEN_OUTSIDE', msgId: null, recordId: rawId(record!.id) }]);
    expect(await quotaOf(account.id)).toMatchObject({ period: 'DAY', limit: 1, used: 1, left: 0, sendsMade: 1, plannedSends: 0 });
    const { result } = await scheduleAnother(account.id, 'Tomorrow, please');
    expect(result).toMatchObject({ __typename: 'QuotaExceededError', otherBroadcastId: created.id, message: expect.stringContaining('used outside wxcast (45028)') });
  });

  it('counts a subscription account\'s resubmitted send (45065) once, keeps the day after WeChat reports it failed, and refuses another plan that day', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4, 'SUBSCRIPTION');
    const group = await groupOf(t, customerOf, openids.slice(0, 3));
    // The job must still be running when the simulator's clock moves a minute on.
    t.app.sim!.configure({ jobDurationMs: 3_600_000 });
    onTestFinished(() => void t.app.sim!.configure({ jobDurationMs: 60_000 }));
    t.app.sim!.addFault({ path: '/cgi-bin/message/mass/sendall', answerLost: true, count: 1 });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Lost answer', firstTask: { ...groupsAudience(group.id), content: text('once') } });
    const [job] = await simJobs(t, account.appId, 1);
    // While WeChat's answer is unknown the planned send is still counted, once.
    expect(await quotaOf(account.id)).toMatchObject({ used: 1, left: 0, plannedSends: 1, sendsMade: 0 });
    // Past WeChat's minute for the same clientmsgid, the resubmission is answered 45065 with the job's msg_id.
    t.app.sim!.setClock({ advanceMs: 61_000 });
    await expect.poll(async () => (await recordsOf(broadcastId))[0]?.batches[0]?.msgId ?? null, { timeout: 30_000 }).toBe(String(job!.msgId));
    expect((await recordsOf(broadcastId))[0]!.batches[0]).toMatchObject({ state: 'SUBMITTED', attempts: 2 });
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(1);
    expect(await dailySends(account.id)).toEqual([{ kind: 'SENT', msgId: BigInt(job!.msgId), recordId: expect.any(String) }]);
    // Made, no longer planned: still one send that day.
    expect(await quotaOf(account.id)).toMatchObject({ used: 1, left: 0, plannedSends: 0, sendsMade: 1 });

    // WeChat reports the job failed: the day stays taken (WeChat counts the successful submission).
    await finishAll(t, account.appId, 'send fail');
    await expect.poll(async () => (await recordsOf(broadcastId))[0]?.state, { timeout: 30_000 }).toBe('FAILED');
    expect(await quotaOf(account.id)).toMatchObject({ used: 1, left: 0, plannedSends: 0, sendsMade: 1 });

    // The send's own plan is no longer on that day (say it was planned just before midnight and
    // went out just after): the day is still refused, because of the send actually made.
    await prisma().broadcastTask.updateMany({ where: { broadcastId: rawId(broadcastId) }, data: { sendAt: new Date(Date.now() - 3 * 86_400_000) } });
    const { result } = await scheduleAnother(account.id, 'Same day');
    expect(result).toMatchObject({ __typename: 'QuotaExceededError', otherBroadcastId: broadcastId, message: expect.stringContaining('"Lost answer" already sent on') });
  });

  it('counts a service account\'s resubmitted batch (45065) once in the followers\' monthly sends', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    const group = await groupOf(t, customerOf, openids);
    t.app.sim!.configure({ jobDurationMs: 3_600_000 });
    onTestFinished(() => void t.app.sim!.configure({ jobDurationMs: 60_000 }));
    t.app.sim!.addFault({ path: '/cgi-bin/message/mass/send', answerLost: true, count: 1 });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Lost', firstTask: { ...groupsAudience(group.id), content: text('lost') } });
    const [job] = await simJobs(t, account.appId, 1);
    t.app.sim!.setClock({ advanceMs: 61_000 });
    await expect.poll(async () => (await recordsOf(broadcastId))[0]?.batches[0]?.msgId ?? null, { timeout: 30_000 }).toBe(String(job!.msgId));
    expect((await recordsOf(broadcastId))[0]!.batches[0]).toMatchObject({ state: 'SUBMITTED', attempts: 2 });
    // Counted after the submission loop, in its own transaction: the counts may lag the SUBMITTED batch.
    const counted = () => prisma().sendBatch.findFirst({ where: { accountId: account.id }, select: { monthlyCountedAt: true } });
    await expect.poll(async () => (await counted())?.monthlyCountedAt ?? null, { timeout: 30_000 }).not.toBeNull();
    const counts = await prisma().followerMonthlySend.findMany({ where: { accountId: account.id }, select: { count: true } });
    expect(counts.map((c) => c.count)).toEqual([1, 1, 1, 1]);
    expect(await quotaOf(account.id)).toMatchObject({ period: 'MONTH', used: 1, left: 4, followersAtLimit: 0, sendsMade: 1 });
    // No daily-send rows for a service account.
    expect(await dailySends(account.id)).toEqual([]);
  });

  it('counts a service account\'s batch once when the run fails between submitting and counting it, on the rerun', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    const group = await groupOf(t, customerOf, openids);
    // The counting's first write for this account fails (a sequence is not rolled back with the
    // failed transaction, so the rerun's write passes): the run ends after WeChat accepted the batch.
    const tag = `count_fails_${account.id.replaceAll('-', '')}`;
    await failFirstWrite(prisma(), { name: tag, table: 'follower_monthly_sends', on: 'INSERT', when: `NEW.account_id = '${account.id}'::uuid` });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Counted late', firstTask: { ...groupsAudience(group.id), content: text('late') } });
    const batchOf = async () => prisma().sendBatch.findFirst({ where: { record: { broadcastId: rawId(broadcastId) } } });
    await expect.poll(async () => (await batchOf())?.monthlyCountedAt ?? null, { timeout: 30_000 }).not.toBeNull();

    // The first run failed in the counting, after the batch was marked SUBMITTED: WeChat was asked once.
    const failures = await prisma().jobRunEvent.findMany({ where: { type: 'RETRY_SCHEDULED', detail: { contains: tag } } });
    expect(failures).toHaveLength(1);
    expect(await batchOf()).toMatchObject({ state: 'SUBMITTED', attempts: 1 });
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(1);
    // The rerun counted the batch, once.
    const counts = await prisma().followerMonthlySend.findMany({ where: { accountId: account.id }, select: { count: true } });
    expect(counts.map((c) => c.count)).toEqual([1, 1, 1, 1]);
    // Another counter finds it counted.
    const [record] = await prisma().sendRecord.findMany({ where: { broadcastId: rawId(broadcastId) }, select: { id: true, accountId: true } });
    expect(await countMonthlySends(prisma(), { ...record!, accountType: 'SERVICE' })).toBe(0);
    expect(await quotaOf(account.id)).toMatchObject({ period: 'MONTH', used: 1, sendsMade: 1 });
  });

  it('counts the batches a failing run submitted before it stopped, in that run', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 10_002);
    const group = await groupOf(t, customerOf, openids);
    // Claiming the second batch fails once (before WeChat is called): the run stops after the first batch went out.
    const tag = `claim_fails_${account.id.replaceAll('-', '')}`;
    await failFirstWrite(prisma(), {
      name: tag, table: 'send_batches', on: 'UPDATE', when: `NEW.account_id = '${account.id}'::uuid AND NEW.batch_no = 1 AND NEW.state = 'SUBMITTING'`,
    });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Stopped', firstTask: { ...groupsAudience(group.id), content: text('stopped') } });
    const batches = () => prisma().sendBatch.findMany({ where: { record: { broadcastId: rawId(broadcastId) } }, orderBy: { batchNo: 'asc' } });
    await expect.poll(async () => (await batches()).filter((b) => b.monthlyCountedAt !== null).length, { timeout: 60_000 }).toBe(2);

    const [failure] = await prisma().jobRunEvent.findMany({ where: { type: 'RETRY_SCHEDULED', detail: { contains: tag } } });
    expect(failure).toBeDefined();
    const [retry] = await prisma().jobRunEvent.findMany({ where: { jobRunId: failure!.jobRunId, type: 'STARTED', attempt: 2 } });
    const [first, second] = await batches();
    // The first batch was counted by the run that failed, before its retry started; the second by the retry.
    expect(first!.monthlyCountedAt!.getTime()).toBeLessThanOrEqual(failure!.at.getTime());
    expect(second!.monthlyCountedAt!.getTime()).toBeGreaterThanOrEqual(retry!.at.getTime());
    expect([first!.attempts, second!.attempts]).toEqual([1, 1]);
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(2);
    const counts = await prisma().followerMonthlySend.groupBy({ by: ['count'], where: { accountId: account.id }, _count: true });
    expect(counts.map((c) => [c.count, c._count])).toEqual([[1, 10_002]]);
  }, 120_000);

  it('shows followers WeChat filtered out at 4 messages a month on the batch and the record', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    // Two followers already received 4 mass messages this month (sent outside wxcast).
    expect(await useQuotaOutside({ appid: account.appId, monthlyReceived: { openids: openids.slice(0, 2), count: 4 } })).toMatchObject({ followersRaised: 2 });
    const group = await groupOf(t, customerOf, openids);
    const accountGid = gid('Account', account.id);
    const created = await createBroadcastOk(t, { accountId: accountGid, name: 'Month full', firstTask: { ...groupsAudience(group.id), content: text('fifth') } });
    const live = await listenToSending(t, account, accountGid, created.id);
    await gql(t.app.url, t.key, SendBroadcastNow, { input: { broadcastId: created.id, version: (await readBroadcast(t, created.id)).version } });
    await live.untilBatches((events) => events.some((e) => e.state === 'SUBMITTED'));
    await finishAll(t, account.appId);
    await live.untilStatus((events) => events.some((e) => e.state === 'DONE'));
    await live.untilBatches((events) => events.some((e) => e.state === 'SENT'));
    const batches = live.batches();
    const status = live.status();
    await live.close();

    expect(batches.map((b) => b.state)).toEqual(['SUBMITTED', 'SENT']);
    expect(batches[0]).toMatchObject({ totalCount: null, filterCount: null, filteredOut: null });
    expect(batches[1]).toMatchObject({ totalCount: 4, filterCount: 2, filteredOut: 2, sentCount: 2, errorCount: 0 });
    expect(status.at(-1)).toMatchObject({ state: 'DONE', record: { state: 'SENT', recipientCount: 4, sentCount: 2, errorCount: 0, filteredOut: 2 } });
    const [record] = await recordsOf(created.id);
    expect(record).toMatchObject({ state: 'SENT', filteredOut: 2, sentCount: 2, batches: [{ totalCount: 4, filterCount: 2, filteredOut: 2, sentCount: 2 }] });
    expect([...deliveriesByOpenid(t, account.appId).keys()].sort()).toEqual(openids.slice(2).sort());
  });
});
