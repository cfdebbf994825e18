import type { Db } from '#src/db/client.ts';
import { decryptSecret } from '#src/crypto/secret-box.ts';
import { NotFoundError } from '#src/errors.ts';
import { createWeChatClient, type WeChatClient } from '#src/wechat/client.ts';
import { createTokenFetcher, requestAccessToken } from '#src/wechat/token-fetch.ts';
import { createPostgresTokenProvider, type TokenProvider } from '#src/wechat/token-store.ts';
import { MASS_SEND_RATE } from '#src/wechat/rate-limiter.ts';
import { createPostgresRateLimiter } from '#src/wechat/rate-limiter-postgres.ts';
import { SINGLE_ATTEMPT } from '#src/wechat/retry.ts';
import { SLOTS_TAKEN_BY_CALLER, type SlotLimiter } from '#src/wechat/slot-limiter.ts';
import { createPostgresSlotLimiter } from '#src/wechat/slot-limiter-postgres.ts';

/** A mass send waits at most this long for its slot; a longer wait reschedules its job. */
export const MASS_SEND_MAX_WAIT_MS = 2_000;

/** How the rest of wxcast reaches WeChat: one client per bound account, and credential checks. */
export interface WeChatAccess {
  /** The client of a bound account (by wxcast's id; unscoped: callers have authorised the id). */
  clientFor(accountId: string): Promise<WeChatClient>;
  /** Obtains a token with these credentials; throws WeChatApiError (e.g. 40125) when wrong. */
  verifyCredentials(appId: string, appSecret: string): Promise<void>;
  /**
   * The client the batch sender uses (src/sending/batch-sender.ts): one attempt per call and no
   * limiter of its own, because the sender takes each mass-send slot from `slots` first.
   */
  sendingClientFor(accountId: string): Promise<WeChatClient>;
  /** Non-blocking mass-send slots on the same shared per-account limit as `clientFor`'s clients. */
  readonly slots: SlotLimiter;
}

export interface WeChatAccessOptions {
  prisma: Db;
  secretKey: Buffer;
  /** WECHAT_API_BASE. */
  baseUrl: string;
  /** Mass sends per minute and account (WXCAST_MASS_SEND_PER_MINUTE; WeChat allows 60). */
  massSendsPerMinute?: number;
  /** The limit's window; one minute unless a test shortens it. */
  massSendWindowMs?: number;
  /** The longest a mass send waits inline for its rate-limit slot; default 2 s. */
  massSendMaxWaitMs?: number;
}

/** Builds the process's WeChat access: one shared token provider (tokens live in PostgreSQL). */
export function createWeChatAccess(options: WeChatAccessOptions): WeChatAccess {
  const { prisma, secretKey, baseUrl } = options;
  const credentialsOf = async (accountId: string) => {
    const account = await prisma.officialAccount.findUnique({ where: { id: accountId } });
    if (!account || account.unboundAt) throw new NotFoundError('Account', accountId);
    return { appId: account.appId, secret: decryptSecret(account.secretCiphertext, secretKey) };
  };
  const tokens: TokenProvider = createPostgresTokenProvider(prisma, createTokenFetcher({ baseUrl, credentials: credentialsOf }));
  // The batch sender's non-blocking slots: the same rows and limit as `limiter` below.
  const slots = createPostgresSlotLimiter(prisma, {
    limit: options.massSendsPerMinute ?? MASS_SEND_RATE.limit,
    windowMs: options.massSendWindowMs ?? MASS_SEND_RATE.windowMs,
  });
  // Shared by every process through PostgreSQL: the limit holds per account, not per process.
  const limiter = createPostgresRateLimiter(prisma, {
    limit: options.massSendsPerMinute ?? MASS_SEND_RATE.limit,
    windowMs: options.massSendWindowMs ?? MASS_SEND_RATE.windowMs,
    // Longer waits reschedule the job that sends (RetryLaterError) instead of sleeping in it.
    maxWaitMs: options.massSendMaxWaitMs ?? MASS_SEND_MAX_WAIT_MS,
  });
  return {
    async clientFor(accountId) {
      const { appId, secret } = await credentialsOf(accountId);
      return createWeChatClient({ baseUrl, account: { id: accountId, appId, secret }, tokens, limiter });
    },
    async sendingClientFor(accountId) {
      const { appId, secret } = await credentialsOf(accountId);
      return createWeChatClient({ baseUrl, account: { id: accountId, appId, secret }, tokens, limiter: SLOTS_TAKEN_BY_CALLER, retry: SINGLE_ATTEMPT });
    },
    slots,
    async verifyCredentials(appId, appSecret) {
      // The classic endpoint would retire a token another wxcast may hold; stable_token does not.
      await requestAccessToken({ baseUrl, timeoutMs: 10_000, fetch: globalThis.fetch }, { appId, secret: appSecret }, { endpoint: 'stable' });
    },
  };
}
