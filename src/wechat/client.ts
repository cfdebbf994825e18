import { cardsApi, type CardsApi } from '#src/wechat/api/cards.ts';
import { commentsApi, type CommentsApi } from '#src/wechat/api/comments.ts';
import { datacubeApi, type DatacubeApi } from '#src/wechat/api/datacube.ts';
import { followersApi, type FollowersApi } from '#src/wechat/api/followers.ts';
import { massApi, type MassApi } from '#src/wechat/api/mass.ts';
import { materialsApi, type MaterialsApi } from '#src/wechat/api/materials.ts';
import { mediaApi, type MediaApi } from '#src/wechat/api/media.ts';
import { tagsApi, type TagsApi } from '#src/wechat/api/tags.ts';
import { createCaller } from '#src/wechat/call.ts';
import type { TransportOptions } from '#src/wechat/http.ts';
import { processMassSendLimiter, type RateLimiter } from '#src/wechat/rate-limiter.ts';
import { DEFAULT_RETRY, type RetryPolicy } from '#src/wechat/retry.ts';
import { requestAccessToken, type IssuedToken } from '#src/wechat/token-fetch.ts';
import type { TokenProvider } from '#src/wechat/token-store.ts';

/** WeChat's API host; WECHAT_API_BASE points elsewhere (the simulator). */
export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com';

/** Token issuance. Normally only a token provider calls these, through createTokenFetcher. */
export interface TokensApi {
  /**
   * `POST /cgi-bin/stable_token`. `forceRefresh` retires the current stable token at once
   * (20/day, ≥30 s apart): every process still holding it gets 40001.
   */
  getStableAccessToken(options?: { forceRefresh?: boolean }): Promise<IssuedToken>;
  /** `GET /cgi-bin/token`: a new token each call; the previous one dies 5 minutes later. */
  getAccessToken(): Promise<IssuedToken>;
}

/**
 * One Official Account's WeChat API. Every method throws `WeChatApiError` (src/errors.ts) for a
 * non-zero errcode (`retryable` tells whether trying again later can help) or a transport
 * failure (errcode -1 with `transport`). Transient failures are retried with backoff inside
 * the call, except mass sends without a clientmsgid and previews; a refused access token
 * (40001/40014/42001) is refreshed once and the call repeated.
 */
export interface WeChatClient extends TokensApi, FollowersApi, TagsApi, MaterialsApi, MediaApi, MassApi, CommentsApi, DatacubeApi, CardsApi {
  /** The account id (wxcast's OfficialAccount.id) tokens and rate limits are kept under. */
  readonly accountId: string;
}

export interface WeChatClientOptions {
  /** WECHAT_API_BASE (default https://api.weixin.qq.com). */
  baseUrl?: string;
  /** `id` is wxcast's OfficialAccount.id; `secret` the decrypted AppSecret. */
  account: { id: string; appId: string; secret: string };
  tokens: TokenProvider;
  /** Mass-send limiter keyed by account id (default: the process-wide 60/minute one). */
  limiter?: RateLimiter;
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
  /** Retries of transient failures (default 4 attempts, 0.5 s base, 8 s cap, full jitter). */
  retry?: RetryPolicy;
  /** For tests and proxies (default global fetch). */
  fetch?: typeof fetch;
}

/**
 * Creates the HTTP client of one account. Cheap: create one per job or request. Tokens come
 * from `tokens` (shared per account across processes, see createPostgresTokenProvider), mass
 * sends wait for `limiter`.
 */
export function createWeChatClient(options: WeChatClientOptions): WeChatClient {
  const transport: TransportOptions = {
    baseUrl: options.baseUrl ?? DEFAULT_WECHAT_API_BASE,
    timeoutMs: options.timeoutMs ?? 15_000,
    fetch: options.fetch ?? globalThis.fetch,
  };
  const retry = options.retry ?? DEFAULT_RETRY;
  const caller = createCaller({
    transport,
    accountId: options.account.id,
    tokens: options.tokens,
    limiter: options.limiter ?? processMassSendLimiter(),
    retry,
  });
  const { appId, secret } = options.account;
  return {
    accountId: options.account.id,
    getStableAccessToken: ({ forceRefresh = false } = {}) => requestAccessToken(transport, { appId, secret }, { endpoint: 'stable', forceRefresh, retry }),
    getAccessToken: () => requestAccessToken(transport, { appId, secret }, { endpoint: 'classic', retry }),
    ...followersApi(caller),
    ...tagsApi(caller),
    ...materialsApi(caller),
    ...mediaApi(caller),
    ...massApi(caller),
    ...commentsApi(caller),
    ...datacubeApi(caller),
    ...cardsApi(caller),
  };
}
