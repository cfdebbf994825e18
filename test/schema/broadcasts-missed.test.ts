import { afterAll, describe, expect, it } from 'vitest';
import { createTestKey, startTestApp, type TestApp, type TestAppFixture } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { collect, gql, wsClient } from '../helpers/graphql.ts';
import { createBroadcastOk, gid, readBroadcast, TestClock } from '../helpers/broadcasts.ts';
import { BroadcastStatusChanged, ScheduleBroadcast, SendBroadcastNow, UpdateBroadcast } from '../documents/broadcasts.ts';
import { createAccount } from '../factories/account.ts';
import { createMaterial } from '../factories/broadcast-content.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MINUTE = 60_000;

describe('a send whose time passed while no worker ran', () => {
  let db: TestDatabase;
  const started: TestApp[] = [];
  afterAll(async () => {
    for (const app of started.reverse()) await app.stop();
    await db?.drop();
  });

  it('is marked missed and announced, not sent late; the user can then send it now', async () => {
    db = await createTestDatabase();
    // An api process alone plans the send; no worker runs until after its time.
    const apiClock = new TestClock(new Date());
    const api = await startTestApp({ databaseUrl: db.url, role: 'api', redisUrl: REDIS_URL, clock: apiClock });
    started.push(api);
    const { key, workspaceId } = await createTestKey(api);
    const t = { app: api, db, key, workspaceId } as TestAppFixture;
    const account = await createAccount(api.deps.prisma, workspaceId);
    const material = await createMaterial(api.deps.prisma, account.id);
    const accountId = gid('Account', account.id);
    const created = await createBroadcastOk(t, { accountId, name: 'Late', firstTask: { audience: 'ALL_FOLLOWERS', content: { kind: 'NEWS', news: { materialId: gid('Material', material.id) } } } });

    const client = wsClient(api.url, key);
    const events = collect(client, BroadcastStatusChanged, { accountId });
    // graphql-ws does not acknowledge a subscription: rename until the change is heard.
    let version = created.version;
    while (events.results.length === 0) {
      const renamed = (await gql(api.url, key, UpdateBroadcast, { input: { id: created.id, version, name: `Late ${version}` } })).updateBroadcast;
      if (renamed.__typename === 'UpdateBroadcastSuccess') version = renamed.data.version;
      await events.until((results) => results.length > 0, 200).catch(() => {});
    }
    const sendAt = new Date(apiClock.now().getTime() + 1000);
    const scheduled = (await gql(api.url, key, ScheduleBroadcast, { input: { broadcastId: created.id, version, sendAt: sendAt.toISOString() } })).scheduleBroadcast;
    if (scheduled.__typename !== 'ScheduleBroadcastSuccess') throw new Error(JSON.stringify(scheduled));

    // The worker comes up 20 minutes after the send time (grace: 15 minutes).
    const workerClock = new TestClock(new Date(sendAt.getTime() + 20 * MINUTE));
    const worker = await startTestApp({ databaseUrl: db.url, role: 'worker', redisUrl: REDIS_URL, clock: workerClock, wechatApiBase: 'http://127.0.0.1:9' });
    started.push(worker);
    await events.until((results) => results.some((r) => r.data?.broadcastStatusChanged.state === 'MISSED'), 30_000);
    const missed = await readBroadcast(t, created.id);
    expect(missed).toMatchObject({ state: 'MISSED', tasks: [{ slotState: 'MISSED' }] });

    // Send it now: a new job at the (worker's) present is due, not missed.
    workerClock.set(new Date());
    const now = (await gql(api.url, key, SendBroadcastNow, { input: { broadcastId: created.id, version: missed.version } })).sendBroadcastNow;
    if (now.__typename !== 'SendBroadcastNowSuccess') throw new Error(JSON.stringify(now));
    await events.until((results) => results.some((r) => r.data?.broadcastStatusChanged.state === 'SENDING'), 30_000);
    events.unsubscribe();
    await client.dispose();
    expect((await readBroadcast(t, created.id)).tasks[0]).toMatchObject({ slotState: 'DUE' });
    const states = events.results.map((r) => r.data!.broadcastStatusChanged.state).filter((state) => state !== 'READY');
    expect(states).toEqual(['SCHEDULED', 'MISSED', 'SCHEDULED', 'SENDING']);
  });
});
