import { beijingDay } from '#src/wechat-simulator/clock.ts';
import { fail } from '#src/wechat-simulator/errors.ts';
import { randomToken } from '#src/wechat-simulator/ids.ts';
import type { AccountState, SimState, TokenRecord } from '#src/wechat-simulator/state.ts';
import type { TokenResponse } from '#src/wechat/types.ts';

const LIFETIME_MS = 7200_000;
/** Old and new tokens coexist this long after a re-issue (WeChat: 5 minutes). */
const OVERLAP_MS = 300_000;
const FORCE_REFRESH_PER_DAY = 20;
const FORCE_REFRESH_GAP_MS = 30_000;

/** Checks appid/secret of a token request (41002/41004/40013/40125) and returns the account. */
export function credentials(state: SimState, appId: unknown, secret: unknown): AccountState {
  if (typeof appId !== 'string' || !appId) fail(41002);
  if (typeof secret !== 'string' || !secret) fail(41004);
  const account = state.account(appId);
  if (!account) fail(40013);
  if (account.secret !== secret) fail(40125);
  return account;
}

function issue(state: SimState, account: AccountState, kind: TokenRecord['kind'], now: number): string {
  const token = randomToken(136);
  state.tokens.set(token, { appId: account.appId, kind, expiresAt: now + LIFETIME_MS });
  if (kind === 'token') account.stats.tokensIssued++;
  else account.stats.stableTokensIssued++;
  return token;
}

/**
 * `GET /cgi-bin/token`: every call issues a new token; the previous one stays valid for 5 more
 * minutes, then answers 40001 "not latest".
 */
export function issueToken(state: SimState, account: AccountState, now: number): TokenResponse {
  const previous = account.currentToken && state.tokens.get(account.currentToken);
  if (previous) previous.validUntil = Math.min(previous.validUntil ?? Infinity, now + OVERLAP_MS);
  const token = issue(state, account, 'token', now);
  account.currentToken = token;
  return { access_token: token, expires_in: LIFETIME_MS / 1000 };
}

/**
 * `POST /cgi-bin/stable_token`: the same token while more than 5 minutes remain (then a new one,
 * the old one running out naturally). `force_refresh` revokes the old one at once and is limited
 * to 20 per Beijing day (45009) and one per 30 s (45011; the doc gives the limit, not the code).
 */
export function stableToken(state: SimState, account: AccountState, forceRefresh: boolean, now: number): TokenResponse {
  const current = account.currentStable ? state.tokens.get(account.currentStable) : undefined;
  if (!forceRefresh && current && current.expiresAt - now > OVERLAP_MS && current.validUntil === undefined) {
    return { access_token: account.currentStable!, expires_in: Math.floor((current.expiresAt - now) / 1000) };
  }
  if (forceRefresh) {
    const today = beijingDay(now);
    const todays = account.forceRefreshTimes.filter((t) => beijingDay(t) === today);
    if (todays.length >= FORCE_REFRESH_PER_DAY) fail(45009);
    const last = account.forceRefreshTimes[account.forceRefreshTimes.length - 1];
    if (last !== undefined && now - last < FORCE_REFRESH_GAP_MS) fail(45011);
    account.forceRefreshTimes = [...todays, now];
    if (current) current.validUntil = now;
  }
  const token = issue(state, account, 'stable', now);
  account.currentStable = token;
  return { access_token: token, expires_in: LIFETIME_MS / 1000 };
}

/**
 * Resolves `access_token` to its account: missing → 41001, unknown → 40001, naturally expired →
 * 42001, superseded beyond the overlap (or force-refreshed away) → 40001.
 */
export function authenticate(state: SimState, token: string | null, now: number): AccountState {
  if (!token) fail(41001);
  const record = state.tokens.get(token);
  if (!record) fail(40001);
  if (now >= record.expiresAt) fail(42001);
  if (record.validUntil !== undefined && now >= record.validUntil) fail(40001);
  const account = state.account(record.appId);
  if (!account) fail(40001);
  return account;
}
