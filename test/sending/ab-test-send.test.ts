import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { collect, gql, wsClient } from '../helpers/graphql.ts';
import { createBroadcastOk, gid, planJobs, rawId, readBroadcast, TestClock } from '../helpers/broadcasts.ts';
import { makeJobDueNow } from '../helpers/jobs.ts';
import { deliveriesByOpenid, finishAll, groupOf, sendingAccount, simJobs } from '../helpers/sending.ts';
import { syncMaterials } from '#src/services/material-sync.ts';
import { ScheduleBroadcast } from '../documents/broadcasts.ts';
import { AbTestRecords, SendingStatus } from '../documents/sending.ts';
import { drawnSamples, ensureAbSamples } from '#src/sending/ab-samples.ts';
import { audienceTask } from '#src/authoring/audience-rule.ts';
import { AB_RESULT_RETRY_MS, AB_RESULT_WAIT_MS } from '#src/sending/ab-winner.ts';
import { moveRecord } from '#src/sending/record-state.ts';
import { ensureSendRecord } from '#src/sending/audience.ts';
import { abTestGroupPart } from '#src/sending/record-part.ts';
import { releaseIfSendGaveUp } from '#src/sending/gave-up.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('A/B tests in the sending engine', () => {
  const clock = new TestClock(new Date('2027-03-01T00:00:00.000Z'));
  // WeChat's clock (the simulator's) is moved to the tests' days; its callbacks carry timestamps of
  // those days while wxcast checks them against the machine's clock, so the window spans the gap.
  const t = useTestApp({ clock, config: { callbackTimestampWindowSeconds: 5 * 365 * 86_400 } });
  const prisma = () => t.app.deps.prisma;

  /** Moves wxcast's clock and WeChat's (the simulator's) to the same instant. */
  const at = (instant: string) => {
    clock.set(instant);
    t.app.sim!.setClock({ set: instant });
  };

  /**
   * A service account of 20 followers with 3 synced drafts, a group of all of them, and a
   * scheduled A/B broadcast: the task's news is draft 0, test group i's news draft i + 1.
   */
  async function scheduledAbTest(options: { now: string; testsAt: string; remainderAt: string; percentages: [number, number]; timeZone?: string }) {
    at(options.now);
    const { account, openids, customerOf } = await sendingAccount(t, 20, 'SERVICE', { drafts: 3 });
    if (options.timeZone) await prisma().officialAccount.update({ where: { id: account.id }, data: { timeZone: options.timeZone } });
    const drafts = t.app.sim!.state.account(account.appId)!.drafts;
    const mediaIds = [...drafts.keys()];
    // The titles of each draft's articles: a record's job carries them, whichever draft it sent.
    const titles = mediaIds.map((mediaId) => drafts.get(mediaId)!.articles.map((article) => article.title));
    await syncMaterials({ prisma: prisma(), client: await t.app.deps.wechat.clientFor(account.id) }, { accountId: account.id, count: 20 }, async () => {});
    const materials = await Promise.all(mediaIds.map((mediaId) => prisma().material.findUniqueOrThrow({ where: { accountId_mediaId: { accountId: account.id, mediaId } } })));
    const news = (i: number) => ({ materialId: gid('Material', materials[i]!.id) });
    const group = await groupOf(t, customerOf, openids);
    const created = await createBroadcastOk(t, {
      accountId: gid('Account', account.id), name: 'AB',
      firstTask: {
        audience: 'GROUPS', groupIds: [gid('CustomerGroup', group.id)], content: { kind: 'NEWS', news: news(0) },
        abTest: { groups: options.percentages.map((percentage, i) => ({ percentage, news: news(i + 1), sendAt: options.testsAt })), remainderSendAt: options.remainderAt },
      },
    });
    const scheduled = (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: created.id, version: (await readBroadcast(t, created.id)).version } })).scheduleBroadcast;
    if (scheduled.__typename !== 'ScheduleBroadcastSuccess') throw new Error(JSON.stringify(scheduled));
    const taskId = rawId(created.tasks[0]!.id);
    const runs = (await planJobs(t.db.url, rawId(created.id))).runs;
    const remainderJob = gid('Job', runs.find((run) => run.slot_id === taskId)!.id);
    const testJobs = runs.filter((run) => run.slot_id !== taskId).map((run) => gid('Job', run.id));
    return { account, openids, titles, broadcastId: created.id, taskId, remainderJob, testJobs };
  }

  const records = async (broadcastId: string) => (await gql(t.app.url, t.key, AbTestRecords, { broadcastId })).sendRecords.edges.map((e) => e.node);
  const recordRow = (taskId: string, part: string) => prisma().sendRecord.findUnique({ where: { taskId_part: { taskId, part } }, include: { batches: true } });

  /** Fires both test groups' jobs at their time, lets WeChat finish them, and gives each its read figures. */
  async function sendTests(ab: Awaited<ReturnType<typeof scheduledAbTest>>, testsAt: string, reads?: [number, number]) {
    at(testsAt);
    for (const job of ab.testJobs) await makeJobDueNow(t.app, job);
    await simJobs(t, ab.account.appId, 2);
    await expect.poll(async () => prisma().sendBatch.count({ where: { accountId: ab.account.id, state: 'SUBMITTED' } }), { timeout: 30_000 }).toBe(2);
    await finishAll(t, ab.account.appId);
    for (const position of [0, 1]) {
      await expect.poll(async () => (await recordRow(ab.taskId, `AB_TEST_GROUP:${position}`))?.state, { timeout: 30_000 }).toBe('SENT');
      const batch = (await recordRow(ab.taskId, `AB_TEST_GROUP:${position}`))!.batches[0]!;
      if (reads) t.app.sim!.sending.setReadStats({ appid: ab.account.appId, msgid: `${batch.msgDataId}_1`, readUser: reads[position]! });
    }
  }

  /** The simulator job that sent the remainder, once it is finished and the broadcast DONE. */
  async function finishRemainder(ab: Awaited<ReturnType<typeof scheduledAbTest>>) {
    await simJobs(t, ab.account.appId, 3);
    await expect.poll(async () => (await recordRow(ab.taskId, 'REMAINDER'))?.state, { timeout: 30_000 }).toBe('SENDING');
    await finishAll(t, ab.account.appId);
    await expect.poll(async () => (await readBroadcast(t, ab.broadcastId)).state, { timeout: 30_000 }).toBe('DONE');
    const [batch] = (await recordRow(ab.taskId, 'REMAINDER'))!.batches;
    return t.app.sim!.state.jobs.get(Number(batch!.msgId))!;
  }

  /** broadcastStatusChanged of the account over graphql-ws, once it is heard (graphql-ws does not acknowledge a subscription: probes are published until one arrives). */
  async function statusEvents(accountId: string) {
    const client = wsClient(t.app.url, t.key);
    const status = collect(client, SendingStatus, { accountId: gid('Account', accountId) });
    while (!status.results.length) {
      t.app.deps.pubsub.publish('broadcast:status', accountId, { broadcastId: 'probe', state: null, version: 0 });
      await status.until((r) => r.length > 0, 200).catch(() => {});
    }
    return { status, close: async () => { status.unsubscribe(); await client.dispose(); } };
  }

  it('draws disjoint random samples of the configured sizes, sends each its news, and sends the winner (group 2) to the rest', async () => {
    // 09:00 Beijing; tests at 11:00; the remainder a week later at 10:00, when WeChat has all 7 days of
    // the tests' reads ready (getarticletotal's last cumulative day is the total the simulator was given).
    const ab = await scheduledAbTest({ now: '2027-03-01T01:00:00.000Z', testsAt: '2027-03-01T03:00:00.000Z', remainderAt: '2027-03-09T02:00:00.000Z', percentages: [20, 30] });
    const events = await statusEvents(ab.account.id);
    // Group 1: 3 of 4 read (75 %); group 2: 5 of 6 (83 %).
    await sendTests(ab, '2027-03-01T03:00:00.000Z', [3, 5]);
    // While the remainder is planned the broadcast is still sending.
    expect((await readBroadcast(t, ab.broadcastId)).state).toBe('SENDING');

    const sampling = await prisma().abTestSampling.findUniqueOrThrow({ where: { taskId: ab.taskId } });
    expect(sampling.audienceCount).toBe(20);
    const sizes = await prisma().abTestSample.groupBy({ by: ['position'], where: { taskId: ab.taskId }, _count: true, orderBy: { position: 'asc' } });
    expect(sizes.map((s) => [s.position, s._count])).toEqual([[0, 4], [1, 6]]);
    // The same seed draws the same samples from the same audience; a second draw keeps the stored ones.
    const redrawn = await prisma().$queryRaw<{ position: number; follower_id: string }[]>`SELECT * FROM (${drawnSamples(await audienceTask(prisma(), ab.taskId), sampling.seed)}) s ORDER BY follower_id`;
    const stored = await prisma().abTestSample.findMany({ where: { taskId: ab.taskId }, orderBy: { followerId: 'asc' } });
    expect(redrawn.map((s) => [s.position, s.follower_id])).toEqual(stored.map((s) => [s.position, s.followerId]));
    expect(await ensureAbSamples(prisma(), ab.taskId)).toBe(sampling.seed);
    expect(await prisma().abTestSample.findMany({ where: { taskId: ab.taskId }, orderBy: { followerId: 'asc' } })).toEqual(stored);
    const otherSeed = await prisma().$queryRaw<{ follower_id: string }[]>`SELECT follower_id FROM (${drawnSamples(await audienceTask(prisma(), ab.taskId), 'another seed')}) s ORDER BY follower_id`;
    expect(otherSeed.map((s) => s.follower_id)).not.toEqual(stored.map((s) => s.followerId));

    at('2027-03-09T02:00:00.000Z');
    await makeJobDueNow(t.app, ab.remainderJob);
    const remainderJob = await finishRemainder(ab);
    expect(remainderJob.articles?.map((sent) => sent.article.title)).toEqual(ab.titles[2]);
    // Both test groups went out on one Beijing day: their figures came from one getarticletotal call.
    expect(t.app.sim!.state.account(ab.account.appId)!.stats.calls['/datacube/getarticletotal']).toBe(1);

    // Every record's moves were published; the broadcast became DONE with the remainder's last move, not before.
    await events.status.until((r) => r.some((e) => e.data?.broadcastStatusChanged.state === 'DONE'), 30_000);
    await events.close();
    const heard = events.status.results.map((e) => e.data!.broadcastStatusChanged).filter((e) => e.broadcastId === ab.broadcastId && e.record);
    const all = await records(ab.broadcastId);
    for (const record of all) {
      expect(heard.filter((e) => e.record!.recordId === record.id).map((e) => e.record!.state)).toEqual(['PREPARING', 'QUEUED', 'SENDING', 'SENT']);
    }
    expect(heard.filter((e) => e.state === 'DONE').map((e) => e.record!.recordId)).toEqual([all.find((r) => r.isAbTestRemainder)!.id]);

    const byPosition = [...all].sort((a, b) => (a.abTestPosition ?? 9) - (b.abTestPosition ?? 9));
    expect(byPosition.map((r) => [r.abTestPosition, r.isAbTestRemainder, r.state, r.recipientCount])).toEqual([
      [0, false, 'SENT', 4], [1, false, 'SENT', 6], [null, true, 'SENT', 10],
    ]);
    expect(all.find((r) => r.isAbTestRemainder)!.abTestResult).toEqual({
      winnerPosition: 1, rule: 'HIGHEST_READ_RATE', missingData: false,
      variants: [{ position: 0, reads: 3, delivered: 4, readRate: 0.75 }, { position: 1, reads: 5, delivered: 6, readRate: 5 / 6 }],
    });
    // Test groups' recipients are their samples; the remainder everyone else; nobody got two messages.
    const recipients = await prisma().$queryRaw<{ part: string; follower_id: string }[]>`
      SELECT r.part, x.follower_id FROM send_record_recipients x JOIN send_records r ON r.id = x.record_id WHERE r.task_id = ${ab.taskId}::uuid`;
    for (const position of [0, 1]) {
      expect(recipients.filter((r) => r.part === `AB_TEST_GROUP:${position}`).map((r) => r.follower_id).sort())
        .toEqual(stored.filter((s) => s.position === position).map((s) => s.followerId).sort());
    }
    expect(new Set(recipients.map((r) => r.follower_id)).size).toBe(20);
    const delivered = deliveriesByOpenid(t, ab.account.appId);
    expect([...delivered.keys()].sort()).toEqual([...ab.openids].sort());
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);

  it('breaks a tie of read rates by the number delivered, and stores the rule on the remainder', async () => {
    const ab = await scheduledAbTest({ now: '2027-03-10T01:00:00.000Z', testsAt: '2027-03-10T03:00:00.000Z', remainderAt: '2027-03-18T02:00:00.000Z', percentages: [20, 30] });
    // Two workers drawing at once store one seed and one set of samples; the test job's draw keeps them.
    const [seed, twin] = await Promise.all([ensureAbSamples(prisma(), ab.taskId), ensureAbSamples(prisma(), ab.taskId)]);
    expect(twin).toBe(seed);
    expect(await prisma().abTestSample.count({ where: { taskId: ab.taskId } })).toBe(10);
    // 2 of 4 and 3 of 6: both 50 %; group 2 reached more followers.
    await sendTests(ab, '2027-03-10T03:00:00.000Z', [2, 3]);
    expect((await prisma().abTestSampling.findUniqueOrThrow({ where: { taskId: ab.taskId } })).seed).toBe(seed);
    at('2027-03-18T02:00:00.000Z');
    await makeJobDueNow(t.app, ab.remainderJob);
    const remainderJob = await finishRemainder(ab);
    expect(remainderJob.articles?.map((sent) => sent.article.title)).toEqual(ab.titles[2]);
    expect((await records(ab.broadcastId)).find((r) => r.isAbTestRemainder)!.abTestResult).toEqual({
      winnerPosition: 1, rule: 'TIE_MORE_DELIVERED', missingData: false,
      variants: [{ position: 0, reads: 2, delivered: 4, readRate: 0.5 }, { position: 1, reads: 3, delivered: 6, readRate: 0.5 }],
    });
  }, 120_000);

  it('reschedules the remainder while WeChat\'s figures are not ready, and after the deadline sends the first group\'s news', async () => {
    // UTC+14: the remainder's earliest time (10:00 the next day there) is 04:00 in Beijing, before WeChat has the tests' day ready.
    const remainderAt = '2027-03-20T20:00:00.000Z';
    const ab = await scheduledAbTest({ now: '2027-03-19T18:00:00.000Z', testsAt: '2027-03-19T20:00:00.000Z', remainderAt, percentages: [25, 25], timeZone: 'Pacific/Kiritimati' });
    await sendTests(ab, '2027-03-19T20:00:00.000Z');
    const remainderRun = () => prisma().jobRun.findUniqueOrThrow({ where: { id: rawId(ab.remainderJob) } });
    const waitsUntil = async (retryAt: number) => {
      // Requeued for the retry time and handed to Agenda again (dispatchedAt is set once it is).
      await expect.poll(async () => { const run = await remainderRun(); return [run.runAt.toISOString(), run.dispatchedAt !== null]; }, { timeout: 30_000 }).toEqual([iso(retryAt), true]);
      expect(await remainderRun()).toMatchObject({ status: 'QUEUED', error: expect.stringContaining('figures') });
      expect(await recordRow(ab.taskId, 'REMAINDER')).toMatchObject({ state: 'SELECTING', recipientCount: 0 });
      expect(await prisma().abTestResult.count({ where: { record: { taskId: ab.taskId } } })).toBe(0);
      expect(t.app.sim!.jobs(ab.account.appId).filter((j) => !j.seeded)).toHaveLength(2);
    };

    // WeChat answers 61503 for a day not ready yet …
    t.app.sim!.configure({ datacubeNotReady: '61503' });
    at(remainderAt);
    await makeJobDueNow(t.app, ab.remainderJob);
    await waitsUntil(Date.parse(remainderAt) + AB_RESULT_RETRY_MS);
    // A test group that finishes while the remainder waits does not make the broadcast DONE (its
    // record is staged back to SENDING and finished through the engine's own move).
    const late = (await recordRow(ab.taskId, 'AB_TEST_GROUP:1'))!;
    await prisma().sendRecord.update({ where: { id: late.id }, data: { state: 'SENDING' } });
    const move = await prisma().$transaction((tx) => moveRecord(tx, late.id, 'SENDING', 'SENT'));
    expect(move?.event.state).toBe('SENDING');
    // … or an empty list: both are waited for.
    t.app.sim!.configure({ datacubeNotReady: 'empty' });
    clock.set(iso(Date.parse(remainderAt) + AB_RESULT_RETRY_MS));
    await makeJobDueNow(t.app, ab.remainderJob);
    await waitsUntil(Date.parse(remainderAt) + 2 * AB_RESULT_RETRY_MS);
    // The last look is at the deadline; after it, nothing has figures: the first test group's news goes.
    clock.set(iso(Date.parse(remainderAt) + AB_RESULT_WAIT_MS - 10 * 60_000));
    await makeJobDueNow(t.app, ab.remainderJob);
    await waitsUntil(Date.parse(remainderAt) + AB_RESULT_WAIT_MS);
    clock.set(iso(Date.parse(remainderAt) + AB_RESULT_WAIT_MS));
    await makeJobDueNow(t.app, ab.remainderJob);
    const remainderJob = await finishRemainder(ab);
    expect(remainderJob.articles?.map((sent) => sent.article.title)).toEqual(ab.titles[1]);
    expect((await records(ab.broadcastId)).find((r) => r.isAbTestRemainder)!.abTestResult).toEqual({
      winnerPosition: 0, rule: 'NO_DATA_FIRST_GROUP', missingData: true,
      variants: [0, 1].map((position) => ({ position, reads: null, delivered: null, readRate: null })),
    });
  }, 120_000);
  it('releases a test group record finished after its own job gave up, and leaves one whose job still waits', async () => {
    const ab = await scheduledAbTest({ now: '2027-04-01T01:00:00.000Z', testsAt: '2027-04-01T03:00:00.000Z', remainderAt: '2027-04-09T02:00:00.000Z', percentages: [10, 10] });
    const client = await t.app.deps.wechat.clientFor(ab.account.id);
    const thumb = [...t.app.sim!.state.account(ab.account.appId)!.drafts.values()][0]!.articles[0]!.thumb_media_id;
    const groups = await prisma().abTestGroup.findMany({ where: { taskId: ab.taskId }, orderBy: { position: 'asc' } });
    // Each test group's record finished by WeChat's result, holding a draft wxcast made for it.
    const records = [];
    for (const group of groups) {
      const record = await ensureSendRecord(prisma(), ab.taskId, abTestGroupPart(group.position));
      const draft = await client.addDraft({ articles: [{ title: `组${group.position}`, content: '<p>正文</p>', thumb_media_id: thumb }] });
      await prisma().sendRecord.update({ where: { id: record.id }, data: { state: 'SENT', draftMediaId: draft } });
      records.push({ id: record.id, draft });
    }
    // Only test group 0's own job gave up; test group 1's and the task's (the remainder's) wait.
    await prisma().jobRun.update({ where: { id: groups[0]!.jobId! }, data: { status: 'FAILED' } });

    await releaseIfSendGaveUp(t.app.deps, records.map((record) => record.id));
    const box = t.app.sim!.state.account(ab.account.appId)!.drafts;
    expect(records.map((record) => box.has(record.draft))).toEqual([false, true]);
    const deletedAt = await Promise.all(records.map(async (record) => (await prisma().sendRecord.findUniqueOrThrow({ where: { id: record.id } })).draftsDeletedAt));
    expect(deletedAt.map((at) => at !== null)).toEqual([true, false]);
  });
});
