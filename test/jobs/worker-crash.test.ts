import { randomBytes } from 'node:crypto';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { bindSimAccount, createTestKey, startTestApp, type TestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { childEnv, startProcess, type WxProcess } from '../helpers/process.ts';
import { finished, historyOf, waitForRun } from '../helpers/job-runs.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { startFollowerSync } from '#src/services/follower-sync.ts';

const SyncCards = graphql(`
  mutation SyncCardsAfterCrash($accountId: ID!) {
    syncCards(accountId: $accountId) {
      __typename
      ... on SyncCardsSuccess { data { id status } }
      ... on Error { message }
    }
  }
`);

/**
 * Worker processes that die: a worker SIGKILLed in the middle of a follower sync (its run is taken
 * over once its lease expires, and continues after the last committed page), and an API process
 * that dies between writing a run and handing it to the job store (the reconciler runs it).
 * The test's own app serves the API only, so only the spawned workers run jobs.
 */
describe('runs survive the death of their process', () => {
  let db: TestDatabase;
  let app: TestApp;
  let key: string;
  let workspaceId: string;
  const secretKey = randomBytes(32);
  const processes: WxProcess[] = [];
  const spawn = (extra: Record<string, string>) => {
    const env = childEnv({
      DATABASE_URL: db.url,
      WXCAST_SECRET_KEY: secretKey.toString('hex'),
      WECHAT_API_BASE: app.sim!.url,
      WXCAST_ROLE: 'worker',
      WXCAST_JOB_LOCK_LIFETIME_MS: '1500',
      WXCAST_JOB_RECONCILE_INTERVAL_MS: '500',
      ...extra,
    });
    const child = startProcess([], env);
    processes.push(child);
    return child;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url, secretKey, role: 'api' });
    ({ key, workspaceId } = await createTestKey(app));
  });
  afterAll(async () => {
    for (const child of processes) await child.stop('SIGKILL');
    await app?.stop();
    await db?.drop();
  });

  it('finishes a sync exactly once after its worker is SIGKILLed midway, listing at most one page again', async () => {
    const account = await bindSimAccount(app, workspaceId, { followers: 25_000, userGetEnd: 'count-zero' });
    // Slow enough that the kill lands inside the second of three pages of 10,000.
    app.sim!.addFault({ path: '/cgi-bin/user/info/batchget', appid: account.appId, latencyMs: 200 });
    const doomed = spawn({});
    await doomed.waitFor(/"msg":"worker started"/);
    const run = await startFollowerSync(app.deps, scopeToWorkspace(app.deps.prisma, workspaceId), workspaceId, account.id);

    // The first page is committed (and checkpointed): kill the worker while it reads the second.
    await waitForRun(app.deps.prisma, run.id, (r) => (r.checkpoint as { pages?: number } | null)?.pages === 1, 90_000);
    await doomed.stop('SIGKILL');
    const successor = spawn({});
    await successor.waitFor(/"msg":"worker started"/);

    const done = await waitForRun(app.deps.prisma, run.id, finished, 120_000);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 2, error: null });
    expect(done.result).toMatchObject({ total: 25_000, seen: 25_000, pages: 3, markedUnsubscribed: 0 });
    expect(await historyOf(app.deps.prisma, run.id)).toEqual(['STARTED', 'TAKEN_OVER', 'SUCCEEDED']);
    expect(await app.deps.prisma.follower.count({ where: { accountId: account.id } })).toBe(25_000);
    // Three pages and WeChat's count-0 end page make 4 listings; the killed worker's page may be listed again.
    const listings = app.sim!.stats().accounts[account.appId]!.calls['/cgi-bin/user/get']!;
    expect(listings).toBeGreaterThanOrEqual(4);
    expect(listings).toBeLessThanOrEqual(5);
  }, 300_000);

  it('runs a job whose process died between writing the run and scheduling it, and takes the next sync', async () => {
    const account = await bindSimAccount(app, workspaceId, { cards: 3 });
    const accountId = encodeGlobalID('Account', account.id);
    // An API process that dies right after writing the run (the test hook), before scheduling it.
    const dying = spawn({ WXCAST_ROLE: 'api', PORT: '0', WXCAST_TEST_DIE_BEFORE_DISPATCH: '1' });
    const url = (JSON.parse(await dying.waitFor(/"msg":"api started"/)) as { url: string }).url.replace(/\/graphql$/, '');
    await expect(gql(url, key, SyncCards, { accountId })).rejects.toThrow();
    expect(await dying.exited).toBeNull(); // killed by the signal, not exited
    const orphan = await app.deps.prisma.jobRun.findFirstOrThrow({ where: { accountId: account.id, kind: 'SYNC_CARDS' } });
    expect(orphan).toMatchObject({ status: 'QUEUED', dispatchedAt: null });

    // A worker's reconciler finds the run no job store entry knows of and runs it.
    const worker = spawn({});
    await worker.waitFor(/"msg":"worker started"/);
    const done = await waitForRun(app.deps.prisma, orphan.id, finished, 60_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(await historyOf(app.deps.prisma, orphan.id)).toEqual(['STARTED', 'SUCCEEDED']);

    // The per-account exclusivity it held is released: the next sync is accepted and runs.
    const next = (await gql(app.url, key, SyncCards, { accountId })).syncCards;
    if (next.__typename !== 'SyncCardsSuccess') throw new Error(JSON.stringify(next));
    expect((await waitForRun(app.deps.prisma, decodeGlobalID(next.data.id).id, finished, 60_000)).status).toBe('SUCCEEDED');
  }, 240_000);
});
