import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'agenda';
import { createJobStore, type JobStore } from '#src/jobs/agenda.ts';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * Agenda's two backends, driven the same way: define a job, schedule it a moment ahead, see it run
 * with its data. PostgreSQL (the default, on wxcast's own database) always runs; MongoDB runs when
 * MONGODB_URL names a server (none can be installed on this project's machines, see README).
 */
async function provesScheduling(store: JobStore) {
  const ran = new Promise<{ data: unknown; at: number }>((resolve) => {
    store.agenda.define('store-check', async (job: Job<{ n: number }>) => resolve({ data: job.attrs.data, at: Date.now() }));
  });
  await store.agenda.start();
  const due = Date.now() + 300;
  await store.agenda.schedule(new Date(due), 'store-check', { n: 42 });
  const result = await ran;
  expect(result.data).toEqual({ n: 42 });
  expect(result.at).toBeGreaterThanOrEqual(due - 50);
  await store.ping();
}

describe('Agenda on PostgreSQL (default backend)', () => {
  let db: TestDatabase;
  let store: JobStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = await createJobStore({ databaseUrl: db.url, processEvery: 100 });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('is the backend without MONGODB_URL and runs a scheduled job', async () => {
    expect(store.kind).toBe('postgres');
    await provesScheduling(store);
  });

  // Run after the job above: the store has open connections (idle ones and Agenda's LISTEN one).
  it('survives its connections being terminated (a restarted server) and works again', async () => {
    const terminated = await queryDatabase<{ count: number }>(
      db.url,
      `SELECT count(pg_terminate_backend(pid))::int AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    expect(terminated[0]!.count).toBeGreaterThan(0);
    // An unheard 'error' event would surface here as an uncaught exception failing the run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('Agenda with MONGODB_URL set', () => {
  it('fails fast with a connection error when the MongoDB server does not answer', async () => {
    const db = await createTestDatabase();
    try {
      // Port 9 (discard) refuses connections: the MongoDB path is taken and reports it.
      await expect(createJobStore({ databaseUrl: db.url, mongodbUrl: 'mongodb://127.0.0.1:9/wxcast?serverSelectionTimeoutMS=500' })).rejects.toThrow(
        /ECONNREFUSED|Server selection timed out/,
      );
    } finally {
      await db.drop();
    }
  });

  // Runs only where a MongoDB server exists (MONGODB_URL); this project's machines have none.
  describe.runIf(Boolean(process.env.MONGODB_URL))('on a real MongoDB server', () => {
    it('runs a scheduled job', async () => {
      const db = await createTestDatabase();
      const store = await createJobStore({ databaseUrl: db.url, mongodbUrl: process.env.MONGODB_URL, processEvery: 100 });
      try {
        expect(store.kind).toBe('mongodb');
        await provesScheduling(store);
      } finally {
        await store.close();
        await db.drop();
      }
    });
  });
});
