import type { SimConfig } from '#src/wechat-simulator/config.ts';
import type { CopyrightOutcome, CopyrightRule } from '#src/wechat-simulator/copyright.ts';
import type { FollowerStore } from '#src/wechat-simulator/followers.ts';
import { hashChars, hashString } from '#src/wechat-simulator/ids.ts';
import type { ReadStatsOverride } from '#src/wechat-simulator/read-stats.ts';
import type { IndexCounter, RecipientList } from '#src/wechat-simulator/recipients.ts';
import type { TagStore } from '#src/wechat-simulator/tags.ts';
import type { DraftArticleInput, MassMsgStatus, MassMsgType, NewsArticle } from '#src/wechat/types.ts';

export type AccountType = 'SERVICE' | 'SUBSCRIPTION';

/** A permanent news material (batchget_material type news), newest first by `updateTime` in listings. */
export interface NewsMaterial {
  mediaId: string;
  articles: NewsArticle[];
  createTime: number;
  updateTime: number;
}

export type FileType = 'image' | 'voice' | 'video' | 'thumb';

/** A permanent image/voice/video/thumb material, or a temporary medium (`expiresAt` set). */
export interface FileMedia {
  mediaId: string;
  type: FileType;
  name: string;
  url?: string;
  contentType: string;
  data: Buffer;
  createTime: number;
  updateTime: number;
  /** Temporary media (media/upload) expire after 3 days (seconds). */
  expiresAt?: number;
  title?: string;
  description?: string;
}

export type DraftArticle = DraftArticleInput & { url: string; thumb_url?: string };

export interface Draft {
  mediaId: string;
  articles: DraftArticle[];
  createTime: number;
  updateTime: number;
}

export interface Card {
  cardId: string;
  cardType: 'GROUPON' | 'CASH' | 'DISCOUNT' | 'GIFT' | 'GENERAL_COUPON';
  title: string;
  brandName: string;
  color: string;
  notice: string;
  description: string;
  status: string;
  quantity: number;
  createTime: number;
}

export interface Comment {
  userCommentId: number;
  openid?: string;
  createTime: number;
  content: string;
  elected: boolean;
  deleted: boolean;
  reply?: { content: string; createTime: number };
}

/** Per-article state of a sent mpnews job: its link, comments and withdrawal. */
export interface SentArticle {
  article: NewsArticle;
  url: string;
  commentOpen: boolean;
  comments: Comment[];
  deleted: boolean;
  /** The originality check's verdict, fixed when the job was submitted. */
  copyright: CopyrightOutcome;
  /** The original's link when the check judged the article a reprint. */
  originalArticleUrl?: string;
  /** Read statistics a test set for this article (else generated). */
  readStats?: ReadStatsOverride;
}

export type Audience = { kind: 'all' } | { kind: 'tag'; tagId: number } | { kind: 'list'; openids: string[] };

/** One mass-send job (msg_id); `SENDING` until its simulated finish time. */
export interface MassJob {
  msgId: number;
  msgDataId?: number;
  appId: string;
  api: 'sendall' | 'send';
  msgtype: MassMsgType;
  /** The message object as submitted (text content, media ids…). */
  payload: Record<string, unknown>;
  audience: Audience;
  clientmsgid: string;
  /** `send_ignore_reprint`: 1 = go on when an article is judged a reprint that may be reprinted. */
  sendIgnoreReprint: boolean;
  /** Only `is_to_all` sends enter the account's history message list. */
  inHistory: boolean;
  createdAt: number;
  finishAt: number;
  finishedAt?: number;
  status: MassMsgStatus;
  statusText?: string;
  totalCount: number;
  filterCount: number;
  sentCount: number;
  errorCount: number;
  delivered?: RecipientList;
  articles: SentArticle[];
  /** Seeded history: no delivery records, not counted against quotas. */
  seeded?: boolean;
}

export interface TokenRecord {
  appId: string;
  kind: 'token' | 'stable';
  expiresAt: number;
  /** Set when a newer token replaced this one; it stays valid until then (ms). */
  validUntil?: number;
}

export interface AccountStats {
  tokensIssued: number;
  stableTokensIssued: number;
  /** Calls per WeChat path, counted after authentication. */
  calls: Record<string, number>;
  /** Accepted mass-send jobs (sendall + send). */
  massJobsAccepted: number;
}

export interface AccountState {
  appId: string;
  secret: string;
  type: AccountType;
  name: string;
  ghId: string;
  verified: boolean;
  callbackToken: string;
  encodingAesKey?: string;
  callbackUrl?: string;
  miniProgramAppIds?: string[];
  commentsPerArticle: number;
  followers: FollowerStore;
  tags: TagStore;
  /** Followers who turned off "receive messages": filtered out (in TotalCount, not FilterCount). */
  messagesOff: Set<string>;
  /** Followers whose delivery fails: in FilterCount, counted in ErrorCount, not delivered. */
  failingDelivery: Set<string>;
  news: Map<string, NewsMaterial>;
  files: Map<string, FileMedia>;
  temp: Map<string, FileMedia>;
  drafts: Map<string, Draft>;
  cards: Map<string, Card>;
  speed: number;
  currentToken?: string;
  currentStable?: string;
  forceRefreshTimes: number[];
  stats: AccountStats;
  /** clientmsgid → last attempt time (ms) and the accepted job, if any. */
  clientMsgIds: Map<string, { lastAttemptAt: number; msgId?: number; acceptedAt?: number }>;
  /** Beijing month → mass messages each follower received (service accounts' 4/month rule). */
  monthCounts: Map<string, IndexCounter>;
  /** Daily counters keyed `<kind>:<yyyy-MM-dd>` (sendall success, mass calls, towxname previews). */
  daily: Map<string, number>;
  /** Recent mass-send call times (ms) for the 60/minute limit. */
  recentMassCalls: number[];
}

export interface PreviewDelivery {
  appId: string;
  msgId: number;
  msgtype: MassMsgType;
  openid?: string;
  towxname?: string;
  at: number;
}

export interface CallbackAttempt {
  appId: string;
  msgId: number;
  url: string;
  attempt: number;
  at: number;
  /** HTTP status, or the failure (`timeout`, `connection error`). */
  outcome: number | string;
  ok: boolean;
}

/** All mutable simulator state; replaced wholesale on reset. */
export class SimState {
  readonly accounts = new Map<string, AccountState>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly jobs = new Map<number, MassJob>();
  readonly jobsByDataId = new Map<number, MassJob>();
  readonly previews: PreviewDelivery[] = [];
  readonly callbackLog: CallbackAttempt[] = [];
  /** Originality verdicts tests set for articles by title, applied when a job is submitted. */
  readonly copyrightRules: CopyrightRule[] = [];
  /** Read statistics tests set by article title, applied to jobs submitted later too. */
  readonly readStatsByTitle = new Map<string, ReadStatsOverride>();
  globalCallbackUrl?: string;
  private msgIdSeq = 1_000_000_000;
  private msgDataIdSeq = 2_247_483_650;
  private mediaSeq = 0;

  constructor(readonly config: SimConfig) {}

  nextMsgId(): number {
    return ++this.msgIdSeq;
  }

  nextMsgDataId(): number {
    return ++this.msgDataIdSeq;
  }

  /** A 43-character media_id, unique within the simulator. */
  nextMediaId(appId: string): string {
    const seq = ++this.mediaSeq;
    return hashChars(hashString(appId), seq, 36) + seq.toString(36).padStart(7, '0');
  }

  account(appId: string): AccountState | undefined {
    return this.accounts.get(appId);
  }
}

/** Increments a per-day counter and returns the new value. */
export function bumpDaily(account: AccountState, key: string, by = 1): number {
  const value = (account.daily.get(key) ?? 0) + by;
  account.daily.set(key, value);
  return value;
}
