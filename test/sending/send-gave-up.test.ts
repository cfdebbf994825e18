import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { createBroadcastOk, gid, rawId, readBroadcast } from '../helpers/broadcasts.ts';
import { gql } from '../helpers/graphql.ts';
import { Quota, ScheduleBroadcast } from '../documents/broadcasts.ts';
import { finishAll, groupBroadcastTask, groupOf, groupsAudience, sendingAccount, sendNow, text } from '../helpers/sending.ts';
import { makeJobDueNow } from '../helpers/jobs.ts';
import { collectEvents as collect } from '../helpers/sending-ws.ts';
import { overridePolicy, policyOf } from '#src/jobs/registry.ts';
import { failRecordOfGivenUpSend } from '#src/sending/gave-up.ts';
import { tagNameFor } from '#src/sending/tag-path.ts';
import { syncMaterials } from '#src/services/material-sync.ts';
import { FAKE_JPEG } from '#src/wechat-simulator/content.ts';
import type { BatchResultEvent, BroadcastStatusEvent } from '#src/pubsub.ts';

describe('a send job that gives up', () => {
  const t = useTestApp();
  const prisma = () => t.app.deps.prisma;
  // Retries a moment apart, not 5 s: the test waits for all three attempts.
  beforeAll(() => overridePolicy('SEND_BROADCAST_TASK', { retryDelayMs: 100 }));
  afterAll(() => overridePolicy('SEND_BROADCAST_TASK', undefined));

  const recordOf = async (broadcastId: string) =>
    prisma().sendRecord.findFirst({ where: { broadcastId: rawId(broadcastId) }, include: { batches: { orderBy: { batchNo: 'asc' } } } });
  const runOf = async (broadcastId: string) => {
    const task = await prisma().broadcastTask.findFirstOrThrow({ where: { broadcastId: rawId(broadcastId) }, select: { jobId: true } });
    return prisma().jobRun.findUniqueOrThrow({ where: { id: task.jobId! }, include: { history: { orderBy: { id: 'asc' } } } });
  };

  it('fails a record still PREPARING with the job\'s error once every attempt failed before anything reached WeChat', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4, 'SUBSCRIPTION');
    const group = await groupOf(t, customerOf, openids.slice(0, 3));
    // Every attempt stops at the record's tag: the account holds 100 tags (45056, not retryable).
    t.app.sim!.addFault({ path: '/cgi-bin/tags/create', appid: account.appId, errcode: 45056 });
    const statusEvents = collect<BroadcastStatusEvent>(t.app.deps.pubsub.subscribe('broadcast:status', account.id));
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'No tag', firstTask: { ...groupsAudience(group.id), content: text('never') } });

    await expect.poll(async () => (await recordOf(broadcastId))?.state, { timeout: 30_000 }).toBe('FAILED');
    const run = await runOf(broadcastId);
    expect(run).toMatchObject({ status: 'FAILED', attempts: policyOf('SEND_BROADCAST_TASK').maxAttempts, error: expect.stringContaining('45056') });
    const record = (await recordOf(broadcastId))!;
    expect(record.failureReason).toBe(`the send job gave up: ${run.error}`);
    expect(record.batches.map((b) => b.state)).toEqual(['PENDING']);
    expect((await readBroadcast(t, broadcastId)).state).toBe('DONE');
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(0);
    const moves = statusEvents.filter((e) => e.record?.recordId === record.id).map((e) => [e.state, e.record!.state]);
    expect(moves).toEqual([['SENDING', 'PREPARING'], ['DONE', 'FAILED']]);

    // Nothing reached WeChat: the subscription account's day is still free, for the quota and for a new plan.
    expect((await gql(t.app.url, t.key, Quota, { accountId: gid('Account', account.id) })).quota).toMatchObject({ used: 0, left: 1, plannedSends: 0, sendsMade: 0 });
    const next = await createBroadcastOk(t, { accountId: gid('Account', account.id), name: 'Today after all', firstTask: { ...groupsAudience(group.id), content: text('today') } });
    const version = (await readBroadcast(t, next.id)).version;
    const planned = (await gql(t.app.url, t.key, ScheduleBroadcast, { input: { broadcastId: next.id, version, sendAt: new Date(Date.now() + 30_000).toISOString() } })).scheduleBroadcast;
    expect(planned.__typename).toBe('ScheduleBroadcastSuccess');
  });

  it('fails the never-submitted batches of a SENDING record with the job\'s error, and the record finishes from them', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4, 'SUBSCRIPTION');
    const group = await groupOf(t, customerOf, openids.slice(0, 3));
    // The first run is held while it tags the recipients; meanwhile the task loses its content,
    // so every attempt from SENDING on fails before submitting a batch.
    const tagging = t.app.sim!.addFault({ path: '/cgi-bin/tags/members/batchtagging', appid: account.appId, hold: true, count: 1 });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Content gone', firstTask: { ...groupsAudience(group.id), content: text('gone') } });
    const batchEvents = collect<BatchResultEvent>(t.app.deps.pubsub.subscribe('send:batch', rawId(broadcastId)));
    await t.app.sim!.whenHeld(tagging.id);
    await prisma().broadcastTask.updateMany({ where: { broadcastId: rawId(broadcastId) }, data: { content: null as never } });
    t.app.sim!.releaseFault(tagging.id);

    await expect.poll(async () => (await recordOf(broadcastId))?.state, { timeout: 30_000 }).toBe('FAILED');
    const run = await runOf(broadcastId);
    expect(run).toMatchObject({ status: 'FAILED', attempts: policyOf('SEND_BROADCAST_TASK').maxAttempts, error: expect.stringContaining('the content cannot be sent') });
    const record = (await recordOf(broadcastId))!;
    expect(record.batches).toEqual([expect.objectContaining({ state: 'FAILED', attempts: 0, msgId: null, reason: `the send job gave up: ${run.error}` })]);
    expect(record.failureReason).toBe(`1 of 1 batches did not fully succeed; first: the send job gave up: ${run.error}`);
    expect((await readBroadcast(t, broadcastId)).state).toBe('DONE');
    expect(t.app.sim!.jobs(account.appId).filter((j) => !j.seeded)).toHaveLength(0);
    await expect.poll(() => batchEvents.map((e) => e.state)).toEqual(['FAILED']);
    // The record's tag, made and filled by the first attempt, does not stay in the account (at most 100 tags).
    await expect.poll(async () => (await recordOf(broadcastId))!.tagId, { timeout: 30_000 }).toBeNull();
    expect(t.app.sim!.state.account(account.appId)!.tags.list().filter((tag) => tag.name === tagNameFor(['record', record.id]))).toEqual([]);
  });

  it('deletes the draft it made for a record that failed when its job gave up', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    const group = await groupOf(t, customerOf, openids);
    const client = await t.app.deps.wechat.clientFor(account.id);
    const thumb = (await client.addMaterial('image', { data: FAKE_JPEG, filename: 'thumb.jpg', contentType: 'image/jpeg' })).media_id;
    const draftId = await client.addDraft({ articles: ['一', '二'].map((title) => ({ title, content: `<p>${title}</p>`, thumb_media_id: thumb })) });
    await syncMaterials({ prisma: prisma(), client }, { accountId: account.id, count: 20 }, async () => {});
    const material = await prisma().material.findUniqueOrThrow({ where: { accountId_mediaId: { accountId: account.id, mediaId: draftId } } });
    // The articles in another order are a new draft, made by the first attempt; while it is being
    // made the task loses its content, so every attempt from SENDING on fails before submitting.
    const making = t.app.sim!.addFault({ path: '/cgi-bin/draft/add', appid: account.appId, hold: true, count: 1 });
    const broadcastId = await sendNow(t, {
      accountId: gid('Account', account.id), name: 'Draft left',
      firstTask: { ...groupsAudience(group.id), content: { kind: 'NEWS', news: { materialId: gid('Material', material.id), articles: [{ index: 1 }, { index: 0 }] } } },
    });
    await t.app.sim!.whenHeld(making.id);
    await prisma().broadcastTask.updateMany({ where: { broadcastId: rawId(broadcastId) }, data: { content: null as never } });
    t.app.sim!.releaseFault(making.id);

    await expect.poll(async () => (await recordOf(broadcastId))?.state, { timeout: 30_000 }).toBe('FAILED');
    await expect.poll(async () => (await recordOf(broadcastId))!.draftsDeletedAt, { timeout: 30_000 }).not.toBeNull();
    const made = (await recordOf(broadcastId))!.draftMediaId!;
    expect(made).not.toBe(draftId);
    const box = t.app.sim!.state.account(account.appId)!.drafts;
    expect(box.has(made)).toBe(false);
    // The material's own draft is not wxcast's to delete.
    expect(box.has(draftId)).toBe(true);
  });

  it('removes the tag of a record that WeChat\'s result finishes after its job gave up', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4, 'SUBSCRIPTION');
    const group = await groupOf(t, customerOf, openids.slice(0, 3));
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Late result', firstTask: { ...groupsAudience(group.id), content: text('late') } });
    // The batch is submitted and the run waits (rescheduled) for WeChat's result.
    await expect.poll(async () => (await recordOf(broadcastId))?.batches.map((b) => b.state), { timeout: 30_000 }).toEqual(['SUBMITTED']);
    await expect.poll(async () => (await runOf(broadcastId)).status, { timeout: 30_000 }).toBe('QUEUED');
    const record = (await recordOf(broadcastId))!;
    expect(record.tagId).not.toBeNull();
    // Then the task loses its content: every later attempt fails, and the job gives up.
    await prisma().broadcastTask.updateMany({ where: { broadcastId: rawId(broadcastId) }, data: { content: null as never } });
    const run = await runOf(broadcastId);
    await makeJobDueNow(t.app, encodeGlobalID('Job', run.id));
    await expect.poll(async () => (await runOf(broadcastId)).status, { timeout: 30_000 }).toBe('FAILED');
    expect((await recordOf(broadcastId))!).toMatchObject({ state: 'SENDING', tagId: record.tagId });

    // WeChat's result finishes the record; with no run left, the result's handler removes the tag.
    await finishAll(t, account.appId);
    await expect.poll(async () => (await recordOf(broadcastId))!.state, { timeout: 30_000 }).toBe('SENT');
    await expect.poll(async () => (await recordOf(broadcastId))!.tagId, { timeout: 30_000 }).toBeNull();
    expect(t.app.sim!.state.account(account.appId)!.tags.list().filter((tag) => tag.name === tagNameFor(['record', record.id]))).toEqual([]);
  }, 120_000);

  it('makes no record for a task whose job gave up before it had one', async () => {
    const { prisma: db, taskId } = await groupBroadcastTask(t, 3);
    await failRecordOfGivenUpSend(t.app.deps, { taskId, part: 'TASK' }, 'the job failed before its record');
    expect(await db.sendRecord.count({ where: { taskId } })).toBe(0);
  });

  it('leaves a batch WeChat may have sent (SUBMITTING) as it is, and the record SENDING', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    const group = await groupOf(t, customerOf, openids);
    // WeChat makes the job but its answer is lost: the batch stays SUBMITTING; then the content
    // goes, so every later attempt fails before it can resubmit the batch and learn its msg_id.
    t.app.sim!.addFault({ path: '/cgi-bin/message/mass/send', appid: account.appId, answerLost: true, count: 1 });
    const broadcastId = await sendNow(t, { accountId: gid('Account', account.id), name: 'Answer lost', firstTask: { ...groupsAudience(group.id), content: text('maybe') } });
    await expect.poll(() => t.app.sim!.jobs(account.appId).filter((j) => !j.seeded).length, { timeout: 30_000 }).toBe(1);
    await prisma().broadcastTask.updateMany({ where: { broadcastId: rawId(broadcastId) }, data: { content: null as never } });

    await expect.poll(async () => (await runOf(broadcastId)).status, { timeout: 30_000 }).toBe('FAILED');
    const run = await runOf(broadcastId);
    expect(run.error).toContain('the content cannot be sent');
    // The runner calls the hook just after the run is FAILED and nothing visible follows when it
    // changes nothing: the test calls it once more (it is idempotent), so what it left is settled.
    const task = await prisma().broadcastTask.findFirstOrThrow({ where: { broadcastId: rawId(broadcastId) }, select: { id: true } });
    await failRecordOfGivenUpSend(t.app.deps, { taskId: task.id, part: 'TASK' }, run.error!);
    const record = (await recordOf(broadcastId))!;
    expect(record).toMatchObject({ state: 'SENDING', failureReason: null });
    expect(record.batches).toEqual([expect.objectContaining({ state: 'SUBMITTING', attempts: 1, msgId: null, reason: null })]);
    expect((await readBroadcast(t, broadcastId)).state).toBe('SENDING');
  });
});
