import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { createBroadcastOk, gid, rawId } from '../helpers/broadcasts.ts';
import { createImage } from '../factories/broadcast-content.ts';
import { deliveriesByOpenid, finishAll, groupOf, groupsAudience, sendingAccount, sendNow, simJobs } from '../helpers/sending.ts';
import { syncMaterials } from '#src/services/material-sync.ts';
import { sendTask } from '#src/sending/send-task.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { FAKE_JPEG } from '#src/wechat-simulator/content.ts';

const MASS_SEND = '/cgi-bin/message/mass/send';
const DRAFT_ADD = '/cgi-bin/draft/add';

describe('news sent as drafts', () => {
  // A batch waits 300 ms for its event before WeChat is asked, so a run soon finds its record final.
  const t = useTestApp({ config: { resultReconcileAfterMs: 300 } });
  const prisma = () => t.app.deps.prisma;
  const sim = () => t.app.sim!;
  const recordOf = async (broadcastId: string) =>
    prisma().sendRecord.findFirstOrThrow({ where: { broadcastId: rawId(broadcastId) }, include: { batches: { orderBy: { batchNo: 'asc' } } } });
  const finished = (broadcastId: string) => expect.poll(async () => (await recordOf(broadcastId)).state, { timeout: 60_000 }).toMatch(/^(SENT|PARTLY_FAILED|FAILED)$/);
  const draftAdds = (appId: string) => sim().stats().accounts[appId]!.calls[DRAFT_ADD] ?? 0;
  const draftBox = (appId: string) => sim().state.account(appId)!.drafts;
  const sentArticles = (msgId: number) => sim().state.jobs.get(msgId)!.articles.map(({ article: a }) => ({ title: a.title, thumb: a.thumb_media_id, comment: a.need_open_comment }));

  /**
   * A service account whose draft box holds one draft of `titles` (its own thumb, comments open
   * on the first article), synced into wxcast as a material; and a permanent image uploaded
   * through wxcast's client, stored as an image of the account (a cover to choose).
   */
  async function accountWithDraft(followers: number, titles: string[]) {
    const sending = await sendingAccount(t, followers);
    const client = await t.app.deps.wechat.clientFor(sending.account.id);
    const thumb = (await client.addMaterial('image', { data: FAKE_JPEG, filename: 'thumb.jpg', contentType: 'image/jpeg' })).media_id;
    const cover = await client.addMaterial('image', { data: FAKE_JPEG, filename: 'cover.jpg', contentType: 'image/jpeg' });
    const draftId = await client.addDraft({
      articles: titles.map((title, i) => ({ title, content: `<p>${title}：正文</p>`, thumb_media_id: thumb, need_open_comment: i === 0 ? 1 : 0 })),
    });
    await syncMaterials({ prisma: prisma(), client }, { accountId: sending.account.id, count: 20 }, async () => {});
    const material = await prisma().material.findUniqueOrThrow({ where: { accountId_mediaId: { accountId: sending.account.id, mediaId: draftId } } });
    const image = await prisma().image.create({
      data: { accountId: sending.account.id, mediaId: cover.media_id, url: cover.url ?? 'https://mmbiz.qpic.cn/cover', filename: 'cover.jpg', contentType: 'image/jpeg', size: FAKE_JPEG.length },
    });
    return { ...sending, thumb, cover: { id: image.id, mediaId: cover.media_id }, draftId, material };
  }

  it('sends a reordered composition with another cover as a new draft, made once although the run is repeated', async () => {
    sim().configure({ draftKeptAfterSend: false });
    const { account, openids, customerOf, thumb, cover, draftId, material } = await accountWithDraft(4, ['一', '二', '三']);
    const group = await groupOf(t, customerOf, openids);
    const addsBefore = draftAdds(account.appId);
    // The first submission never reaches WeChat: the run ends and the job runs again 5 s later.
    sim().addFault({ path: MASS_SEND, drop: true, count: 1 });
    const materialId = gid('Material', material.id);
    const broadcastId = await sendNow(t, {
      accountId: gid('Account', account.id), name: 'Changed',
      firstTask: { ...groupsAudience(group.id), content: { kind: 'NEWS', news: { materialId, articles: [{ index: 2 }, { index: 0, coverImageId: gid('Image', cover.id) }] } } },
    });
    const [job] = await simJobs(t, account.appId, 1);
    // WeChat sent the changed composition: the third article first, the first with the chosen cover and its comment setting.
    expect(sentArticles(job!.msgId)).toEqual([{ title: '三', thumb, comment: 0 }, { title: '一', thumb: cover.mediaId, comment: 1 }]);
    let record = await recordOf(broadcastId);
    expect(record.draftMediaId).toEqual(expect.any(String));
    expect(record.draftMediaId).not.toBe(draftId);
    expect(job!.payload).toEqual({ media_id: record.draftMediaId });
    expect(record.batches[0]).toMatchObject({ mediaId: record.draftMediaId, attempts: 2 });
    // Two runs, one draft/add.
    expect(draftAdds(account.appId) - addsBefore).toBe(1);

    await finishAll(t, account.appId);
    await finished(broadcastId);
    record = await recordOf(broadcastId);
    expect(record.state).toBe('SENT');
    expect([...deliveriesByOpenid(t, account.appId).entries()].sort()).toEqual(openids.map((o) => [o, 1]).sort());
    // WeChat removed the sent draft; the material's own draft was not sent and stays.
    expect(draftBox(account.appId).has(record.draftMediaId!)).toBe(false);
    expect(draftBox(account.appId).has(draftId)).toBe(true);
  });

  it('sends a draft without its last article as a new draft of the remaining ones', async () => {
    sim().configure({ draftKeptAfterSend: false });
    const { account, openids, customerOf, thumb, draftId, material } = await accountWithDraft(2, ['留下', '去掉']);
    const group = await groupOf(t, customerOf, openids);
    const broadcastId = await sendNow(t, {
      accountId: gid('Account', account.id), name: 'Shorter',
      firstTask: { ...groupsAudience(group.id), content: { kind: 'NEWS', news: { materialId: gid('Material', material.id), articles: [{ index: 0 }] } } },
    });
    const [job] = await simJobs(t, account.appId, 1);
    expect(sentArticles(job!.msgId)).toEqual([{ title: '留下', thumb, comment: 1 }]);
    const record = await recordOf(broadcastId);
    expect(job!.payload).toEqual({ media_id: record.draftMediaId });
    expect(record.draftMediaId).not.toBe(draftId);
  });

  for (const kept of [false, true]) {
    it(`sends news to 25,001 followers in 3 batches, each with its own draft (sent drafts ${kept ? 'kept' : 'removed'} by WeChat)`, async () => {
      sim().configure({ draftKeptAfterSend: kept });
      const { account, openids, customerOf, draftId, material } = await accountWithDraft(25_001, ['分批']);
      const group = await groupOf(t, customerOf, openids);
      const addsBefore = draftAdds(account.appId);
      // The second copy's draft/add fails (-1): the run ends and the job runs again 5 s later,
      // finding the first copy stored.
      sim().addFault({ path: DRAFT_ADD, errcode: -1, after: 1, count: 1 });
      const broadcastId = await sendNow(t, {
        accountId: gid('Account', account.id), name: 'Big news',
        firstTask: { ...groupsAudience(group.id), content: { kind: 'NEWS', news: { materialId: gid('Material', material.id) } } },
      });
      const jobs = await simJobs(t, account.appId, 3);
      expect(jobs.map((j) => j.totalCount)).toEqual([10_000, 10_000, 5_001]);
      let record = await recordOf(broadcastId);
      const drafts = record.batches.map((b) => b.mediaId!);
      // The first batch sends the material's draft, each later batch a copy of it.
      expect(drafts[0]).toBe(draftId);
      expect(new Set(drafts).size).toBe(3);
      expect(record.draftMediaId).toBeNull();
      expect(jobs.map((j) => j.payload)).toEqual(drafts.map((media_id) => ({ media_id })));
      for (const j of jobs) expect(sentArticles(j.msgId)).toEqual([{ title: '分批', thumb: expect.any(String), comment: 1 }]);
      // One draft/add per copy (the call the fault answered is not counted by the simulator).
      expect(draftAdds(account.appId) - addsBefore).toBe(2);

      await expect.poll(async () => (await recordOf(broadcastId)).batches.every((b) => b.state === 'SUBMITTED'), { timeout: 30_000 }).toBe(true);
      await finishAll(t, account.appId);
      await finished(broadcastId);
      record = await recordOf(broadcastId);
      expect(record.batches.map((b) => b.state)).toEqual(['SENT', 'SENT', 'SENT']);
      // Each recipient WeChat reports as sent got the news once (a batch's result may come from
      // message/mass/get, which has no counts, so WeChat's jobs are counted).
      const sent = sim().jobs(account.appId).filter((j) => !j.seeded).reduce((sum, j) => sum + j.sentCount, 0);
      expect(sent).toBeGreaterThan(24_000);
      const delivered = deliveriesByOpenid(t, account.appId);
      expect(delivered.size).toBe(sent);
      expect([...delivered.values()].every((n) => n === 1)).toBe(true);
      const audience = new Set(openids);
      expect([...delivered.keys()].every((o) => audience.has(o))).toBe(true);
      // The copies wxcast made do not stay in the box (sent and removed, or deleted once the record
      // was final); the material's own draft is WeChat's to keep or remove.
      await expect.poll(async () => (await recordOf(broadcastId)).draftsDeletedAt, { timeout: 30_000 }).not.toBeNull();
      expect(drafts.slice(1).map((id) => draftBox(account.appId).has(id))).toEqual([false, false]);
      expect(draftBox(account.appId).has(draftId)).toBe(kept);
    }, 180_000);
  }

  it('recognises a resubmitted batch whose draft WeChat already sent by its clientmsgid (45065), not as 40007', async () => {
    sim().configure({ draftKeptAfterSend: false });
    const { account, openids, customerOf, material } = await accountWithDraft(10_002, ['丢失的回答']);
    const group = await groupOf(t, customerOf, openids);
    // The second batch's job is made and its draft consumed, but wxcast never hears the answer.
    sim().addFault({ path: MASS_SEND, answerLost: true, after: 1, count: 1 });
    const broadcastId = await sendNow(t, {
      accountId: gid('Account', account.id), name: 'Lost news',
      firstTask: { ...groupsAudience(group.id), content: { kind: 'NEWS', news: { materialId: gid('Material', material.id) } } },
    });
    const jobs = await simJobs(t, account.appId, 2);
    const second = (await recordOf(broadcastId)).batches[1]!;
    expect(jobs[1]!.payload).toEqual({ media_id: second.mediaId });
    expect(draftBox(account.appId).has(second.mediaId!)).toBe(false);
    // Past WeChat's minute for the same clientmsgid (45066), the resubmission is answered 45065.
    sim().setClock({ advanceMs: 61_000 });
    await expect.poll(async () => (await recordOf(broadcastId)).batches[1]?.msgId ?? null, { timeout: 30_000 }).not.toBeNull();
    const record = await recordOf(broadcastId);
    expect(record.batches[1]).toMatchObject({ attempts: 2, mediaId: second.mediaId, msgId: BigInt(jobs[1]!.msgId), errcode: null });
    expect(sim().jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(2);
    await finishAll(t, account.appId);
    await finished(broadcastId);
    expect((await recordOf(broadcastId)).batches.map((b) => b.state)).toEqual(['SENT', 'SENT']);
    const delivered = deliveriesByOpenid(t, account.appId);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    expect(delivered.size).toBe(sim().jobs(account.appId).filter((j) => !j.seeded).reduce((sum, j) => sum + j.sentCount, 0));
  }, 120_000);

  it('fails the record, sending nothing, when WeChat refuses the composition as a draft', async () => {
    sim().configure({ draftKeptAfterSend: false });
    const { account, openids, customerOf, material } = await accountWithDraft(3, ['一', '二']);
    const group = await groupOf(t, customerOf, openids);
    // An image wxcast has a media id for that WeChat does not know (deleted there): draft/add answers 40007.
    const gone = await createImage(prisma(), account.id, 'MATERIAL');
    const broadcastId = await sendNow(t, {
      accountId: gid('Account', account.id), name: 'Refused',
      firstTask: { ...groupsAudience(group.id), content: { kind: 'NEWS', news: { materialId: gid('Material', material.id), articles: [{ index: 1, coverImageId: gid('Image', gone.id) }] } } },
    });
    await finished(broadcastId);
    const record = await recordOf(broadcastId);
    expect(record).toMatchObject({ state: 'FAILED', draftMediaId: null, failureReason: expect.stringContaining('draft/add 40007') });
    expect(record.batches.map((b) => [b.mediaId, b.msgId])).toEqual([[null, null]]);
    expect(sim().jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(0);
  });

  it('fails a news record of several batches whose draft left the box before anything was sent', async () => {
    sim().configure({ draftKeptAfterSend: false });
    const { account, openids, customerOf, draftId, material } = await accountWithDraft(10_002, ['已删除']);
    const group = await groupOf(t, customerOf, openids);
    // Published or deleted in WeChat's backend after the last sync.
    sim().removeMaterial(draftId);
    const broadcastId = await sendNow(t, {
      accountId: gid('Account', account.id), name: 'Gone',
      firstTask: { ...groupsAudience(group.id), content: { kind: 'NEWS', news: { materialId: gid('Material', material.id) } } },
    });
    await finished(broadcastId);
    const record = await recordOf(broadcastId);
    expect(record).toMatchObject({ state: 'FAILED', failureReason: expect.stringContaining('no longer in WeChat\'s draft box') });
    expect(record.batches.map((b) => b.msgId)).toEqual([null, null]);
    expect(sim().jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(0);
  }, 60_000);

  it('keeps the draft of the run that stored first when two runs make one at once; the other run deletes its own', async () => {
    sim().configure({ draftKeptAfterSend: false });
    const { account, openids, customerOf, draftId, material } = await accountWithDraft(4, ['甲', '乙']);
    const group = await groupOf(t, customerOf, openids);
    const created = await createBroadcastOk(t, {
      accountId: gid('Account', account.id), name: 'Race',
      firstTask: { ...groupsAudience(group.id), content: { kind: 'NEWS', news: { materialId: gid('Material', material.id), articles: [{ index: 1 }, { index: 0 }] } } },
    });
    const task = await prisma().broadcastTask.findFirstOrThrow({ where: { broadcastId: rawId(created.id) } });
    const deps = { prisma: prisma(), pubsub: t.app.deps.pubsub, wechat: t.app.deps.wechat };
    const addsBefore = draftAdds(account.appId);
    // Both runs (a redelivery while the first still runs) reach draft/add before either stores a draft.
    const held = sim().addFault({ path: DRAFT_ADD, hold: true });
    const runs = Promise.allSettled([sendTask(deps, task.id), sendTask(deps, task.id)]);
    await sim().whenHeld(held.id, 2);
    sim().releaseFault(held.id);
    for (const run of await runs) expect(run.status === 'rejected' && run.reason).toBeInstanceOf(RetryLaterError);
    expect(draftAdds(account.appId) - addsBefore).toBe(2);
    const record = await prisma().sendRecord.findFirstOrThrow({ where: { taskId: task.id }, include: { batches: true } });
    const [job] = sim().jobs(account.appId).filter((j) => !j.seeded);
    expect(job!.payload).toEqual({ media_id: record.draftMediaId });
    expect(record.batches[0]!.mediaId).toBe(record.draftMediaId);
    // The stored draft was sent (and left the box); the losing run's draft was deleted: only the material's own is left.
    expect([...draftBox(account.appId).keys()]).toEqual([draftId]);
  });
});
