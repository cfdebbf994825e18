import { afterAll, describe, expect, it } from 'vitest';
import { createTestKey, startTestApp, testConfig, type TestApp, type TestAppFixture } from '../helpers/app.ts';
import { startApp, type App } from '#src/app.ts';
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
  const started: (TestApp | App)[] = [];
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
    // Up to the send becoming due; the sending engine's events follow (its record, then DONE).
    const all = events.results.map((r) => r.data!.broadcastStatusChanged.state).filter((state) => state !== 'READY');
    const states = all.slice(0, all.indexOf('SENDING') + 1);
    expect(states).toEqual(['SCHEDULED', 'MISSED', 'SCHEDULED', 'SENDING']);
  });

  it('waits as long as WXCAST_MISSED_SEND_GRACE_MINUTES says before calling a send missed', async () => {
    const graceDb = await createTestDatabase();
    const apiClock = new TestClock(new Date());
    const api = await startTestApp({ databaseUrl: graceDb.url, role: 'api', clock: apiClock });
    started.push(api);
    const { key, workspaceId } = await createTestKey(api);
    const t = { app: api, db: graceDb, key, workspaceId } as TestAppFixture;
    const account = await createAccount(api.deps.prisma, workspaceId);
    const material = await createMaterial(api.deps.prisma, account.id);
    const created = await createBroadcastOk(t, { accountId: gid('Account', account.id), name: 'Patient', firstTask: { audience: 'ALL_FOLLOWERS', content: { kind: 'NEWS', news: { materialId: gid('Material', material.id) } } } });
    const sendAt = new Date(apiClock.now().getTime() + 1000);
    const scheduled = (await gql(api.url, key, ScheduleBroadcast, { input: { broadcastId: created.id, version: created.version, sendAt: sendAt.toISOString() } })).scheduleBroadcast;
    expect(scheduled.__typename).toBe('ScheduleBroadcastSuccess');
    // 20 minutes late, but the grace is 30: it goes out.
    const config = { ...(await testConfig({ databaseUrl: graceDb.url, role: 'worker' })), missedSendGraceMinutes: 30 };
    const worker = await startApp(config, { clock: new TestClock(new Date(sendAt.getTime() + 20 * MINUTE)) });
    started.push(worker);
    // Due, not missed: the engine sends it (the account has no follower, so it ends DONE at once).
    for (let waited = 0; ['SCHEDULED', 'SENDING'].includes((await readBroadcast(t, created.id)).state); waited += 100) {
      if (waited > 30_000) throw new Error('the job did not run');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await readBroadcast(t, created.id)).toMatchObject({ state: 'DONE', tasks: [{ slotState: 'DUE' }] });
    await worker.stop();
    await api.stop();
    started.splice(started.indexOf(worker), 1);
    started.splice(started.indexOf(api), 1);
    await graceDb.drop();
  });
});
