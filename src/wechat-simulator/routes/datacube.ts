import { DateTime } from 'luxon';
import { beijingDay, WECHAT_ZONE } from '#src/wechat-simulator/clock.ts';
import { fail } from '#src/wechat-simulator/errors.ts';
import { addCounters, cumulativeDetail, dailyCounters, daysBetween, isReady, sendDate, STAT_DAYS, ZERO } from '#src/wechat-simulator/read-stats.ts';
import type { RouteRequest, RouteTable } from '#src/wechat-simulator/router.ts';
import type { MassJob } from '#src/wechat-simulator/state.ts';
import type { ArticleReadCounters } from '#src/wechat/types.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The ready dates of a datacube request: format (61500), begin ≤ end, span ≤ max and end ≤
 * yesterday (61501). Days whose data are not ready (before 08:00 next day) are left out, or
 * answered 61503 when the `datacubeNotReady` switch says so.
 */
function readyDates({ sim, json, now }: RouteRequest, maxSpan: number): string[] {
  const body = json();
  const begin = body.begin_date;
  const end = body.end_date;
  if (typeof begin !== 'string' || typeof end !== 'string' || !DATE.test(begin) || !DATE.test(end)) fail(61500);
  if (!DateTime.fromISO(begin, { zone: WECHAT_ZONE }).isValid || !DateTime.fromISO(end, { zone: WECHAT_ZONE }).isValid) fail(61500);
  const span = daysBetween(begin, end) + 1;
  if (span < 1 || span > maxSpan || daysBetween(end, beijingDay(now)) < 1) fail(61501);
  const dates: string[] = [];
  for (let d = 0; d < span; d++) {
    const date = DateTime.fromISO(begin, { zone: WECHAT_ZONE }).plus({ days: d }).toISODate()!;
    if (isReady(date, now)) dates.push(date);
    else if (sim.state.config.datacubeNotReady === '61503') fail(61503);
  }
  return dates;
}

function newsJobs({ sim, account }: RouteRequest): MassJob[] {
  return [...sim.state.jobs.values()].filter(
    (j) => j.appId === account.appId && j.msgtype === 'mpnews' && (j.status === 'SEND_SUCCESS' || j.status === 'DELETE'),
  );
}

/** Articles with data on `date` (sent within the 7 days up to it), with k = days since sending. */
function articlesOn(jobs: MassJob[], date: string) {
  const out: { job: MassJob; idx: number; k: number }[] = [];
  for (const job of jobs) {
    const k = daysBetween(sendDate(job), date);
    if (k < 0 || k >= STAT_DAYS) continue;
    job.articles.forEach((_, idx) => out.push({ job, idx, k }));
  }
  return out;
}

const msgid = (job: MassJob, idx: number) => `${job.msgDataId}_${idx + 1}`;

/** getarticlesummary: daily numbers per article, only articles with ≥3 interactions. */
function summary(request: RouteRequest) {
  const jobs = newsJobs(request);
  const list = readyDates(request, 1).flatMap((date) =>
    articlesOn(jobs, date)
      .map(({ job, idx, k }) => ({ ref_date: date, msgid: msgid(job, idx), title: job.articles[idx]!.article.title, ...dailyCounters(job, idx, k) }))
      .filter((r) => r.int_page_read_user + r.ori_page_read_user + r.share_user + r.add_to_fav_count >= 3),
  );
  return { list };
}

/** getarticletotal: articles sent on the date, one cumulative detail per ready day (≤7). */
function total(request: RouteRequest) {
  const jobs = newsJobs(request);
  const list = readyDates(request, 1).flatMap((date) =>
    jobs
      .filter((job) => sendDate(job) === date)
      .flatMap((job) =>
        job.articles.map((a, idx) => {
          const details = [];
          for (let k = 0; k < STAT_DAYS; k++) {
            const statDate = DateTime.fromISO(date, { zone: WECHAT_ZONE }).plus({ days: k }).toISODate()!;
            if (!isReady(statDate, request.now)) break;
            details.push(cumulativeDetail(job, idx, k, statDate));
          }
          return { ref_date: date, msgid: msgid(job, idx), title: a.article.title, url: a.url, details };
        }),
      ),
  );
  return { list };
}

function dayTotal(jobs: MassJob[], date: string): ArticleReadCounters {
  return articlesOn(jobs, date).reduce((sum, { job, idx, k }) => addCounters(sum, dailyCounters(job, idx, k)), ZERO);
}

/** Hour h's share of a day: a fixed evening-heavy curve. */
const hourShare = (h: number) => (h < 7 ? 0.01 : h < 12 ? 0.04 : h < 18 ? 0.05 : 0.065) / 0.99;

function scaled(c: ArticleReadCounters, f: number): ArticleReadCounters {
  const out = { ...c };
  for (const key of Object.keys(out) as (keyof ArticleReadCounters)[]) out[key] = Math.round(out[key] * f);
  return out;
}

function userRead(request: RouteRequest, hourly: boolean) {
  const jobs = newsJobs(request);
  const list = readyDates(request, hourly ? 1 : 3).flatMap((date) => {
    const day = dayTotal(jobs, date);
    if (!day.int_page_read_user) return [];
    if (!hourly) return [{ ref_date: date, user_source: 99999999, ...day }];
    return Array.from({ length: 24 }, (_, h) => ({ ref_date: date, ref_hour: h * 100, user_source: 99999999, ...scaled(day, hourShare(h)) }));
  });
  return { list };
}

const SCENES: [number, number][] = [
  [1, 0.6],
  [2, 0.35],
  [255, 0.05],
];

function userShare(request: RouteRequest, hourly: boolean) {
  const jobs = newsJobs(request);
  const list = readyDates(request, hourly ? 1 : 7).flatMap((date) => {
    const day = dayTotal(jobs, date);
    if (!day.share_count) return [];
    const hours = hourly ? Array.from({ length: 24 }, (_, h) => h) : [undefined];
    return hours.flatMap((h) =>
      SCENES.map(([scene, share]) => {
        const f = share * (h === undefined ? 1 : hourShare(h));
        return { ref_date: date, ...(h === undefined ? {} : { ref_hour: h * 100 }), share_scene: scene, share_count: Math.round(day.share_count * f), share_user: Math.round(day.share_user * f) };
      }),
    );
  });
  return { list };
}

/** Article analytics (`/datacube/*`). */
export function datacubeRoutes(): RouteTable {
  const post = (handle: (request: RouteRequest) => unknown) => ({ method: 'POST' as const, auth: true, handle });
  return {
    '/datacube/getarticlesummary': post(summary),
    '/datacube/getarticletotal': post(total),
    '/datacube/getuserread': post((r) => userRead(r, false)),
    '/datacube/getuserreadhour': post((r) => userRead(r, true)),
    '/datacube/getusershare': post((r) => userShare(r, false)),
    '/datacube/getusersharehour': post((r) => userShare(r, true)),
  };
}
