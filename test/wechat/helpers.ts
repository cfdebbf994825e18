import { afterAll, beforeAll, beforeEach } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createPrismaClient, type Db } from '#src/db/client.ts';
import { DEFAULT_CONFIG } from '#src/wechat-simulator/config.ts';
import { createSimulator, type Simulator } from '#src/wechat-simulator/server.ts';
import type { SeedAccount } from '#src/wechat-simulator/seed.ts';
import { createWeChatClient, type WeChatClient, type WeChatClientOptions } from '#src/wechat/client.ts';
import { createRateLimiter } from '#src/wechat/rate-limiter.ts';
import { createTokenFetcher, type FetchToken, type TokenEndpoint } from '#src/wechat/token-fetch.ts';
import { createPostgresTokenProvider, type TokenProvider } from '#src/wechat/token-store.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/** A fixed Beijing-morning start (2025-03-10 10:00 +08:00) so day rules and stats are predictable. */
export const START = new Date('2025-03-10T02:00:00Z');

export const SERVICE: SeedAccount = {
  appId: 'wx00000000000000c1',
  secret: 'secret-client-service-0000000001',
  type: 'SERVICE',
  followers: 50,
  unsubscribed: 5,
  materials: 3,
  cards: 3,
  sentArticles: 3,
};

export const SUBSCRIPTION: SeedAccount = {
  appId: 'wx00000000000000c2',
  secret: 'secret-client-subscription-00002',
  type: 'SUBSCRIPTION',
  followers: 20,
  materials: 1,
};

/** Fast retries, so give-up paths finish in milliseconds. */
export const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** A migrated database of this file, the simulator, and the seeded accounts' rows. */
export interface WeChatTestEnv {
  db: TestDatabase;
  prisma: Db;
  sim: Simulator;
  /** wxcast OfficialAccount.id by app id. */
  accountIds: Record<string, string>;
  close(): Promise<void>;
}

/** Starts everything a WeChat client test needs (one per test file). */
export async function startEnv(): Promise<WeChatTestEnv> {
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.url, 4);
  const workspace = await prisma.workspace.create({ data: { name: `wechat-client-${randomBytes(4).toString('hex')}` } });
  const accountIds: Record<string, string> = {};
  for (const seed of [SERVICE, SUBSCRIPTION]) {
    const row = await prisma.officialAccount.create({
      data: { workspaceId: workspace.id, appId: seed.appId, name: seed.appId, type: seed.type, secretCiphertext: 'unused', callbackToken: 'unused' },
    });
    accountIds[seed.appId] = row.id;
  }
  const sim = await createSimulator({ clockStart: START, frozen: true, seed: { accounts: [SERVICE, SUBSCRIPTION] } });
  return {
    db,
    prisma,
    sim,
    accountIds,
    async close() {
      await sim.close();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/**
 * Fresh simulator state, default knobs and no stored tokens: every test starts from scratch. The clock is frozen
 * before it is set, so it stands exactly at START (freezing afterwards could let a millisecond pass).
 */
export async function resetEnv(env: WeChatTestEnv): Promise<void> {
  env.sim.setClock({ freeze: true });
  // Knobs a test changed survive a reset (they are the simulator's base config): restore them.
  env.sim.configure({ ...DEFAULT_CONFIG });
  env.sim.reset({ accounts: [SERVICE, SUBSCRIPTION] }, START.getTime());
  await env.prisma.accessToken.deleteMany();
}

/**
 * Registers a test file's hooks: one environment for the file, reset before each test with a
 * fresh client of the service account. Read `env` and `wx` inside tests, after the hooks ran.
 */
export function useWeChatEnv(): { env: WeChatTestEnv; wx: WeChatClient } {
  const held = {} as { env: WeChatTestEnv; wx: WeChatClient };
  beforeAll(async () => {
    held.env = await startEnv();
  });
  afterAll(() => held.env?.close());
  beforeEach(async () => {
    await resetEnv(held.env);
    held.wx = clientFor(held.env);
  });
  return held;
}

/** The real HTTP token fetcher against the simulator, resolving credentials of the seeded accounts. */
export function fetcherFor(env: WeChatTestEnv, endpoint: TokenEndpoint = 'stable'): FetchToken {
  const byId = new Map([SERVICE, SUBSCRIPTION].map((seed) => [env.accountIds[seed.appId]!, seed]));
  return createTokenFetcher({
    baseUrl: env.sim.url,
    endpoint,
    retry: FAST_RETRY,
    credentials: async (accountId) => {
      const seed = byId.get(accountId);
      if (!seed) throw new Error(`no account ${accountId}`);
      return { appId: seed.appId, secret: seed.secret };
    },
  });
}

/** A token provider on `prisma` (a "process"), issuing through the simulator. */
export function providerFor(env: WeChatTestEnv, prisma: Db = env.prisma, endpoint: TokenEndpoint = 'stable'): TokenProvider {
  return createPostgresTokenProvider(prisma, fetcherFor(env, endpoint));
}

/** A client of a seeded account with fast retries and a roomy limiter unless overridden. */
export function clientFor(env: WeChatTestEnv, seed: SeedAccount = SERVICE, overrides: Partial<WeChatClientOptions> = {}): WeChatClient {
  return createWeChatClient({
    baseUrl: env.sim.url,
    account: { id: env.accountIds[seed.appId]!, appId: seed.appId, secret: seed.secret },
    tokens: overrides.tokens ?? providerFor(env),
    limiter: createRateLimiter({ limit: 1000, windowMs: 1000 }),
    retry: FAST_RETRY,
    timeoutMs: 2_000,
    ...overrides,
  });
}

/** The simulator's token issuance counts for an account. */
export function issued(env: WeChatTestEnv, seed: SeedAccount = SERVICE): { token: number; stable: number } {
  const stats = env.sim.stats().accounts[seed.appId] as { tokensIssued: number; stableTokensIssued: number };
  return { token: stats.tokensIssued, stable: stats.stableTokensIssued };
}

/** How many authenticated calls of `path` reached the simulator's endpoint (faults excluded). */
export function callsOf(env: WeChatTestEnv, path: string, seed: SeedAccount = SERVICE): number {
  const stats = env.sim.stats().accounts[seed.appId] as { calls: Record<string, number> };
  return stats.calls[path] ?? 0;
}

/** A tiny valid-looking JPEG (magic bytes are enough for the simulator's checks). */
export const JPEG = new Uint8Array(Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'));
