import { createHash } from 'node:crypto';
import { beijingDay, beijingMonth } from '#src/wechat-simulator/clock.ts';
import { fail } from '#src/wechat-simulator/errors.ts';
import type { SimConfig } from '#src/wechat-simulator/config.ts';
import { bumpDaily, type AccountState } from '#src/wechat-simulator/state.ts';

const RETRY_TOO_FAST_MS = 60_000;
const DUPLICATE_WINDOW_MS = 24 * 3600_000;

/**
 * The idempotency key of a send: the given clientmsgid (≤32 bytes by default, else 45067), or —
 * when omitted — a digest of scope + content, so identical sends collide like on WeChat.
 */
export function clientMsgIdOf(body: Record<string, unknown>, scope: unknown, content: unknown, maxBytes = 32): string {
  const given = body.clientmsgid;
  if (given !== undefined && given !== null && given !== '') {
    if (typeof given !== 'string' || Buffer.byteLength(given, 'utf8') > maxBytes) fail(45067);
    return given;
  }
  return createHash('sha1').update(JSON.stringify({ scope, content })).digest('hex').slice(0, 32);
}

/**
 * Checks a clientmsgid against earlier attempts. Precedence: 45066 before 45065 — "seen < 1 min"
 * is checked first, and WeChat says to wait ≥1 minute before re-submitting a clientmsgid;
 * after that minute a duplicate of an accepted job within 24 h gets 45065 with its msg_id.
 * Every attempt that reaches this check counts as "seen" (a rejected 45066 does not restart
 * the minute, so a client that waits always gets through).
 */
export function checkClientMsgId(account: AccountState, key: string, now: number): void {
  const seen = account.clientMsgIds.get(key);
  if (seen && now - seen.lastAttemptAt < RETRY_TOO_FAST_MS) fail(45066);
  if (seen) seen.lastAttemptAt = now;
  else account.clientMsgIds.set(key, { lastAttemptAt: now });
  if (seen?.msgId !== undefined && seen.acceptedAt !== undefined && now - seen.acceptedAt < DUPLICATE_WINDOW_MS) {
    fail(45065, { msg_id: seen.msgId });
  }
}

/** Marks a clientmsgid as belonging to an accepted job. */
export function rememberClientMsgId(account: AccountState, key: string, msgId: number, now: number): void {
  account.clientMsgIds.set(key, { lastAttemptAt: now, msgId, acceptedAt: now });
}

/**
 * Send quotas, counted on accepted jobs only (WeChat counts successful calls, "可成功调用"): 60/minute (45011, or the
 * switched code), 100/day (45009), for subscription accounts one successful sendall per Beijing
 * day (45028), and for service accounts at most 4 `is_to_all` sends a Beijing month entering
 * the history list (45028).
 */
export function checkMassQuota(account: AccountState, config: SimConfig, now: number, toAll: boolean): void {
  account.recentMassCalls = account.recentMassCalls.filter((t) => now - t < 60_000);
  if (account.recentMassCalls.length >= config.massMinuteLimit) fail(config.minuteLimitErrcode);
  const day = beijingDay(now);
  if ((account.daily.get(`mass:${day}`) ?? 0) >= config.massDailyLimit) fail(45009);
  if (account.type === 'SUBSCRIPTION' && (account.daily.get(`sendall-success:${day}`) ?? 0) >= 1) fail(45028);
  if (account.type === 'SERVICE' && toAll && (account.daily.get(`history:${beijingMonth(now)}`) ?? 0) >= config.historySendsPerMonth) fail(45028);
}

/** Consumes the quotas checked by checkMassQuota. */
export function consumeMassQuota(account: AccountState, now: number, toAll: boolean): void {
  const day = beijingDay(now);
  account.recentMassCalls.push(now);
  bumpDaily(account, `mass:${day}`);
  bumpDaily(account, `sendall-success:${day}`);
  if (toAll) bumpDaily(account, `history:${beijingMonth(now)}`);
}
