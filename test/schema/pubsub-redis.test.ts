import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.ts';
import { createTestKey, startTestApp } from '../helpers/app.ts';
import { collect, gql, wsClient } from '../helpers/graphql.ts';
import { makeJobDueNow } from '../helpers/jobs.ts';
import { JobProgress, SchedulePing } from '../documents/jobs.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('live events across processes (Redis event target)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: Awaited<ReturnType<typeof startTestApp>>;
  let worker: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApp({ databaseUrl: db.url, role: 'api', redisUrl: REDIS_URL });
    worker = await startTestApp({ databaseUrl: db.url, role: 'worker', redisUrl: REDIS_URL });
  });
  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await db?.drop();
  });

  it('delivers a worker-published event to a graphql-ws client of the api role', async () => {
    expect(worker.url).toBeUndefined(); // the worker serves no HTTP: the job can only run there
    const { key } = await createTestKey(api);
    const scheduled = await gql(api.url, key, SchedulePing, { input: { at: new Date(Date.now() + 3_600_000).toISOString(), message: 'from the worker' } });
    if (scheduled.schedulePing.__typename !== 'SchedulePingSuccess') throw new Error(scheduled.schedulePing.__typename);
    const client = wsClient(api.url, key);
    const progress = collect(client, JobProgress, { jobId: scheduled.schedulePing.data.id });
    // Due once the subscription has seen it QUEUED: no race between subscribing and the job's time.
    await progress.until((results) => results.length > 0, 30_000);
    await makeJobDueNow(api, scheduled.schedulePing.data.id);
    await progress.done;
    expect(progress.results.map((r) => r.data?.jobProgress.status)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    await client.dispose();
  });
});
