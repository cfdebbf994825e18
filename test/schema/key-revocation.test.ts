import { encodeGlobalID } from '@pothos/plugin-relay';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { createTestKey, startTestApp, type TestApp } from '../helpers/app.ts';
import { collect, gql, postGraphQL, wsClient } from '../helpers/graphql.ts';
import { sseSubscribe } from '../helpers/sse.ts';
import { JobProgress } from '../documents/jobs.ts';
import { createApiKey } from '#src/services/api-keys.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { API_SCOPES } from '#src/context.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The second api process never re-checks during a test: only an announcement can reach it. */
const NO_RECHECK_MS = 3_600_000;
/** Waits on events, not a bound: revocation takes effect within 5 s; CI machines can be slow. */
const TEST_TIMEOUT_MS = 60_000;

const RevokeKey = graphql(`mutation RevokeKey($id: ID!) { revokeApiKey(id: $id) { __typename } }`);
const WhoAmI = graphql(`query WhoAmI { viewer { apiKey { prefix } } }`);

interface Closed {
  code: number;
  reason: string;
}

/** A graphql-ws socket authenticated with `key`, following a job's progress. */
function wsFollow(app: TestApp, key: string | undefined, jobId: string, extensions?: Record<string, unknown>) {
  let closed!: (event: Closed) => void;
  const closeEvent = new Promise<Closed>((resolve) => (closed = resolve));
  const client = wsClient(app.url, key, (event) => closed(event));
  const sub = extensions ? collectWithExtensions(client, jobId, extensions) : collect(client, JobProgress, { jobId });
  sub.done.catch(() => {}); // ends with the socket's close; asserted through closeEvent
  return { client, sub, closeEvent };
}

/** GraphiQL's way: no key at connection, the key in the operation's extensions.headers. */
function collectWithExtensions(client: Client, jobId: string, extensions: Record<string, unknown>) {
  const results: unknown[] = [];
  let first!: () => void;
  const firstResult = new Promise<void>((resolve) => (first = resolve));
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe({ query: print(JobProgress), variables: { jobId }, extensions }, {
      next: (result) => (results.push(result), first()),
      error: reject,
      complete: resolve,
    });
  });
  return { results, done, until: (_predicate?: unknown) => firstResult };
}

/**
 * Publishes until the subscriber has the event: nothing tells when a subscription's Redis
 * SUBSCRIBE has reached Redis, so an event published before it would be lost.
 */
async function publishUntilHeard(publish: () => Promise<void> | void, heard: Promise<void>) {
  let done = false;
  void heard.finally(() => (done = true)).catch(() => {});
  while (!done) {
    await publish();
    await Promise.race([heard, new Promise((resolve) => setTimeout(resolve, 200))]);
  }
  await heard;
}

/** Sends one more operation on the client and returns how it ended (an error: the close event). */
function nextOperation(client: Client) {
  return new Promise<unknown>((resolve) => {
    client.subscribe({ query: print(WhoAmI) }, { next: (result) => resolve(result), error: resolve, complete: () => {} });
  });
}

describe('revoking an API key ends what is open with it', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let main: TestApp;
  let quiet: TestApp;
  let admin: { key: string; workspaceId: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    main = await startTestApp({ databaseUrl: db.url, redisUrl: REDIS_URL });
    quiet = await startTestApp({ databaseUrl: db.url, redisUrl: REDIS_URL, role: 'api', keyRecheckMs: NO_RECHECK_MS });
    admin = await createTestKey(main);
    // Both processes hear announcements (their own probe came back through Redis).
    await Promise.all([main.deps.keyRevocations.ready, quiet.deps.keyRevocations.ready]);
  });
  afterAll(async () => {
    await quiet?.stop();
    await main?.stop();
    await db?.drop();
  });

  const newKey = async () => {
    const db = scopeToWorkspace(main.deps.prisma, admin.workspaceId);
    const { apiKey, key } = await createApiKey(db, new Set(API_SCOPES), { name: 'live', scopes: ['read'] });
    return { key, id: apiKey.id, globalId: encodeGlobalID('ApiKey', apiKey.id) };
  };
  /** A job that stays QUEUED (no worker runs it), so its progress subscription stays open. */
  const queuedJob = async () => {
    const job = await main.deps.prisma.jobRun.create({ data: { workspaceId: admin.workspaceId, kind: 'PING' } });
    return { rowId: job.id, id: encodeGlobalID('Job', job.id) };
  };
  const revokeInDatabaseOnly = (id: string) => main.deps.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  const expectRevokedStream = async (sse: Awaited<ReturnType<typeof sseSubscribe>>) => {
    await sse.ended;
    expect(sse.events.at(-2)?.data?.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(sse.events.at(-1)?.event).toBe('complete');
  };

  it('closes its graphql-ws sockets with 4403 and ends its SSE streams, in this api process and another one', async () => {
    const revoked = await newKey();
    const bystander = await newKey();
    const job = await queuedJob();
    const sockets = [wsFollow(main, revoked.key, job.id), wsFollow(quiet, revoked.key, job.id)];
    const streams = [await sseSubscribe(main.url, revoked.key, JobProgress, { jobId: job.id }), await sseSubscribe(quiet.url, revoked.key, JobProgress, { jobId: job.id })];
    const unaffected = wsFollow(quiet, bystander.key, job.id);
    await Promise.all([...sockets, unaffected].map((socket) => socket.sub.until((r) => r.length > 0)));
    await Promise.all(streams.map((sse) => sse.until((events) => events.length > 0)));

    expect((await gql(main.url, admin.key, RevokeKey, { id: revoked.globalId })).revokeApiKey.__typename).toBe('RevokeApiKeySuccess');

    for (const socket of sockets) expect(await socket.closeEvent).toMatchObject({ code: 4403 });
    for (const sse of streams) await expectRevokedStream(sse);
    // A new operation with the key is refused, on the socket and over HTTP.
    expect(await nextOperation(sockets[0]!.client)).toMatchObject({ code: 4403 });
    expect((await postGraphQL(quiet.url, WhoAmI, {}, revoked.key)).status).toBe(401);

    // Another key's subscription on the same process goes on.
    await publishUntilHeard(
      () => main.deps.pubsub.publish('job:progress', job.rowId, { jobId: job.rowId, status: 'RUNNING', done: 1, total: 2 }),
      unaffected.sub.until((r) => r.some((result) => (result as { data?: { jobProgress: { status: string } } }).data?.jobProgress.status === 'RUNNING'), 30_000),
    );
    await unaffected.client.dispose();
  }, TEST_TIMEOUT_MS);

  it('ends them through the periodic re-check when no announcement comes (the key revoked by a direct database write)', async () => {
    const revoked = await newKey();
    const job = await queuedJob();
    const socket = wsFollow(main, revoked.key, job.id);
    const sse = await sseSubscribe(main.url, revoked.key, JobProgress, { jobId: job.id });
    await socket.sub.until((r) => r.length > 0);
    await sse.until((events) => events.length > 0);

    await revokeInDatabaseOnly(revoked.id);

    expect(await socket.closeEvent).toMatchObject({ code: 4403 });
    await expectRevokedStream(sse);
  }, TEST_TIMEOUT_MS);

  it('refuses the next operation on a socket at once, before any announcement or re-check', async () => {
    const revoked = await newKey();
    const job = await queuedJob();
    // `quiet` never re-checks and hears no announcement for a database-only revocation.
    const socket = wsFollow(quiet, revoked.key, job.id);
    await socket.sub.until((r) => r.length > 0);
    await revokeInDatabaseOnly(revoked.id);

    expect(await nextOperation(socket.client)).toMatchObject({ code: 4403 });
    expect(await socket.closeEvent).toMatchObject({ code: 4403 });
  }, TEST_TIMEOUT_MS);

  it('closes a keyless (GraphiQL) socket whose operation brought the revoked key', async () => {
    const revoked = await newKey();
    const job = await queuedJob();
    const socket = wsFollow(main, undefined, job.id, { headers: { Authorization: `Bearer ${revoked.key}` } });
    await socket.sub.until(() => true);

    expect((await gql(main.url, admin.key, RevokeKey, { id: revoked.globalId })).revokeApiKey.__typename).toBe('RevokeApiKeySuccess');

    expect(await socket.closeEvent).toMatchObject({ code: 4403 });
  }, TEST_TIMEOUT_MS);
});
