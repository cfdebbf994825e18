import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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

/**
 * Runs `calls` at once with WeChat's token issuance at `path` held until one caller is inside its
 * refresh (its issuance held, so it holds the account's advisory lock) and another waits for that
 * lock: the race is certain, whatever the machine's speed. Then lets the issuance go.
 */
async function raceRefreshes<T>(path: string, calls: (() => Promise<T>)[]): Promise<T[]> {
  const hold = env.sim.addFault({ path, hold: true, count: 1 });
  const results = Promise.all(calls.map((call) => call()));
  await env.sim.whenHeld(hold.id);
  await vi.waitFor(
    async () => {
      const [waiting] = await env.prisma.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      expect(waiting!.count).toBeGreaterThanOrEqual(1);
    },
    { timeout: 30_000, interval: 20 },
  );
  env.sim.releaseFault(hold.id);
  return results;
}

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
    const a = providerFor(env, env.prisma, 'classic');
    const b = providerFor(env, other, 'classic');
    const [ta, tb] = await raceRefreshes('/cgi-bin/token', [() => a.get(accountId), () => b.get(accountId)]);
    expect(ta).toBe(tb);
    expect(issued(env).token).toBe(1);
  });

  it('two processes whose token WeChat refused refresh it once, and the loser reuses the winner’s token', async () => {
    const a = providerFor(env, env.prisma, 'classic');
    const b = providerFor(env, other, 'classic');
    const refused = await a.get(accountId);
    expect(await b.get(accountId)).toBe(refused);
    const [ta, tb] = await raceRefreshes('/cgi-bin/token', [
      () => a.get(accountId, { forceRefreshIfEquals: refused }),
      () => b.get(accountId, { forceRefreshIfEquals: refused }),
    ]);
    expect(ta).toBe(tb);
    expect(ta).not.toBe(refused);
    expect(issued(env).token).toBe(2);
  });

  it('refreshes before expiry: a token within the margin is replaced once, by one of two processes', async () => {
    const first = await providerFor(env, env.prisma, 'classic').get(accountId);
    await env.prisma.accessToken.update({ where: { accountId }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    const [ta, tb] = await raceRefreshes('/cgi-bin/token', [
      () => providerFor(env, env.prisma, 'classic').get(accountId),
      () => providerFor(env, other, 'classic').get(accountId),
    ]);
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
    const a = clientFor(env, SERVICE, { tokens: createPostgresTokenProvider(env.prisma, fetchA) });
    const b = clientFor(env, SERVICE, { tokens: createPostgresTokenProvider(other, fetchB) });
    const pages = await raceRefreshes<unknown>('/cgi-bin/stable_token', [() => a.getFollowers(), () => b.getFollowers(), () => a.getTags(), () => b.getTags()]);
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
    await raceRefreshes<unknown>('/cgi-bin/stable_token', [() => a.getFollowers(), () => b.getFollowers()]);
    expect(fetchA.calls.length + fetchB.calls.length).toBe(2);
    expect(issued(env).stable).toBe(2);
  });
});
