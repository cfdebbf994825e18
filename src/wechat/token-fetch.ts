import { WeChatApiError } from '#src/errors.ts';
import { isRetryableInCall } from '#src/wechat/errors.ts';
import { assertOk, sendOnce, type TransportOptions } from '#src/wechat/http.ts';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '#src/wechat/retry.ts';
import type { StableTokenRequest, TokenResponse } from '#src/wechat/types.ts';

/** An access token as WeChat issued it. */
export interface IssuedToken {
  accessToken: string;
  /** Seconds of validity left when issued. */
  expiresIn: number;
}

/**
 * Asks WeChat for an account's token. `forceRefresh` is set only when WeChat refused the very
 * token a normal request hands out again; token providers call this under their lock.
 */
export type FetchToken = (accountId: string, options: { forceRefresh: boolean }) => Promise<IssuedToken>;

export interface AppCredentials {
  appId: string;
  secret: string;
}

/**
 * `stable` (`POST /cgi-bin/stable_token`, recommended by WeChat): the same token while it is valid,
 * independent of other token users. `classic` (`GET /cgi-bin/token`): every call issues a
 * new token and retires the previous one after 5 minutes.
 */
export type TokenEndpoint = 'stable' | 'classic';

/** One token request (with retries of transient failures); throws WeChatApiError. */
export async function requestAccessToken(
  transport: TransportOptions,
  credentials: AppCredentials,
  options: { endpoint?: TokenEndpoint; forceRefresh?: boolean; retry?: RetryPolicy } = {},
): Promise<IssuedToken> {
  const endpoint = options.endpoint ?? 'stable';
  const path = endpoint === 'stable' ? '/cgi-bin/stable_token' : '/cgi-bin/token';
  const body: StableTokenRequest = { grant_type: 'client_credential', appid: credentials.appId, secret: credentials.secret, force_refresh: options.forceRefresh === true };
  const answer = await withRetries(
    options.retry ?? DEFAULT_RETRY,
    path,
    () =>
      endpoint === 'stable'
        ? sendOnce(transport, { method: 'POST', path, json: body })
        : sendOnce(transport, { method: 'GET', path, query: { grant_type: 'client_credential', appid: credentials.appId, secret: credentials.secret } }),
    isRetryableInCall,
  );
  if (answer.kind !== 'json') throw new WeChatApiError(-1, 'token answer is not JSON', path, false, undefined, 'bad-response');
  assertOk(path, answer.body);
  const token = answer.body as unknown as TokenResponse;
  if (typeof token.access_token !== 'string' || !token.access_token || typeof token.expires_in !== 'number') {
    throw new WeChatApiError(-1, 'token answer lacks access_token/expires_in', path, true, undefined, 'bad-response');
  }
  return { accessToken: token.access_token, expiresIn: token.expires_in };
}

export interface TokenFetcherOptions {
  /** WECHAT_API_BASE (default https://api.weixin.qq.com). */
  baseUrl?: string;
  /** The app id and (decrypted) secret of an account id. */
  credentials: (accountId: string) => Promise<AppCredentials>;
  endpoint?: TokenEndpoint;
  timeoutMs?: number;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
}

/** A {@link FetchToken} over HTTP, for `createPostgresTokenProvider`. */
export function createTokenFetcher(options: TokenFetcherOptions): FetchToken {
  const transport: TransportOptions = {
    baseUrl: options.baseUrl ?? 'https://api.weixin.qq.com',
    timeoutMs: options.timeoutMs ?? 10_000,
    fetch: options.fetch ?? globalThis.fetch,
  };
  return async (accountId, { forceRefresh }) =>
    requestAccessToken(transport, await options.credentials(accountId), { endpoint: options.endpoint, forceRefresh, retry: options.retry });
}
