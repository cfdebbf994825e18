import { decodeId, encodeId, hashChars, hashString, tagOf, unit } from '#src/wechat-simulator/ids.ts';
import { RecipientList } from '#src/wechat-simulator/recipients.ts';
import type { Tag, UserInfo } from '#src/wechat/types.ts';

/** How `user/get` ends a listing: empty next_openid (doc example) or a `count: 0` page (observed). */
export type UserGetEndStyle = 'count-zero' | 'empty-next';

export interface FollowerOptions {
  appId: string;
  /** Seeded followers: indices 0..followers-1, in follow order. */
  followers: number;
  /** Seeded former followers: indices followers..followers+unsubscribed-1 (subscribe 0). */
  unsubscribed: number;
  openPlatform?: string;
  /** Follower i is person i+personOffset on the open platform (shared unionid). */
  personOffset: number;
  /** Subscribe time of follower 0; later followers subscribed later. */
  epochMs: number;
  endStyle: UserGetEndStyle;
}

interface TagRule {
  id: number;
  name: string;
  /** Members are seeded indices i with i % every === offset; every 0 = no seeded members. */
  every: number;
  offset: number;
}

const TAG_RULES: TagRule[] = [
  { id: 2, name: '星标组', every: 0, offset: 0 },
  { id: 100, name: '高价值客户', every: 10, offset: 0 },
  { id: 101, name: '北京', every: 7, offset: 3 },
  { id: 102, name: '上海', every: 9, offset: 5 },
];
/** Seeded indices the account has blacklisted; they never receive mass messages. */
const BLACKLIST_EVERY = 5000;
const SCENES = ['ADD_SCENE_QR_CODE', 'ADD_SCENE_SEARCH', 'ADD_SCENE_PROFILE_CARD', 'ADD_SCENE_ACCOUNT_MIGRATION', 'ADD_SCENE_OTHERS'];
export const PAGE_SIZE = 10_000;

/**
 * The followers of one account, generated lazily: openid = f(account, index), decodable back to
 * the index, so listings are O(page) and 1,000,000 followers cost a few counters. Only changes
 * (unfollows, new follows) are stored.
 */
export class FollowerStore {
  private readonly tag: string;
  private readonly salt: number;
  private readonly removed = new Set<number>();
  /** Followers added after seeding, in follow order; value = subscribe time (s) or null once gone. */
  private readonly extras = new Map<string, number | null>();
  private readonly extraOrder: string[] = [];
  private nextFresh: number;

  constructor(readonly options: FollowerOptions) {
    this.tag = tagOf(options.appId);
    this.salt = hashString(`openid:${options.appId}`);
    this.nextFresh = options.followers + options.unsubscribed;
  }

  openidAt(index: number): string {
    return encodeId('o', this.tag, this.salt, index);
  }

  /** The index behind an openid of this account, or undefined for a foreign/arbitrary string. */
  indexOf(openid: string): number | undefined {
    return decodeId('o', this.tag, this.salt, openid);
  }

  get total(): number {
    let extras = 0;
    for (const v of this.extras.values()) if (v !== null) extras++;
    return this.options.followers - this.removed.size + extras;
  }

  isFollowerIndex(index: number): boolean {
    if (index < this.options.followers) return !this.removed.has(index);
    return this.extras.get(this.openidAt(index)) != null;
  }

  isFollower(openid: string): boolean {
    const index = this.indexOf(openid);
    if (index !== undefined && index < this.options.followers) return !this.removed.has(index);
    return this.extras.get(openid) != null;
  }

  /** Whether the openid ever belonged to this account (current or former follower). */
  knows(openid: string): boolean {
    const index = this.indexOf(openid);
    if (index !== undefined && index < this.options.followers + this.options.unsubscribed) return true;
    return this.extras.has(openid);
  }

  /** One `user/get` page after `nextOpenid` ('' = from the start); undefined for an unknown openid. */
  page(nextOpenid: string, size = PAGE_SIZE): { openids: string[]; next: string } | undefined {
    const { followers } = this.options;
    let seededFrom = 0;
    let extraFrom = 0;
    if (nextOpenid) {
      const index = this.indexOf(nextOpenid);
      if (index !== undefined && index < followers) seededFrom = index + 1;
      else {
        const pos = this.extraOrder.indexOf(nextOpenid);
        if (pos < 0) return undefined;
        seededFrom = followers;
        extraFrom = pos + 1;
      }
    }
    const openids: string[] = [];
    let i = seededFrom;
    for (; i < followers && openids.length < size; i++) if (!this.removed.has(i)) openids.push(this.openidAt(i));
    let p = extraFrom;
    for (; p < this.extraOrder.length && openids.length < size; p++) {
      const id = this.extraOrder[p]!;
      if (this.extras.get(id) != null) openids.push(id);
    }
    const last = openids[openids.length - 1] ?? '';
    if (this.options.endStyle === 'count-zero') return { openids, next: last };
    return { openids, next: this.hasActiveFrom(i, p) ? last : '' };
  }

  private hasActiveFrom(seeded: number, extra: number): boolean {
    for (let i = seeded; i < this.options.followers; i++) if (!this.removed.has(i)) return true;
    for (let p = extra; p < this.extraOrder.length; p++) if (this.extras.get(this.extraOrder[p]!) != null) return true;
    return false;
  }

  /** Follows (or re-follows) an openid; without one, a new follower is generated. */
  follow(openid: string | undefined, nowSeconds: number): string {
    const id = openid ?? this.openidAt(this.nextFresh++);
    const index = this.indexOf(id);
    if (index !== undefined && index < this.options.followers) {
      this.removed.delete(index);
      return id;
    }
    if (this.extras.get(id) != null) return id;
    if (!this.extras.has(id)) this.extraOrder.push(id);
    this.extras.set(id, nowSeconds);
    return id;
  }

  /** Unfollows; false when the openid was not following. */
  unfollow(openid: string): boolean {
    if (!this.isFollower(openid)) return false;
    const index = this.indexOf(openid);
    if (index !== undefined && index < this.options.followers) this.removed.add(index);
    else this.extras.set(openid, null);
    return true;
  }

  /** `user/info` fields; unsubscribed users get only openid (+unionid). Undefined if unknown. */
  info(openid: string, lang = 'zh_CN'): UserInfo | undefined {
    if (!this.knows(openid)) return undefined;
    const index = this.indexOf(openid);
    const unionid = this.unionidOf(openid, index);
    if (!this.isFollower(openid)) return { subscribe: 0, openid, ...(unionid ? { unionid } : {}) };
    const seeded = index !== undefined && index < this.options.followers;
    const subscribeTime = seeded ? this.seededSubscribeTime(index) : (this.extras.get(openid) ?? 0);
    const r = unit(this.salt, index ?? hashString(openid));
    const tagIds = index === undefined ? [] : this.tagIdsOf(index);
    return {
      subscribe: 1,
      openid,
      language: r < 0.9 ? lang : r < 0.95 ? 'en' : 'zh_TW',
      subscribe_time: subscribeTime,
      ...(unionid ? { unionid } : {}),
      remark: '',
      groupid: tagIds[0] ?? 0,
      tagid_list: tagIds,
      subscribe_scene: SCENES[Math.floor(r * 1000) % SCENES.length]!,
      qr_scene: 0,
      qr_scene_str: '',
    };
  }

  private seededSubscribeTime(index: number): number {
    return Math.floor((this.options.epochMs + index * 60_000) / 1000);
  }

  private unionidOf(openid: string, index: number | undefined): string | undefined {
    const platform = this.options.openPlatform;
    if (!platform) return undefined;
    if (index === undefined) return `o${tagOf(platform, 5)}${hashChars(hashString(openid), 1, 22)}`;
    return encodeId('o', tagOf(platform, 5), hashString(`unionid:${platform}`), index + this.options.personOffset);
  }

  private inSeed(index: number) {
    return index < this.options.followers + this.options.unsubscribed;
  }

  tagIdsOf(index: number): number[] {
    if (!this.inSeed(index)) return [];
    return TAG_RULES.filter((t) => t.every > 0 && index % t.every === t.offset).map((t) => t.id);
  }

  isBlacklisted(index: number | undefined): boolean {
    return index !== undefined && this.inSeed(index) && index % BLACKLIST_EVERY === BLACKLIST_EVERY - 1;
  }

  hasTag(tagId: number): boolean {
    return TAG_RULES.some((t) => t.id === tagId);
  }

  /** The seeded tags' ids and names, without counting members. */
  tagNames(): { id: number; name: string }[] {
    return TAG_RULES.map(({ id, name }) => ({ id, name }));
  }

  /** `tags/get`: the tag list with current follower counts. */
  tags(): Tag[] {
    return TAG_RULES.map((t) => ({ id: t.id, name: t.name, count: t.every ? this.members(t.id).size : 0 }));
  }

  /** Current followers, all or those under a tag, as a compact recipient list. */
  members(tagId?: number): RecipientList {
    const rule = tagId === undefined ? undefined : TAG_RULES.find((t) => t.id === tagId);
    if (tagId !== undefined && (!rule || rule.every === 0)) return RecipientList.empty();
    const step = rule?.every ?? 1;
    const out: number[] = [];
    for (let i = rule?.offset ?? 0; i < this.options.followers; i += step) if (!this.removed.has(i)) out.push(i);
    const others: string[] = [];
    for (const [id, since] of this.extras) {
      if (since === null) continue;
      const index = this.indexOf(id);
      if (index === undefined) {
        if (!rule) others.push(id);
      } else if (!rule || this.tagIdsOf(index).includes(rule.id)) out.push(index);
    }
    return RecipientList.from(out, others);
  }

  /** `tags/members/getblacklist`: blacklisted followers after `begin` ('' = start). */
  blacklist(begin: string): { openids: string[]; total: number } | undefined {
    let from = 0;
    if (begin) {
      const index = this.indexOf(begin);
      if (index === undefined) return undefined;
      from = index + 1;
    }
    const all: string[] = [];
    const end = this.options.followers + this.options.unsubscribed;
    for (let i = BLACKLIST_EVERY - 1; i < end; i += BLACKLIST_EVERY) all.push(this.openidAt(i));
    return { openids: all.filter((id) => this.indexOf(id)! >= from).slice(0, PAGE_SIZE), total: all.length };
  }
}
