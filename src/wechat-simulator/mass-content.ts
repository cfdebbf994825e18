import { fail } from '#src/wechat-simulator/errors.ts';
import type { AccountState, DraftArticle, SimState } from '#src/wechat-simulator/state.ts';
import type { MassMsgType, NewsArticle } from '#src/wechat/types.ts';

const MSGTYPES: readonly MassMsgType[] = ['mpnews', 'text', 'voice', 'image', 'mpvideo', 'wxcard'];
const MAX_IMAGES = 20;

/** A message shape that passed the msgtype/object check. */
export interface MessageShape {
  msgtype: MassMsgType;
  payload: Record<string, unknown>;
}

/**
 * Checks that `msgtype` is known (45162) and its object is present (40008). The image msgtype
 * carries the multi-image `images` object, or the legacy single `image` (preview only uses that).
 */
export function readShape(body: Record<string, unknown>, preview = false): MessageShape {
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || !(MSGTYPES as readonly string[]).includes(msgtype)) fail(typeof msgtype === 'string' ? 45162 : 40008);
  const type = msgtype as MassMsgType;
  let key: string = type;
  if (type === 'image') key = !preview && body.images ? 'images' : 'image';
  const payload = body[key];
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) fail(40008);
  return { msgtype: type, payload: { ...(payload as Record<string, unknown>), ...(key === 'images' ? { form: 'images' } : {}) } };
}

/** The resolved content of a send: the draft's articles for mpnews. */
export interface ResolvedContent {
  articles?: NewsArticle[];
  draftMediaId?: string;
}

function liveMedia(account: AccountState, id: unknown, types: string[], nowSeconds: number): boolean {
  if (typeof id !== 'string') return false;
  const file = account.files.get(id) ?? account.temp.get(id);
  if (!file || !types.includes(file.type)) return false;
  return file.expiresAt === undefined || file.expiresAt > nowSeconds;
}

/**
 * Resolves media and validates content as sendall/send do: mpnews needs a draft media_id (or a
 * permanent news id when `acceptMaterialMpnews`), other media must exist and be unexpired
 * (40007), images 1..20 (40215), text links only to mp.weixin.qq.com (40066).
 */
export function resolveContent(state: SimState, account: AccountState, shape: MessageShape, now: number): ResolvedContent {
  const p = shape.payload;
  const nowSeconds = Math.floor(now / 1000);
  switch (shape.msgtype) {
    case 'mpnews': {
      const draft = typeof p.media_id === 'string' ? account.drafts.get(p.media_id) : undefined;
      if (draft) return { articles: draft.articles.map(draftToArticle), draftMediaId: draft.mediaId };
      const news = typeof p.media_id === 'string' && state.config.acceptMaterialMpnews ? account.news.get(p.media_id) : undefined;
      if (news) return { articles: news.articles.map((a) => ({ ...a })) };
      return fail(40007);
    }
    case 'text':
      if (typeof p.content !== 'string' || !p.content) fail(40008);
      checkLinks(account, p.content);
      return {};
    case 'voice':
      if (!liveMedia(account, p.media_id, ['voice'], nowSeconds)) fail(40007);
      return {};
    case 'mpvideo':
      if (!liveMedia(account, p.media_id, ['video'], nowSeconds)) fail(40007);
      return {};
    case 'image': {
      const ids = p.form === 'images' ? p.media_ids : [p.media_id];
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IMAGES) fail(40215);
      for (const id of ids) if (!liveMedia(account, id, ['image', 'thumb'], nowSeconds)) fail(40007);
      return {};
    }
    case 'wxcard':
      if (typeof p.card_id !== 'string' || !account.cards.has(p.card_id)) fail(40073);
      return {};
  }
}

function draftToArticle(a: DraftArticle): NewsArticle {
  return {
    title: a.title,
    author: a.author ?? '',
    digest: a.digest ?? '',
    content: a.content,
    content_source_url: a.content_source_url ?? '',
    thumb_media_id: a.thumb_media_id ?? '',
    show_cover_pic: 0,
    url: a.url,
    thumb_url: a.thumb_url,
    need_open_comment: a.need_open_comment ?? 0,
    only_fans_can_comment: a.only_fans_can_comment ?? 0,
  };
}

const ANCHOR = /<a\b([^>]*)>/gi;
const attribute = (attrs: string, name: string) => new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);

/**
 * Text links: any `<a href>` off mp.weixin.qq.com is 40066. A mini program link's href is only
 * the fallback for old clients, so it is exempt; its appid must be linked (45086) when the
 * account declares its linked mini programs.
 */
export function checkLinks(account: AccountState, content: string): void {
  for (const match of content.matchAll(ANCHOR)) {
    const attrs = match[1] ?? '';
    const mini = attribute(attrs, 'data-miniprogram-appid');
    if (mini) {
      const appId = mini[1] ?? mini[2] ?? mini[3] ?? '';
      if (account.miniProgramAppIds && !account.miniProgramAppIds.includes(appId)) fail(45086);
      continue;
    }
    const href = attribute(attrs, 'href');
    if (!href) continue;
    let host = '';
    try {
      host = new URL(href[1] ?? href[2] ?? href[3] ?? '').hostname;
    } catch {
      fail(40066);
    }
    if (host !== 'mp.weixin.qq.com') fail(40066);
  }
}
