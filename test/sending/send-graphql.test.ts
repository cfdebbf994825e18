import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { collect, gql, wsClient } from '../helpers/graphql.ts';
import { createBroadcastOk, gid, rawId, readBroadcast } from '../helpers/broadcasts.ts';
import { finishAll, groupOf, groupsAudience, sendingAccount, simJobs, text } from '../helpers/sending.ts';
import { SendBroadcastNow } from '../documents/broadcasts.ts';
import { BatchResults, SendingStatus, SendRecords } from '../documents/sending.ts';
import type { BatchResultEvent } from '#src/pubsub.ts';

describe('sending over GraphQL', () => {
  const t = useTestApp();

  it('announces record and batch changes in commit order over graphql-ws, and lists records with their batches', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 4);
    const group = await groupOf(t, customerOf, openids.slice(0, 3));
    const accountId = gid('Account', account.id);
    const created = await createBroadcastOk(t, { accountId, name: 'Live', firstTask: { ...groupsAudience(group.id), content: text('live') } });
    const client = wsClient(t.app.url, t.key);
    const batches = collect(client, BatchResults, { broadcastId: created.id });
    const status = collect(client, SendingStatus, { accountId });
    // graphql-ws does not acknowledge a subscription: publish probes on both topics until each is heard.
    const probe: BatchResultEvent = { broadcastId: rawId(created.id), recordId: rawId(created.id), batchId: 'probe', batchNo: -1, state: 'PENDING', recipientCount: 0, msgId: null, totalCount: null, filterCount: null, filteredOut: null, sentCount: null, errorCount: null, errcode: null, reason: null };
    while (!batches.results.length || !status.results.length) {
      t.app.deps.pubsub.publish('send:batch', rawId(created.id), probe);
      t.app.deps.pubsub.publish('broadcast:status', account.id, { broadcastId: 'probe', state: null, version: 0 });
      await Promise.race([batches.until((r) => r.length > 0, 200), status.until((r) => r.length > 0, 200)]).catch(() => {});
    }
    const batchesFrom = batches.results.length;
    const statusFrom = status.results.length;

    const now = (await gql(t.app.url, t.key, SendBroadcastNow, { input: { broadcastId: created.id, version: (await readBroadcast(t, created.id)).version } })).sendBroadcastNow;
    expect(now.__typename).toBe('SendBroadcastNowSuccess');
    await simJobs(t, account.appId, 1);
    await batches.until((r) => r.slice(batchesFrom).some((e) => e.data?.batchResult.state === 'SUBMITTED'), 30_000);
    await finishAll(t, account.appId);
    await status.until((r) => r.some((e) => e.data?.broadcastStatusChanged.state === 'DONE'), 30_000);
    await batches.until((r) => r.slice(batchesFrom).some((e) => e.data?.batchResult.state === 'SENT'), 30_000);
    batches.unsubscribe();
    status.unsubscribe();
    await client.dispose();

    const heard = status.results.slice(statusFrom).map((e) => e.data!.broadcastStatusChanged).filter((e) => e.broadcastId === created.id);
    expect(heard.map((e) => [e.state, e.record?.state ?? null])).toEqual([
      ['SCHEDULED', null], ['SENDING', null], ['SENDING', 'PREPARING'], ['SENDING', 'QUEUED'], ['SENDING', 'SENDING'], ['DONE', 'SENT'],
    ]);
    const versions = heard.map((e) => e.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(heard.at(-1)!.record).toMatchObject({ recipientCount: 3, batchCount: 1, sentCount: 3, errorCount: 0, failureReason: null });
    const job = t.app.sim!.jobs(account.appId).find((j) => !j.seeded)!;
    expect(batches.results.slice(batchesFrom).map((e) => e.data!.batchResult)).toEqual([
      expect.objectContaining({ batchNo: 0, state: 'SUBMITTED', msgId: String(job.msgId), recipientCount: 3 }),
      expect.objectContaining({ batchNo: 0, state: 'SENT', msgId: String(job.msgId), sentCount: 3, errorCount: 0 }),
    ]);

    const byBroadcast = (await gql(t.app.url, t.key, SendRecords, { broadcastId: created.id })).sendRecords;
    expect(byBroadcast.totalCount).toBe(1);
    expect(byBroadcast.edges[0]!.node).toMatchObject({
      state: 'SENT', recipientCount: 3, batchCount: 1, sentCount: 3, task: { position: 0 },
      batches: [{ batchNo: 0, state: 'SENT', recipientCount: 3, attempts: 1, msgId: String(job.msgId), sentCount: 3 }],
    });
    const byAccount = (await gql(t.app.url, t.key, SendRecords, { accountId, first: 1 })).sendRecords;
    expect(byAccount.edges.map((e) => e.node.id)).toEqual([byBroadcast.edges[0]!.node.id]);
  });

  it('sends a subscription account\'s group through a tag made for the record', async () => {
    const { account, openids, customerOf } = await sendingAccount(t, 5, 'SUBSCRIPTION');
    const group = await groupOf(t, customerOf, openids.slice(1, 4));
    const created = await createBroadcastOk(t, { accountId: gid('Account', account.id), name: 'Tagged', firstTask: { ...groupsAudience(group.id), content: text('tag') } });
    await gql(t.app.url, t.key, SendBroadcastNow, { input: { broadcastId: created.id, version: (await readBroadcast(t, created.id)).version } });
    const [job] = await simJobs(t, account.appId, 1);
    expect(job).toMatchObject({ api: 'sendall', audience: { kind: 'tag' } });
    const records = async () => (await gql(t.app.url, t.key, SendRecords, { broadcastId: created.id })).sendRecords.edges.map((e) => e.node);
    await expect.poll(async () => (await records())[0]?.batches[0]?.state, { timeout: 30_000 }).toBe('SUBMITTED');
    const tags = t.app.sim!.state.account(account.appId)!.tags;
    const [recordTag] = tags.list().filter((tag) => tag.name.startsWith('wxcast-'));
    expect(tags.members(recordTag!.id).size).toBe(3);
    expect(job!.audience).toMatchObject({ tagId: recordTag!.id });
    await finishAll(t, account.appId);
    await expect.poll(async () => (await records())[0]?.state, { timeout: 30_000 }).toBe('SENT');
    expect((await records())[0]).toMatchObject({ recipientCount: 3, untaggedCount: 0, sentCount: 3 });
    const delivered = t.app.sim!.deliveries({ appid: account.appId }).deliveries.filter((d) => d.kind === 'mass').map((d) => d.openid).sort();
    expect(delivered).toEqual(openids.slice(1, 4).sort());
    // Once the result is in, the job's next look removes the record's tag.
    await expect.poll(() => tags.list().filter((tag) => tag.name.startsWith('wxcast-')).length, { timeout: 90_000, interval: 500 }).toBe(0);
    expect(await t.app.deps.prisma.sendRecord.findFirst({ where: { broadcastId: rawId(created.id) }, select: { tagId: true } })).toEqual({ tagId: null });
  }, 120_000);

  it('refuses sendRecords without exactly one of broadcastId and accountId', async () => {
    const { account } = await sendingAccount(t, 2);
    const both = await fetch(`${t.app.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` },
      body: JSON.stringify({ query: 'query($a: ID) { sendRecords(accountId: $a, broadcastId: $a) { totalCount } }', variables: { a: gid('Account', account.id) } }),
    }).then((r) => r.json() as Promise<{ errors?: { extensions?: { code?: string } }[] }>);
    expect(both.errors?.[0]?.extensions?.code).toMatch(/VALIDATION|NOT_FOUND/);
    const none = await fetch(`${t.app.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` },
      body: JSON.stringify({ query: '{ sendRecords { totalCount } }' }),
    }).then((r) => r.json() as Promise<{ errors?: { extensions?: { code?: string } }[] }>);
    expect(none.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});
