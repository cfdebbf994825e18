import type { FollowerStore } from '#src/wechat-simulator/followers.ts';
import { hashChars, hashString } from '#src/wechat-simulator/ids.ts';
import type { IndexCounter, RecipientList } from '#src/wechat-simulator/recipients.ts';
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

/** Runtime knobs; all in milliseconds. */
export interface SimConfig {
  /** Simulated time from submission until a mass-send job finishes. */
  jobDurationMs: number;
  /** Real time the callback receiver has to answer 200. */
  callbackTimeoutMs: number;
  /** Real time between callback attempts. */
  callbackRetryDelayMs: number;
  callbackAttempts: number;
  massDailyLimit: number;
  massMinuteLimit: number;
  previewDailyLimit: number;
  /** Accept permanent news material ids as mpnews media_id (the pre-2022 behaviour). */
  acceptMaterialMpnews: boolean;
}

export const DEFAULT_CONFIG: SimConfig = {
  jobDurationMs: 60_000,
  callbackTimeoutMs: 5_000,
  callbackRetryDelayMs: 1_000,
  callbackAttempts: 3,
  massDailyLimit: 100,
  massMinuteLimit: 60,
  previewDailyLimit: 100,
  acceptMaterialMpnews: false,
};

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
