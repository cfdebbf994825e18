import { beijingMonth } from '#src/wechat-simulator/clock.ts';
import { articleUrl } from '#src/wechat-simulator/content.ts';
import type { SimContext } from '#src/wechat-simulator/context.ts';
import { hashChars, hashString } from '#src/wechat-simulator/ids.ts';
import { IndexCounter, RecipientList } from '#src/wechat-simulator/recipients.ts';
import { generateComments } from '#src/wechat-simulator/seed.ts';
import type { AccountState, Audience, MassJob } from '#src/wechat-simulator/state.ts';
import type { MassMsgType, MassSendJobFinishEvent, NewsArticle } from '#src/wechat/types.ts';

/** Service-account followers receive at most this many mass messages per Beijing month (more are filtered). */
export const MONTHLY_PER_FOLLOWER = 4;

export interface JobInput {
  api: MassJob['api'];
  msgtype: MassMsgType;
  payload: Record<string, unknown>;
  audience: Audience;
  clientmsgid: string;
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
    createdAt: now,
    finishAt: now + state.config.jobDurationMs,
    status: 'SENDING',
    totalCount: totalOf(account, input.audience),
    filterCount: 0,
    sentCount: 0,
    errorCount: 0,
    articles: (input.articles ?? []).map((article, i) => ({
      article,
      url: articleUrl(`${msgDataId}_${i + 1}`),
      commentOpen: article.need_open_comment === 1,
      comments: [],
      deleted: false,
    })),
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
  return account.followers.members(audience.tagId).size;
}

function recipientsOf(account: AccountState, audience: Audience): RecipientList {
  if (audience.kind !== 'list') return account.followers.members(audience.kind === 'tag' ? audience.tagId : undefined);
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
 * Finishes a job: filters recipients (unfollowed, blacklisted, and — for service accounts — those
 * already at 4 mass messages this month), records the deliveries, and pushes MASSSENDJOBFINISH.
 * `statusText` forces an outcome (`send fail`, `err(30003)`); no-op unless the job is SENDING.
 */
export function finishJob(sim: SimContext, job: MassJob, statusText = 'send success', at?: number): void {
  const { state } = sim;
  if (job.status !== 'SENDING' || state.jobs.get(job.msgId) !== job) return;
  const account = state.account(job.appId);
  if (!account) return;
  const followers = account.followers;
  const month = beijingMonth(job.createdAt);
  const counter = account.monthCounts.get(month) ?? new IndexCounter();
  account.monthCounts.set(month, counter);
  const limited = account.type === 'SERVICE';
  const eligible = recipientsOf(account, job.audience).filter(
    (i) => followers.isFollowerIndex(i) && !followers.isBlacklisted(i) && (!limited || counter.getIndex(i) < MONTHLY_PER_FOLLOWER),
    (o) => followers.isFollower(o) && (!limited || counter.getOther(o) < MONTHLY_PER_FOLLOWER),
  );
  const success = statusText === 'send success';
  const audited = statusText.startsWith('err(');
  job.filterCount = audited ? 0 : eligible.size;
  job.sentCount = success ? eligible.size : 0;
  job.errorCount = success || audited ? 0 : eligible.size;
  job.delivered = success ? eligible : RecipientList.empty();
  if (success) {
    for (const i of eligible.indices) counter.incIndex(i);
    for (const o of eligible.others) counter.incOther(o);
  }
  job.status = success ? 'SEND_SUCCESS' : 'SEND_FAIL';
  job.statusText = statusText;
  job.finishedAt = at ?? Math.min(job.finishAt, sim.clock.now());
  if (success && job.msgDataId !== undefined) {
    const since = Math.floor(job.finishedAt / 1000);
    job.articles.forEach((a, i) => (a.comments = generateComments(account, job.msgDataId!, i, since)));
  }
  sim.callbacks.sendMassJobFinish(state, account, buildFinishEvent(account, job));
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
    CopyrightCheckResult: {
      Count: job.articles.length,
      ResultList: job.articles.map((_, i) => ({
        ArticleIdx: i + 1,
        UserDeclareState: 0,
        AuditState: 0,
        OriginalArticleUrl: '',
        OriginalArticleType: 0,
        CanReprint: 0,
        NeedReplaceContent: 0,
        NeedShowReprintSource: 0,
      })),
      // 1 = not a reprint, sent; non-article sends report 0.
      CheckState: news ? 1 : 0,
    },
    ArticleUrlResult: {
      Count: job.status === 'SEND_SUCCESS' ? job.articles.length : 0,
      ResultList: job.status === 'SEND_SUCCESS' ? job.articles.map((a, i) => ({ ArticleIdx: i + 1, ArticleUrl: a.url })) : [],
    },
  };
}
