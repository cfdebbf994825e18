import { beijingDay, beijingMonth } from '#src/wechat-simulator/clock.ts';
import { articleUrl } from '#src/wechat-simulator/content.ts';
import type { SimContext } from '#src/wechat-simulator/context.ts';
import { copyrightResult, copyrightStatus, verdictFor } from '#src/wechat-simulator/copyright.ts';
import { hashChars, hashString } from '#src/wechat-simulator/ids.ts';
import { IndexCounter, RecipientList } from '#src/wechat-simulator/recipients.ts';
import { generateComments } from '#src/wechat-simulator/seed.ts';
import { bumpDaily, type AccountState, type Audience, type MassJob } from '#src/wechat-simulator/state.ts';
import type { MassMsgType, MassSendJobFinishEvent, NewsArticle } from '#src/wechat/types.ts';

/** Service-account followers receive at most this many mass messages per Beijing month (more are filtered). */
export const MONTHLY_PER_FOLLOWER = 4;

export interface JobInput {
  api: MassJob['api'];
  msgtype: MassMsgType;
  payload: Record<string, unknown>;
  audience: Audience;
  clientmsgid: string;
  sendIgnoreReprint: boolean;
  /** The articles of an mpnews send (snapshot of the draft). */
  articles?: NewsArticle[];
}

/** Creates a SENDING job and schedules its finish `jobDurationMs` of simulated time later. */
export function submitJob(sim: SimContext, account: AccountState, input: JobInput, now: number): MassJob {
  const { state } = sim;
  const msgId = state.nextMsgId();
  const msgDataId = input.msgtype === 'mpnews' ? state.nextMsgDataId() : undefined;
  const job: MassJob = {
    msgId,
    msgDataId,
    appId: account.appId,
    api: input.api,
    msgtype: input.msgtype,
    payload: input.payload,
    audience: input.audience,
    clientmsgid: input.clientmsgid,
    sendIgnoreReprint: input.sendIgnoreReprint,
    inHistory: input.audience.kind === 'all',
    createdAt: now,
    finishAt: now + state.config.jobDurationMs,
    status: 'SENDING',
    totalCount: totalOf(account, input.audience),
    filterCount: 0,
    sentCount: 0,
    errorCount: 0,
    articles: (input.articles ?? []).map((article, i) => {
      const verdict = verdictFor(state.copyrightRules, account.appId, article);
      const readStats = state.readStatsByTitle.get(article.title);
      return {
        article,
        url: articleUrl(`${msgDataId}_${i + 1}`),
        commentOpen: article.need_open_comment === 1,
        comments: [],
        deleted: false,
        copyright: verdict?.outcome ?? 'original',
        ...(verdict?.originalArticleUrl ? { originalArticleUrl: verdict.originalArticleUrl } : {}),
        ...(readStats ? { readStats } : {}),
      };
    }),
  };
  state.jobs.set(msgId, job);
  if (msgDataId !== undefined) state.jobsByDataId.set(msgDataId, job);
  account.stats.massJobsAccepted++;
  sim.scheduler.schedule(job.finishAt, () => finishJob(sim, job));
  return job;
}

/** The event's TotalCount: followers under the tag, all followers, or the openid list's size. */
function totalOf(account: AccountState, audience: Audience): number {
  if (audience.kind === 'list') return audience.openids.length;
  if (audience.kind === 'all') return account.followers.total;
  return account.tags.members(audience.tagId).size;
}

function recipientsOf(account: AccountState, audience: Audience): RecipientList {
  if (audience.kind === 'all') return account.followers.members();
  if (audience.kind === 'tag') return account.tags.members(audience.tagId);
  const indices: number[] = [];
  const others: string[] = [];
  for (const openid of audience.openids) {
    const index = account.followers.indexOf(openid);
    if (index === undefined) others.push(openid);
    else indices.push(index);
  }
  return RecipientList.from(indices, others);
}

/**
 * Finishes a job: filters recipients (unfollowed, blacklisted, messages turned off, and — for
 * service accounts — those already at 4 mass messages this month), applies the originality
 * check, records the deliveries (followers set to fail count in ErrorCount instead), and pushes
 * MASSSENDJOBFINISH. `statusText` forces an outcome (`send fail`, `err(30003)`); no-op unless
 * the job is SENDING.
 */
export function finishJob(sim: SimContext, job: MassJob, statusText = 'send success', at?: number): void {
  const { state } = sim;
  if (job.status !== 'SENDING' || state.jobs.get(job.msgId) !== job) return;
  const account = state.account(job.appId);
  if (!account) return;
  const { followers, messagesOff, failingDelivery } = account;
  const month = beijingMonth(job.createdAt);
  const counter = account.monthCounts.get(month) ?? new IndexCounter();
  account.monthCounts.set(month, counter);
  const limited = account.type === 'SERVICE';
  const offIndices = indicesOf(account, messagesOff);
  const failingIndices = indicesOf(account, failingDelivery);
  const off = (i: number) => offIndices.has(i);
  const eligible = recipientsOf(account, job.audience).filter(
    (i) => followers.isFollowerIndex(i) && !followers.isBlacklisted(i) && !off(i) && (!limited || counter.getIndex(i) < MONTHLY_PER_FOLLOWER),
    (o) => followers.isFollower(o) && !messagesOff.has(o) && (!limited || counter.getOther(o) < MONTHLY_PER_FOLLOWER),
  );
  if (statusText === 'send success') statusText = copyrightStatus(job.articles, job.sendIgnoreReprint) ?? statusText;
  const success = statusText === 'send success';
  const audited = statusText.startsWith('err(');
  const fails = (i: number) => failingIndices.has(i);
  const delivered = success ? eligible.filter((i) => !fails(i), (o) => !failingDelivery.has(o)) : RecipientList.empty();
  job.filterCount = audited ? 0 : eligible.size;
  job.sentCount = delivered.size;
  job.errorCount = success ? eligible.size - delivered.size : audited ? 0 : eligible.size;
  job.delivered = delivered;
  for (const i of delivered.indices) counter.incIndex(i);
  for (const o of delivered.others) counter.incOther(o);
  if (!success && !state.config.failedJobConsumesQuota) refundQuota(account, job);
  job.status = success ? 'SEND_SUCCESS' : 'SEND_FAIL';
  job.statusText = statusText;
  job.finishedAt = at ?? Math.min(job.finishAt, sim.clock.now());
  if (success && job.msgDataId !== undefined) {
    const since = Math.floor(job.finishedAt / 1000);
    job.articles.forEach((a, i) => (a.comments = generateComments(account, job.msgDataId!, i, since)));
  }
  sim.callbacks.sendMassJobFinish(state, account, buildFinishEvent(account, job));
}

/** The follower indices behind a set of openids (flags are few; recipient lists may be 1,000,000). */
function indicesOf(account: AccountState, openids: ReadonlySet<string>): Set<number> {
  const out = new Set<number>();
  for (const openid of openids) {
    const index = account.followers.indexOf(openid);
    if (index !== undefined) out.add(index);
  }
  return out;
}

/** Gives back what the job's submission took from the day's and month's counters. */
function refundQuota(account: AccountState, job: MassJob): void {
  const day = beijingDay(job.createdAt);
  bumpDaily(account, `mass:${day}`, -1);
  bumpDaily(account, `sendall-success:${day}`, -1);
  if (job.inHistory) bumpDaily(account, `history:${beijingMonth(job.createdAt)}`, -1);
}

/** The MASSSENDJOBFINISH event for a finished job. */
export function buildFinishEvent(account: AccountState, job: MassJob): MassSendJobFinishEvent {
  const news = job.msgtype === 'mpnews';
  return {
    ToUserName: account.ghId,
    // Real pushes carry an openid-like sender (the "mphelper" assistant).
    FromUserName: `o${hashChars(hashString(`mphelper:${account.appId}`), 4, 27)}`,
    CreateTime: Math.floor((job.finishedAt ?? job.finishAt) / 1000),
    MsgType: 'event',
    Event: 'MASSSENDJOBFINISH',
    MsgID: String(job.msgId),
    Status: job.statusText ?? 'send success',
    TotalCount: job.totalCount,
    FilterCount: job.filterCount,
    SentCount: job.sentCount,
    ErrorCount: job.errorCount,
    CopyrightCheckResult: copyrightResult(job.articles, news, job.status === 'SEND_SUCCESS'),
    ArticleUrlResult: {
      Count: job.status === 'SEND_SUCCESS' ? job.articles.length : 0,
      ResultList: job.status === 'SEND_SUCCESS' ? job.articles.map((a, i) => ({ ArticleIdx: i + 1, ArticleUrl: a.url })) : [],
    },
  };
}
