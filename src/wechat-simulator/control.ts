import { Duration } from 'luxon';
import { beijing } from '#src/wechat-simulator/clock.ts';
import type { SimContext } from '#src/wechat-simulator/context.ts';
import { SendingControl } from '#src/wechat-simulator/control-sending.ts';
import { accountStats, type AccountStatsView } from '#src/wechat-simulator/control-stats.ts';
import { queryDeliveries, type DeliveryQuery } from '#src/wechat-simulator/deliveries.ts';
import type { FaultSpec } from '#src/wechat-simulator/faults.ts';
import { finishJob } from '#src/wechat-simulator/mass-jobs.ts';
import { addSeedAccount, demoSeed, type SeedAccount, type SeedSpec } from '#src/wechat-simulator/seed.ts';
import { DEFAULT_CONFIG, type SimConfig } from '#src/wechat-simulator/config.ts';
import { SimState, type AccountState, type CallbackAttempt } from '#src/wechat-simulator/state.ts';
import type { NewsArticle } from '#src/wechat/types.ts';

/** `POST /_sim/clock` body: apply `freeze`, then `set`, then `advance`/`advanceMs`. */
export interface ClockChange {
  /** ISO date-time or epoch ms. */
  set?: string | number;
  /** Milliseconds to move forward. */
  advanceMs?: number;
  /** ISO-8601 duration to move forward (`PT1H`, `P1D`). */
  advance?: string;
  freeze?: boolean;
}

export interface ClockInfo {
  now: string;
  epochMs: number;
  frozen: boolean;
  /** Beijing wall time, `yyyy-MM-dd HH:mm:ss`. */
  beijing: string;
}

/** A material edit: replace all articles, or patch fields of article `index` (0-based, default 0). */
export type MaterialEdit = { articles: NewsArticle[] } | ({ index?: number } & Partial<NewsArticle>);

/** The control operations behind `/_sim/…`, also usable in-process through the simulator handle. */
export class SimControl {
  constructor(
    protected readonly ctx: SimContext,
    private readonly baseConfig: SimConfig,
  ) {}

  get state(): SimState {
    return this.ctx.state;
  }

  /** Drops all state (accounts, tokens, jobs, logs, faults) and seeds anew; `clock` resets the clock. */
  reset(seed?: SeedSpec | 'demo', clock?: string | number): { accounts: ReturnType<SimControl['accountSummary']>[] } {
    this.ctx.scheduler.clear();
    this.ctx.faults.clear();
    this.ctx.state = new SimState({ ...this.baseConfig });
    if (clock !== undefined) this.ctx.clock.set(toMs(clock));
    const spec = seed === 'demo' ? demoSeed : seed;
    for (const account of spec?.accounts ?? []) this.addAccount(account);
    return { accounts: this.accounts() };
  }

  addAccount(spec: SeedAccount) {
    if (!spec || typeof spec.appId !== 'string' || typeof spec.secret !== 'string' || (spec.type !== 'SERVICE' && spec.type !== 'SUBSCRIPTION')) {
      throw new Error('account needs appId, secret and type SERVICE|SUBSCRIPTION');
    }
    return this.accountSummary(addSeedAccount(this.ctx.state, spec, this.ctx.clock.now()));
  }

  accounts() {
    return [...this.ctx.state.accounts.values()].map((a) => this.accountSummary(a));
  }

  private accountSummary(a: AccountState) {
    return {
      appId: a.appId,
      // The simulator's accounts are fake; demo mode needs the secret to bind the account.
      secret: a.secret,
      type: a.type,
      name: a.name,
      ghId: a.ghId,
      verified: a.verified,
      followers: a.followers.total,
      callbackToken: a.callbackToken,
      encodingAesKey: a.encodingAesKey ?? null,
      callbackUrl: a.callbackUrl ?? null,
      materials: a.news.size,
      drafts: a.drafts.size,
      cards: a.cards.size,
    };
  }

  clock(): ClockInfo {
    const ms = this.ctx.clock.now();
    return { now: new Date(ms).toISOString(), epochMs: ms, frozen: this.ctx.clock.frozen, beijing: beijing(ms).toFormat('yyyy-MM-dd HH:mm:ss') };
  }

  /** Moves the clock; jobs that fall due are finished before this returns. */
  setClock(change: ClockChange): ClockInfo {
    const clock = this.ctx.clock;
    if (change.freeze !== undefined) clock.freeze(change.freeze);
    if (change.set !== undefined) clock.set(toMs(change.set));
    let advance = change.advanceMs ?? 0;
    if (change.advance) {
      const duration = Duration.fromISO(change.advance);
      if (!duration.isValid) throw new Error(`bad ISO duration ${change.advance}`);
      advance += duration.toMillis();
    }
    if (advance) clock.advance(advance);
    return this.clock();
  }

  addFault(spec: FaultSpec) {
    return this.ctx.faults.add(spec);
  }

  faults() {
    return this.ctx.faults.list();
  }

  removeFault(id: number): boolean {
    return this.ctx.faults.remove(id);
  }

  /** Lets the requests a `hold` fault holds proceed (and removes the fault). */
  releaseFault(id: number): boolean {
    return this.ctx.faults.release(id);
  }

  /** Resolves once a `hold` fault holds `count` requests (in-process; over HTTP, poll `held`). */
  whenHeld(id: number, count = 1): Promise<void> {
    return this.ctx.faults.whenHeld(id, count);
  }

  clearFaults(): void {
    this.ctx.faults.clear();
  }

  deliveries(query: DeliveryQuery = {}) {
    return queryDeliveries(this.ctx.state, query);
  }

  /** Sets one account's callback URL, or (without appid) the default for all accounts; null clears. */
  setCallbackUrl(url: string | null, appid?: string): void {
    if (url !== null) new URL(url);
    if (appid === undefined) this.ctx.state.globalCallbackUrl = url ?? undefined;
    else this.account(appid).callbackUrl = url ?? undefined;
  }

  callbacks(query: { appid?: string; msgId?: number } = {}): CallbackAttempt[] {
    return this.ctx.state.callbackLog.filter((c) => (!query.appid || c.appId === query.appid) && (query.msgId === undefined || c.msgId === query.msgId));
  }

  /** Resolves when queued callback pushes are done (succeeded or out of attempts). */
  idle(): Promise<void> {
    return this.ctx.callbacks.idle();
  }

  stats(): { accounts: Record<string, AccountStatsView> } {
    return accountStats(this.ctx.state);
  }

  /**
   * Edits a permanent news material or a draft as if in WeChat's backend; its update_time moves
   * to now. Draft articles take the same fields (a `show_cover_pic` given for a draft is kept).
   */
  editMaterial(mediaId: string, edit: MaterialEdit) {
    for (const account of this.ctx.state.accounts.values()) {
      const material = account.news.get(mediaId) ?? account.drafts.get(mediaId);
      if (!material) continue;
      const articles = material.articles as NewsArticle[];
      if ('articles' in edit && Array.isArray(edit.articles)) material.articles = edit.articles.map((a) => ({ ...a }));
      else {
        const { index = 0, ...patch } = edit as { index?: number } & Partial<NewsArticle>;
        const article = articles[index];
        if (!article) throw new Error(`material ${mediaId} has no article ${index}`);
        articles[index] = { ...article, ...patch };
      }
      material.updateTime = this.ctx.clock.nowSeconds();
      return { mediaId, updateTime: material.updateTime, articles: material.articles };
    }
    throw new Error(`no material ${mediaId}`);
  }

  /** Deletes a draft or a permanent news material, as if in WeChat's backend. */
  removeMaterial(mediaId: string): { mediaId: string; appId: string } {
    for (const account of this.ctx.state.accounts.values()) {
      if (account.drafts.delete(mediaId) || account.news.delete(mediaId)) return { mediaId, appId: account.appId };
    }
    throw new Error(`no material ${mediaId}`);
  }

  /** Deletes a card from its account's card library, as if in WeChat's backend. */
  removeCard(cardId: string): { cardId: string; appId: string } {
    for (const account of this.ctx.state.accounts.values()) {
      if (account.cards.delete(cardId)) return { cardId, appId: account.appId };
    }
    throw new Error(`no card ${cardId}`);
  }

  /** Follows (openid optional: a new follower is generated) or unfollows. */
  followers(appid: string, action: 'follow' | 'unfollow', openid?: string) {
    const store = this.account(appid).followers;
    if (action === 'follow') return { openid: store.follow(openid, this.ctx.clock.nowSeconds()), subscribe: 1, total: store.total };
    if (!openid) throw new Error('unfollow needs an openid');
    return { openid, subscribe: 0, changed: store.unfollow(openid), total: store.total };
  }

  jobs(appid?: string) {
    return [...this.ctx.state.jobs.values()]
      .filter((j) => !appid || j.appId === appid)
      .map(({ delivered: _delivered, articles, payload, ...job }) => ({ ...job, articleCount: articles.length, articleUrls: articles.map((a) => a.url), payload }));
  }

  /** Finishes a SENDING job now, optionally with a forced status (`send fail`, `err(30003)`). */
  finishJob(msgId: number, status?: string) {
    const job = this.ctx.state.jobs.get(msgId);
    if (!job) throw new Error(`no job ${msgId}`);
    if (job.status !== 'SENDING') throw new Error(`job ${msgId} is ${job.status}`);
    finishJob(this.ctx, job, status ?? 'send success', this.ctx.clock.now());
    return { msgId, status: job.status, statusText: job.statusText };
  }

  /** Adds a user comment to a sent article (msg_data_id, 0-based index). */
  addComment(input: { appid?: string; msgDataId: number; index?: number; openid?: string; content: string }) {
    const job = this.ctx.state.jobsByDataId.get(Number(input.msgDataId));
    const article = job?.articles[input.index ?? 0];
    if (!job || !article || (input.appid && job.appId !== input.appid)) throw new Error('no such article');
    const userCommentId = article.comments.reduce((m, c) => Math.max(m, c.userCommentId), 0) + 1;
    article.comments.push({ userCommentId, openid: input.openid, createTime: this.ctx.clock.nowSeconds(), content: input.content, elected: false, deleted: false });
    return { userCommentId };
  }

  /** Changes runtime knobs (job duration, callback timeout/retry delay, quotas) and behaviour switches. */
  configure(patch: Partial<SimConfig>): SimConfig {
    const unknown = Object.keys(patch).filter((key) => !(key in DEFAULT_CONFIG));
    if (unknown.length) throw new Error(`unknown config ${unknown.join(', ')}`);
    Object.assign(this.ctx.state.config, patch);
    Object.assign(this.baseConfig, patch);
    return { ...this.ctx.state.config };
  }

  /** Tags, follower flags, originality verdicts and read statistics for the sending engine's tests. */
  get sending(): SendingControl {
    return new SendingControl(this.ctx);
  }

  private account(appid: string): AccountState {
    const account = this.ctx.state.account(appid);
    if (!account) throw new Error(`no account ${appid}`);
    return account;
  }
}

function toMs(value: string | number): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`bad time ${value}`);
  return ms;
}
