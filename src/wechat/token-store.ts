import type { PrismaClient } from '#src/generated/prisma/client.ts';
import { logger } from '#src/logger.ts';
import type { FetchToken } from '#src/wechat/token-fetch.ts';

const log = logger.child({ module: 'wechat-token' });

/** Hands out an account's current access token. */
export interface TokenProvider {
  /**
   * A token valid for a while yet. `forceRefreshIfEquals`: WeChat refused this token; replace
   * it, unless the stored token is already a different one (another process refreshed first,
   * and its token is reused rather than refreshed again).
   */
  get(accountId: string, options?: { forceRefreshIfEquals?: string }): Promise<string>;
}

export interface PostgresTokenProviderOptions {
  /**
   * Refresh this long before expiry (default 4 min). Keep it under 5 minutes with stable
   * tokens: WeChat rotates a stable token only once ≤ 5 min are left, so an earlier
   * refresh would fetch the same token again and again until then.
   */
  refreshMarginMs?: number;
  /** Budget of the locked refresh transaction, including waiting for another refresher. */
  transactionTimeoutMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * One shared token per account for every wxcast process, kept in `access_tokens`. WeChat retires
 * a token when another is issued (then 40001), so processes must not refresh independently: a refresh
 * runs in a transaction holding `pg_advisory_xact_lock(hashtext('wxcast:token:'||accountId))`,
 * re-reads the row under the lock and only calls WeChat when the row still needs it, so two
 * processes refreshing at once cause one issuance; the second reuses the first one's token.
 *
 * Tokens are also cached in this process until their refresh time; a token another process
 * replaced is noticed when WeChat refuses it (the client then calls `get` with
 * `forceRefreshIfEquals`, which reads the row again).
 */
export function createPostgresTokenProvider(prisma: PrismaClient, fetchToken: FetchToken, options: PostgresTokenProviderOptions = {}): TokenProvider {
  const margin = options.refreshMarginMs ?? 240_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Cached>();
  // One refresh per account at a time in this process: concurrent callers share it instead of
  // each holding a pooled connection while queueing on the advisory lock.
  const inflight = new Map<string, Promise<Cached>>();
  const usable = (entry: Cached | null | undefined, refused: string | undefined): entry is Cached =>
    !!entry && entry.token !== refused && entry.expiresAt - now() > margin;

  /** Under the lock: re-read the row, and only if it still needs it, ask WeChat. */
  async function refreshWith(db: Pick<PrismaClient, 'accessToken'>, accountId: string, refused: string | undefined): Promise<Cached> {
    const row = await db.accessToken.findUnique({ where: { accountId } });
    const stored = row ? { token: row.token, expiresAt: row.expiresAt.getTime() } : undefined;
    if (usable(stored, refused)) return stored;
    let issued = await fetchToken(accountId, { forceRefresh: false });
    // A normal stable_token request returns the current token while WeChat deems it valid;
    // if that is the one WeChat just refused, only a forced refresh replaces it.
    if (refused !== undefined && issued.accessToken === refused) issued = await fetchToken(accountId, { forceRefresh: true });
    const fresh = { token: issued.accessToken, expiresAt: now() + issued.expiresIn * 1000 };
    await db.accessToken.upsert({
      where: { accountId },
      create: { accountId, token: fresh.token, expiresAt: new Date(fresh.expiresAt) },
      update: { token: fresh.token, expiresAt: new Date(fresh.expiresAt) },
    });
    log.info({ accountId, expiresAt: new Date(fresh.expiresAt).toISOString(), replacedRefused: refused !== undefined }, 'access token refreshed');
    return fresh;
  }

  function refresh(accountId: string, refused: string | undefined): Promise<Cached> {
    return prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`wxcast:token:${accountId}`}))`;
        return refreshWith(tx, accountId, refused);
      },
      { timeout: options.transactionTimeoutMs ?? 60_000, maxWait: 10_000 },
    );
  }

  return {
    async get(accountId, { forceRefreshIfEquals: refused } = {}) {
      const cached = cache.get(accountId);
      if (usable(cached, refused)) return cached.token;
      // Unlocked read first: the common case (another process refreshed) needs no lock.
      const row = await prisma.accessToken.findUnique({ where: { accountId } });
      let entry: Cached | undefined = row ? { token: row.token, expiresAt: row.expiresAt.getTime() } : undefined;
      while (!usable(entry, refused)) {
        const running = inflight.get(accountId);
        if (running) {
          entry = await running.catch(() => undefined);
          continue;
        }
        const mine = refresh(accountId, refused).finally(() => inflight.delete(accountId));
        inflight.set(accountId, mine);
        // Our own refresh is final, even if WeChat granted less than the margin.
        entry = await mine;
        break;
      }
      cache.set(accountId, entry);
      return entry.token;
    },
  };
}
