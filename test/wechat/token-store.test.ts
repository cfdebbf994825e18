import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPrismaClient, type Db } from '#src/db/client.ts';
import type { FetchToken } from '#src/wechat/token-fetch.ts';
import { createPostgresTokenProvider } from '#src/wechat/token-store.ts';
import { clientFor, fetcherFor, issued, providerFor, resetEnv, SERVICE, startEnv, SUBSCRIPTION, type WeChatTestEnv } from './helpers.ts';

let env: WeChatTestEnv;
/** A second "process": its own PrismaClient and connection pool. */
let other: Db;
let accountId: string;

beforeAll(async () => {
  env = await startEnv();
  other = createPrismaClient(env.db.url, 4);
  accountId = env.accountIds[SERVICE.appId]!;
});
afterAll(async () => {
  await other?.$disconnect();
  await env?.close();
});
beforeEach(() => resetEnv(env));

/** Counts calls of a real fetcher. */
function counting(fetchToken: FetchToken): FetchToken & { calls: { forceRefresh: boolean }[] } {
  const calls: { forceRefresh: boolean }[] = [];
  return Object.assign((id: string, options: { forceRefresh: boolean }) => (calls.push(options), fetchToken(id, options)), { calls });
}

const row = () => env.prisma.accessToken.findUnique({ where: { accountId } });

describe('PostgreSQL token provider', () => {
  it('stores the token with its expiry and serves it from the row', async () => {
    const before = Date.now();
    const token = await providerFor(env).get(accountId);
    const stored = await row();
    expect(stored?.token).toBe(token);
    expect(stored!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 7200_000 - 1000);
    // Another process reads the row instead of asking WeChat.
    const fetchToken = counting(fetcherFor(env));
    expect(await createPostgresTokenProvider(other, fetchToken).get(accountId)).toBe(token);
    expect(fetchToken.calls).toHaveLength(0);
  });

  it('two processes refreshing at once cause exactly one issuance (classic /cgi-bin/token issues anew per call)', async () => {
    // Slow issuance widens the race window: both processes are inside get() together.
    env.sim.addFault({ path: '/cgi-bin/token', latencyMs: 300 });
    const a = providerFor(env, env.prisma, 'classic');
    const b = providerFor(env, other, 'classic');
    const [ta, tb] = await Promise.all([a.get(accountId), b.get(accountId)]);
    expect(ta).toBe(tb);
    expect(issued(env).token).toBe(1);
  });

  it('two processes whose token WeChat refused refresh it once, and the loser reuses the winner’s token', async () => {
    const a = providerFor(env, env.prisma, 'classic');
    const b = providerFor(env, other, 'classic');
    const refused = await a.get(accountId);
    expect(await b.get(accountId)).toBe(refused);
    env.sim.addFault({ path: '/cgi-bin/token', latencyMs: 300 });
    const [ta, tb] = await Promise.all([a.get(accountId, { forceRefreshIfEquals: refused }), b.get(accountId, { forceRefreshIfEquals: refused })]);
    expect(ta).toBe(tb);
    expect(ta).not.toBe(refused);
    expect(issued(env).token).toBe(2);
  });

  it('refreshes before expiry: a token within the margin is replaced once, by one of two processes', async () => {
    const first = await providerFor(env, env.prisma, 'classic').get(accountId);
    await env.prisma.accessToken.update({ where: { accountId }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    env.sim.addFault({ path: '/cgi-bin/token', latencyMs: 200 });
    const [ta, tb] = await Promise.all([providerFor(env, env.prisma, 'classic').get(accountId), providerFor(env, other, 'classic').get(accountId)]);
    expect(ta).toBe(tb);
    expect(ta).not.toBe(first);
    expect(issued(env).token).toBe(2);
    expect((await row())!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7000_000);
  });

  it('shares one refresh among concurrent callers of one process', async () => {
    const fetchToken = counting(fetcherFor(env));
    const provider = createPostgresTokenProvider(env.prisma, fetchToken);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => provider.get(accountId)));
    expect(new Set(tokens).size).toBe(1);
    expect(fetchToken.calls).toHaveLength(1);
  });

  it('forces a stable-token refresh only when WeChat hands back the refused token', async () => {
    const fetchToken = counting(fetcherFor(env));
    const provider = createPostgresTokenProvider(env.prisma, fetchToken);
    const refused = await provider.get(accountId);
    const fresh = await provider.get(accountId, { forceRefreshIfEquals: refused });
    expect(fresh).not.toBe(refused);
    expect(fetchToken.calls).toEqual([{ forceRefresh: false }, { forceRefresh: false }, { forceRefresh: true }]);
    // A refusal of a token that is no longer stored changes nothing.
    expect(await provider.get(accountId, { forceRefreshIfEquals: refused })).toBe(fresh);
    expect(fetchToken.calls).toHaveLength(3);
  });

  it('keeps accounts apart', async () => {
    const provider = providerFor(env);
    const [service, subscription] = await Promise.all([provider.get(accountId), provider.get(env.accountIds[SUBSCRIPTION.appId]!)]);
    expect(service).not.toBe(subscription);
    expect(await env.prisma.accessToken.count()).toBe(2);
  });
});

describe('clients of two processes', () => {
  it('make concurrent first calls with one stable token issued and one fetch', async () => {
    const fetchA = counting(fetcherFor(env));
    const fetchB = counting(fetcherFor(env));
    env.sim.addFault({ path: '/cgi-bin/stable_token', latencyMs: 300 });
    const a = clientFor(env, SERVICE, { tokens: createPostgresTokenProvider(env.prisma, fetchA) });
    const b = clientFor(env, SERVICE, { tokens: createPostgresTokenProvider(other, fetchB) });
    const pages = await Promise.all([a.getFollowers(), b.getFollowers(), a.getTags(), b.getTags()]);
    expect(pages).toHaveLength(4);
    expect(fetchA.calls.length + fetchB.calls.length).toBe(1);
    expect(issued(env).stable).toBe(1);
  });

  it('recover together from a token expired at WeChat: one refresh between them', async () => {
    const fetchA = counting(fetcherFor(env));
    const fetchB = counting(fetcherFor(env));
    const a = clientFor(env, SERVICE, { tokens: createPostgresTokenProvider(env.prisma, fetchA) });
    const b = clientFor(env, SERVICE, { tokens: createPostgresTokenProvider(other, fetchB) });
    await Promise.all([a.getTags(), b.getTags()]);
    expect(fetchA.calls.length + fetchB.calls.length).toBe(1);
    env.sim.setClock({ advanceMs: 7200_000 }); // WeChat's clock says expired (42001); ours does not
    env.sim.addFault({ path: '/cgi-bin/stable_token', latencyMs: 200 });
    await Promise.all([a.getFollowers(), b.getFollowers()]);
    expect(fetchA.calls.length + fetchB.calls.length).toBe(2);
    expect(issued(env).stable).toBe(2);
  });
});
