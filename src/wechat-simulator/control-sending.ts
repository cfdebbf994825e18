import type { SimContext } from '#src/wechat-simulator/context.ts';
import { readCopyrightRule, type CopyrightRule } from '#src/wechat-simulator/copyright.ts';
import { readStatsOverride, type ReadStatsOverride } from '#src/wechat-simulator/read-stats.ts';
import { bumpDaily, type AccountState } from '#src/wechat-simulator/state.ts';
import { beijingDay, beijingMonth } from '#src/wechat-simulator/clock.ts';
import { IndexCounter } from '#src/wechat-simulator/recipients.ts';

/** `POST /_sim/follower-flags` body: flags set (true) or cleared (false) for these followers. */
export interface FollowerFlags {
  appid: string;
  openids: string[];
  /** The follower turned off "receive messages": filtered out of mass sends (not in FilterCount). */
  messagesOff?: boolean;
  /** Deliveries to the follower fail: in FilterCount, counted in ErrorCount, not delivered. */
  failDelivery?: boolean;
}

/**
 * `POST /_sim/quota-used` body: quota taken by sends made outside the client under test (the
 * WeChat backend, another tool), at the simulator's clock. Counts only grow.
 */
export interface QuotaUse {
  appid: string;
  /** Successful sendalls made this Beijing day: a subscription account's second one is 45028. */
  sendallsToday?: number;
  /** Followers who already received `count` mass messages this Beijing month: a service account's are filtered out at 4. */
  monthlyReceived?: { openids: string[]; count: number };
}

/** `POST /_sim/read-stats` body: the article by `msgid` (`<msg_data_id>_<idx>`) or by title. */
export interface ReadStatsInput extends ReadStatsOverride {
  appid?: string;
  msgid?: string;
  title?: string;
}

/** The control operations the sending engine's tests need. */
export class SendingControl {
  constructor(private readonly ctx: SimContext) {}

  followerFlags(input: FollowerFlags): { messagesOff: number; failingDelivery: number } {
    const account = this.account(input.appid);
    if (!Array.isArray(input.openids) || input.openids.some((o) => typeof o !== 'string')) throw new Error('openids must be a list of strings');
    const apply = (set: Set<string>, on: boolean | undefined) => {
      if (on === undefined) return;
      for (const openid of input.openids) if (on) set.add(openid); else set.delete(openid);
    };
    apply(account.messagesOff, input.messagesOff);
    apply(account.failingDelivery, input.failDelivery);
    return { messagesOff: account.messagesOff.size, failingDelivery: account.failingDelivery.size };
  }

  /** Takes quota as sends made outside the client would have; returns the day's sendalls and the followers raised. */
  useQuota(input: QuotaUse): { sendallsToday: number; followersRaised: number } {
    const account = this.account(input.appid);
    const now = this.ctx.clock.now();
    const dayKey = `sendall-success:${beijingDay(now)}`;
    const today = account.daily.get(dayKey) ?? 0;
    if (input.sendallsToday !== undefined) {
      if (!Number.isInteger(input.sendallsToday) || input.sendallsToday < 0) throw new Error('sendallsToday must be a non-negative integer');
      if (input.sendallsToday > today) bumpDaily(account, dayKey, input.sendallsToday - today);
    }
    let followersRaised = 0;
    const received = input.monthlyReceived;
    if (received) {
      if (!Array.isArray(received.openids) || received.openids.some((o) => typeof o !== 'string')) throw new Error('monthlyReceived.openids must be a list of strings');
      if (!Number.isInteger(received.count) || received.count < 0 || received.count > 255) throw new Error('monthlyReceived.count must be an integer from 0 to 255');
      const month = beijingMonth(now);
      const counter = account.monthCounts.get(month) ?? new IndexCounter();
      account.monthCounts.set(month, counter);
      for (const openid of received.openids) {
        const index = account.followers.indexOf(openid);
        const get = () => (index === undefined ? counter.getOther(openid) : counter.getIndex(index));
        if (get() < received.count) followersRaised++;
        while (get() < received.count) {
          if (index === undefined) counter.incOther(openid);
          else counter.incIndex(index);
        }
      }
    }
    return { sendallsToday: account.daily.get(dayKey) ?? 0, followersRaised };
  }

  /** Adds an originality verdict for articles of a title, applied to jobs submitted from now on. */
  addCopyrightRule(body: Record<string, unknown>): CopyrightRule {
    const rule = readCopyrightRule(body);
    this.ctx.state.copyrightRules.push(rule);
    return rule;
  }

  clearCopyrightRules(): void {
    this.ctx.state.copyrightRules.length = 0;
  }

  /**
   * Sets an article's read statistics: by msgid on that sent article; by title on every sent
   * article of that title and on those sent later. Returns how many sent articles changed.
   */
  setReadStats(input: ReadStatsInput): { articles: number } {
    const stats = readStatsOverride(input as unknown as Record<string, unknown>);
    if (!input.msgid && !input.title) throw new Error('read stats need a msgid or a title');
    let articles = 0;
    for (const job of this.ctx.state.jobs.values()) {
      if (input.appid && job.appId !== input.appid) continue;
      job.articles.forEach((a, i) => {
        const matches = input.msgid ? input.msgid === `${job.msgDataId}_${i + 1}` : a.article.title === input.title;
        if (!matches) return;
        a.readStats = stats;
        articles++;
      });
    }
    if (input.title) this.ctx.state.readStatsByTitle.set(input.title, stats);
    else if (!articles) throw new Error(`no sent article ${input.msgid}`);
    return { articles };
  }

  private account(appid: string): AccountState {
    const account = this.ctx.state.account(appid);
    if (!account) throw new Error(`no account ${appid}`);
    return account;
  }
}
