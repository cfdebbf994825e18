import { commentText, FAKE_JPEG, imageUrl, seededArticle, seededArticleCount, seededDraftArticle, articleUrl } from '#src/wechat-simulator/content.ts';
import { beijing } from '#src/wechat-simulator/clock.ts';
import { FollowerStore, type UserGetEndStyle } from '#src/wechat-simulator/followers.ts';
import { hashChars, hashString, unit } from '#src/wechat-simulator/ids.ts';
import { TagStore } from '#src/wechat-simulator/tags.ts';
import type { AccountState, AccountType, Card, Comment, MassJob, SentArticle, SimState } from '#src/wechat-simulator/state.ts';

/** One seeded Official Account. Everything is generated deterministically from these fields. */
export interface SeedAccount {
  appId: string;
  secret: string;
  type: AccountType;
  name?: string;
  /** Original id (gh_…), the ToUserName of pushed events; derived from appId when omitted. */
  ghId?: string;
  /** Unverified accounts get 48001 from the mass-send APIs. Default true. */
  verified?: boolean;
  /** Current followers (default 0). */
  followers?: number;
  /** Former followers that batchget reports with subscribe 0 (default 0). */
  unsubscribed?: number;
  /** Permanent news materials, 1–4 articles each, each with its own thumb image (default 0). */
  materials?: number;
  /**
   * Drafts in the draft box (草稿箱), 1–4 articles each, each with its own thumb image (default 0).
   * Draft d is saved half an hour after material d's hour slot, so the two listings interleave.
   */
  drafts?: number;
  cards?: number;
  /** Past mass-sent news (one per day before the clock start) with comments and read stats (default 0). */
  sentArticles?: number;
  /** Max generated comments per article of a sent news (default 5; 0 = none). */
  commentsPerArticle?: number;
  /** Accounts on the same open platform share unionids for the same person. */
  openPlatform?: string;
  /** Follower i is person i+personOffset on the open platform (default 0). */
  personOffset?: number;
  /** Callback token for signatures (default derived from appId). */
  callbackToken?: string;
  /** 43-char EncodingAESKey; when set, events are pushed in safe mode. */
  encodingAesKey?: string;
  callbackUrl?: string;
  /** How `user/get` ends a listing (default 'count-zero', the observed behaviour). */
  userGetEnd?: UserGetEndStyle;
  /** When set, text links to other mini programs get 45086. */
  miniProgramAppIds?: string[];
}

export interface SeedSpec {
  accounts: SeedAccount[];
}

/** The demo mode seed: one verified service account, 10,000 followers, 30 materials, 5 cards. */
export const demoSeed: SeedSpec = {
  accounts: [
    {
      appId: 'wxd3e0a11ce5e7c0de',
      secret: 'd3e05ec7e70000000000000000000001',
      type: 'SERVICE',
      name: 'wxcast 演示服务号',
      followers: 10_000,
      unsubscribed: 250,
      materials: 30,
      cards: 5,
      sentArticles: 3,
      openPlatform: 'wxcast-demo-open-platform',
      callbackToken: 'wxcastdemotoken',
    },
  ],
};

/** Adds one account (and its generated content) to the state. Throws on a duplicate appId. */
export function addSeedAccount(state: SimState, spec: SeedAccount, nowMs: number): AccountState {
  if (state.accounts.has(spec.appId)) throw new Error(`account ${spec.appId} exists`);
  const followers = spec.followers ?? 0;
  const unsubscribed = spec.unsubscribed ?? 0;
  const followerStore = new FollowerStore({
    appId: spec.appId,
    followers,
    unsubscribed,
    openPlatform: spec.openPlatform,
    personOffset: spec.personOffset ?? 0,
    // Seeded followers subscribed one minute apart, ending before the clock start.
    epochMs: nowMs - (followers + unsubscribed + 1) * 60_000,
    endStyle: spec.userGetEnd ?? 'count-zero',
  });
  const account: AccountState = {
    appId: spec.appId,
    secret: spec.secret,
    type: spec.type,
    name: spec.name ?? spec.appId,
    ghId: spec.ghId ?? `gh_${hashChars(hashString(spec.appId), 1, 12).toLowerCase().replace(/[-_]/g, '0')}`,
    verified: spec.verified ?? true,
    callbackToken: spec.callbackToken ?? `tok${hashChars(hashString(spec.appId), 2, 16).replace(/[-_]/g, 'x')}`,
    encodingAesKey: spec.encodingAesKey,
    callbackUrl: spec.callbackUrl,
    miniProgramAppIds: spec.miniProgramAppIds,
    commentsPerArticle: spec.commentsPerArticle ?? 5,
    followers: followerStore,
    tags: new TagStore(followerStore),
    messagesOff: new Set(),
    failingDelivery: new Set(),
    news: new Map(),
    files: new Map(),
    temp: new Map(),
    drafts: new Map(),
    cards: new Map(),
    speed: 0,
    forceRefreshTimes: [],
    stats: { tokensIssued: 0, stableTokensIssued: 0, calls: {}, massJobsAccepted: 0 },
    clientMsgIds: new Map(),
    monthCounts: new Map(),
    daily: new Map(),
    recentMassCalls: [],
  };
  state.accounts.set(account.appId, account);
  seedMaterials(state, account, spec.materials ?? 0, nowMs);
  seedDrafts(state, account, spec.drafts ?? 0, nowMs);
  seedCards(account, spec.cards ?? 0, nowMs);
  seedHistory(state, account, spec.sentArticles ?? 0, nowMs);
  return account;
}

function seedMaterials(state: SimState, account: AccountState, count: number, nowMs: number) {
  const now = Math.floor(nowMs / 1000);
  for (let k = 0; k < count; k++) {
    // Material k was made k hours after material k-1, so the last one is the newest.
    const time = now - (count - k) * 3600;
    const thumbId = state.nextMediaId(account.appId);
    const thumbUrl = imageUrl(`${account.appId}:thumb:${k}`);
    account.files.set(thumbId, { mediaId: thumbId, type: 'image', name: `cover-${k + 1}.jpg`, url: thumbUrl, contentType: 'image/jpeg', data: FAKE_JPEG, createTime: time, updateTime: time });
    const articles = Array.from({ length: seededArticleCount(k) }, (_, i) => seededArticle(account.appId, k, i, thumbId, thumbUrl));
    const mediaId = state.nextMediaId(account.appId);
    account.news.set(mediaId, { mediaId, articles, createTime: time, updateTime: time });
  }
}

function seedDrafts(state: SimState, account: AccountState, count: number, nowMs: number) {
  const now = Math.floor(nowMs / 1000);
  for (let d = 0; d < count; d++) {
    const time = now - (count - d) * 3600 + 1800;
    const thumbId = state.nextMediaId(account.appId);
    const thumbUrl = imageUrl(`${account.appId}:draft-thumb:${d}`);
    account.files.set(thumbId, { mediaId: thumbId, type: 'image', name: `draft-cover-${d + 1}.jpg`, url: thumbUrl, contentType: 'image/jpeg', data: FAKE_JPEG, createTime: time, updateTime: time });
    const mediaId = state.nextMediaId(account.appId);
    const articles = Array.from({ length: seededArticleCount(d) }, (_, i) => seededDraftArticle(account.appId, mediaId, d, i, thumbId, thumbUrl));
    account.drafts.set(mediaId, { mediaId, articles, createTime: time, updateTime: time });
  }
}

const CARD_TYPES: Card['cardType'][] = ['GROUPON', 'CASH', 'DISCOUNT', 'GIFT', 'GENERAL_COUPON'];

function seedCards(account: AccountState, count: number, nowMs: number) {
  for (let c = 0; c < count; c++) {
    const cardId = `p${hashChars(hashString(`${account.appId}:card`), c, 27)}`;
    const cardType = CARD_TYPES[c % CARD_TYPES.length]!;
    account.cards.set(cardId, {
      cardId,
      cardType,
      title: `${['满100减20', '9折优惠券', '新人礼包', '免费咖啡一杯', '通用券'][c % 5]}${c >= 5 ? ` #${c + 1}` : ''}`,
      brandName: account.name,
      color: 'Color010',
      notice: '使用时向服务员出示此券',
      description: '不可与其他优惠同享',
      status: c % 7 === 6 ? 'CARD_STATUS_NOT_VERIFY' : 'CARD_STATUS_VERIFY_OK',
      quantity: 1000 + c * 100,
      createTime: Math.floor(nowMs / 1000) - (count - c) * 86_400,
    });
  }
}

/** Comments a finished news article gets: up to `max`, from current followers, after `since` (s). */
export function generateComments(account: AccountState, msgDataId: number, index: number, since: number): Comment[] {
  const max = account.commentsPerArticle;
  const n = max ? Math.floor(unit(msgDataId, index, 77) * (max + 1)) : 0;
  const total = account.followers.options.followers;
  return Array.from({ length: n }, (_, c) => ({
    userCommentId: c + 1,
    openid: total ? account.followers.openidAt(Math.floor(unit(msgDataId, index, c) * total)) : undefined,
    createTime: since + 60 * (c + 1) + Math.floor(unit(msgDataId, c) * 3000),
    content: commentText(msgDataId, index, c),
    elected: c === 0,
    deleted: false,
  }));
}

function seedHistory(state: SimState, account: AccountState, count: number, nowMs: number) {
  const materials = [...account.news.values()];
  for (let j = 0; j < count && materials.length; j++) {
    const material = materials[j % materials.length]!;
    const sentAt = beijing(nowMs).startOf('day').minus({ days: count - j }).set({ hour: 10 }).toMillis();
    const msgId = state.nextMsgId();
    const msgDataId = state.nextMsgDataId();
    const sentSeconds = Math.floor(sentAt / 1000);
    const articles: SentArticle[] = material.articles.map((article, i) => ({
      article,
      url: articleUrl(`${msgDataId}_${i + 1}`),
      commentOpen: true,
      comments: generateComments(account, msgDataId, i, sentSeconds),
      deleted: false,
      copyright: 'original',
    }));
    const total = account.followers.total;
    const job: MassJob = {
      msgId,
      msgDataId,
      appId: account.appId,
      api: 'sendall',
      msgtype: 'mpnews',
      payload: { media_id: material.mediaId },
      audience: { kind: 'all' },
      clientmsgid: `seed-${msgId}`,
      sendIgnoreReprint: false,
      inHistory: true,
      createdAt: sentAt,
      finishAt: sentAt + 60_000,
      finishedAt: sentAt + 60_000,
      status: 'SEND_SUCCESS',
      statusText: 'send success',
      totalCount: total,
      filterCount: total,
      sentCount: total,
      errorCount: 0,
      articles,
      seeded: true,
    };
    state.jobs.set(msgId, job);
    state.jobsByDataId.set(msgDataId, job);
  }
}
