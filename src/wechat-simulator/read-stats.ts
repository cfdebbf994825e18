import { DateTime } from 'luxon';
import { beijing, WECHAT_ZONE } from '#src/wechat-simulator/clock.ts';
import { unit } from '#src/wechat-simulator/ids.ts';
import type { MassJob } from '#src/wechat-simulator/state.ts';
import type { ArticleReadCounters, ArticleTotalDetail } from '#src/wechat/types.ts';

/** Share of an article's total reads that happen on day k after sending (k = 0..6). */
const DAY_WEIGHTS = [0.45, 0.25, 0.12, 0.07, 0.05, 0.035, 0.025];
/** Read statistics a test sets for an article: its unique readers (and sharers) over the 7 days. */
export interface ReadStatsOverride {
  readUser: number;
  shareUser?: number;
}

/** Day k's part of a 7-day total, so that the cumulative figure after day 6 is exactly `total`. */
function spread(total: number, k: number): number {
  const upTo = (d: number) => (d < 0 ? 0 : Math.round(total * DAY_WEIGHTS.slice(0, d + 1).reduce((a, b) => a + b, 0)));
  return k >= DAY_WEIGHTS.length - 1 ? total - upTo(DAY_WEIGHTS.length - 2) : upTo(k) - upTo(k - 1);
}

/** Reads a read-statistics override from the control API. */
export function readStatsOverride(body: Record<string, unknown>): ReadStatsOverride {
  const n = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!n(body.readUser)) throw new Error('readUser must be a non-negative integer');
  if (body.shareUser !== undefined && !n(body.shareUser)) throw new Error('shareUser must be a non-negative integer');
  return { readUser: body.readUser as number, ...(body.shareUser !== undefined ? { shareUser: body.shareUser as number } : {}) };
}

/** Per-article data exist for the send day and the 6 days after (WeChat keeps them 7 days). */
export const STAT_DAYS = DAY_WEIGHTS.length;

/** The Beijing send date (yyyy-MM-dd) of a job. */
export function sendDate(job: MassJob): string {
  return beijing(job.createdAt).toISODate()!;
}

/** Whole days from `from` to `to` (both yyyy-MM-dd). */
export function daysBetween(from: string, to: string): number {
  const a = DateTime.fromISO(from, { zone: WECHAT_ZONE });
  const b = DateTime.fromISO(to, { zone: WECHAT_ZONE });
  return Math.round(b.diff(a, 'days').days);
}

/** Data of day `date` are ready from 08:00 Beijing the next day (before that, none are listed). */
export function isReady(date: string, nowMs: number): boolean {
  const readyAt = DateTime.fromISO(date, { zone: WECHAT_ZONE }).plus({ days: 1 }).set({ hour: 8 });
  return nowMs >= readyAt.toMillis();
}

/**
 * Reads of article `idx` of a job on day k after sending — deterministic in (msg_data_id, idx):
 * a read rate of 5–25 % of the recipients, lower for later articles, spread over 7 days.
 */
export function dailyCounters(job: MassJob, idx: number, k: number): ArticleReadCounters {
  const set = job.articles[idx]?.readStats;
  const target = job.sentCount;
  const rate = (0.05 + 0.2 * unit(job.msgDataId ?? 0, idx)) / (idx + 1);
  const user = set ? spread(set.readUser, k) : Math.round(target * rate * (DAY_WEIGHTS[k] ?? 0));
  const ori = Math.round(user * 0.08);
  const share = set?.shareUser !== undefined ? spread(set.shareUser, k) : Math.round(user * 0.04);
  const fav = Math.round(user * 0.02);
  return {
    int_page_read_user: user,
    int_page_read_count: Math.round(user * (1.2 + 0.3 * unit(job.msgDataId ?? 0, idx, k))),
    ori_page_read_user: ori,
    ori_page_read_count: Math.round(ori * 1.1),
    share_user: share,
    share_count: Math.round(share * 1.3),
    add_to_fav_user: fav,
    add_to_fav_count: fav,
  };
}

/** Adds counters field by field. */
export function addCounters(a: ArticleReadCounters, b: ArticleReadCounters): ArticleReadCounters {
  const out = { ...a };
  for (const key of Object.keys(out) as (keyof ArticleReadCounters)[]) out[key] += b[key];
  return out;
}

export const ZERO: ArticleReadCounters = {
  int_page_read_user: 0,
  int_page_read_count: 0,
  ori_page_read_user: 0,
  ori_page_read_count: 0,
  share_user: 0,
  share_count: 0,
  add_to_fav_user: 0,
  add_to_fav_count: 0,
};

const split = (n: number, shares: number[]) => {
  const parts = shares.map((s) => Math.floor(n * s));
  parts[parts.length - 1] = n - parts.slice(0, -1).reduce((x, y) => x + y, 0);
  return parts;
};

/** One cumulative `getarticletotal` detail row, up to and including day k. */
export function cumulativeDetail(job: MassJob, idx: number, k: number, statDate: string): ArticleTotalDetail {
  let sum = ZERO;
  for (let d = 0; d <= k; d++) sum = addCounters(sum, dailyCounters(job, idx, d));
  const sources = [0.6, 0.1, 0.1, 0.15, 0.05];
  const [su, hu, fu, fru, ou] = split(sum.int_page_read_user, sources) as [number, number, number, number, number];
  const [sc, hc, fc, frc, oc] = split(sum.int_page_read_count, sources) as [number, number, number, number, number];
  const [ss, fs, os] = split(sum.share_user, [0.5, 0.3, 0.2]) as [number, number, number];
  const [ssc, fsc, osc] = split(sum.share_count, [0.5, 0.3, 0.2]) as [number, number, number];
  return {
    stat_date: statDate,
    target_user: job.sentCount,
    ...sum,
    int_page_from_session_read_user: su,
    int_page_from_session_read_count: sc,
    int_page_from_hist_msg_read_user: hu,
    int_page_from_hist_msg_read_count: hc,
    int_page_from_feed_read_user: fu,
    int_page_from_feed_read_count: fc,
    int_page_from_friends_read_user: fru,
    int_page_from_friends_read_count: frc,
    int_page_from_other_read_user: ou,
    int_page_from_other_read_count: oc,
    feed_share_from_session_user: ss,
    feed_share_from_session_cnt: ssc,
    feed_share_from_feed_user: fs,
    feed_share_from_feed_cnt: fsc,
    feed_share_from_other_user: os,
    feed_share_from_other_cnt: osc,
  };
}
