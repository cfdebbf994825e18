import { tempArticleUrl } from '#src/wechat-simulator/content.ts';
import { fail } from '#src/wechat-simulator/errors.ts';
import { intField, type RouteRequest, type RouteTable } from '#src/wechat-simulator/router.ts';
import type { AccountState, DraftArticle } from '#src/wechat-simulator/state.ts';
import type { DraftArticleInput } from '#src/wechat/types.ts';

const MAX_ARTICLES = 8;
const PAGE_MAX = 20;

/**
 * Validates one draft article: title ≤32 (45003), author ≤16 (45110), digest ≤128 (45004),
 * content < 20,000 chars (45002); news articles need an existing permanent image as thumb (40007).
 */
function toDraftArticle(account: AccountState, input: unknown, seed: string, single: boolean): DraftArticle {
  if (!input || typeof input !== 'object') fail(47001);
  const a = input as Partial<DraftArticleInput>;
  const type = a.article_type ?? 'news';
  if (typeof a.title !== 'string' || !a.title) fail(47001);
  if ([...a.title].length > 32) fail(45003);
  if (a.author !== undefined && [...String(a.author)].length > 16) fail(45110);
  if (a.digest !== undefined && [...String(a.digest)].length > 128) fail(45004);
  if (typeof a.content !== 'string' || !a.content) fail(47001);
  if (a.content.length >= 20_000) fail(45002);
  const thumb = typeof a.thumb_media_id === 'string' ? account.files.get(a.thumb_media_id) : undefined;
  if (type === 'news' && (!thumb || (thumb.type !== 'image' && thumb.type !== 'thumb'))) fail(40007);
  // The digest defaults to the first 54 characters of the text, for single-article drafts only.
  const text = a.content.replace(/<[^>]*>/g, '').trim();
  const digest = a.digest ?? (single ? [...text].slice(0, 54).join('') : '');
  return {
    ...a,
    article_type: type,
    title: a.title,
    author: a.author ?? '',
    digest,
    content: a.content,
    content_source_url: a.content_source_url ?? '',
    thumb_media_id: a.thumb_media_id ?? '',
    need_open_comment: a.need_open_comment ?? 0,
    only_fans_can_comment: a.only_fans_can_comment ?? 0,
    url: tempArticleUrl(seed),
    ...(thumb?.url ? { thumb_url: thumb.url } : {}),
  };
}

function add({ sim, account, json, now }: RouteRequest) {
  const articles = json().articles;
  if (!Array.isArray(articles) || articles.length === 0 || articles.length > MAX_ARTICLES) fail(47001);
  const mediaId = sim.state.nextMediaId(account.appId);
  const time = Math.floor(now / 1000);
  const list = articles.map((a, i) => toDraftArticle(account, a, `${mediaId}:${i}`, articles.length === 1));
  account.drafts.set(mediaId, { mediaId, articles: list, createTime: time, updateTime: time });
  return { media_id: mediaId };
}

function draftOf(account: AccountState, id: unknown) {
  const draft = typeof id === 'string' ? account.drafts.get(id) : undefined;
  if (!draft) fail(40007);
  return draft;
}

function get({ account, json }: RouteRequest) {
  return { news_item: draftOf(account, json().media_id).articles.map((a) => ({ ...a })) };
}

function update({ account, json, now }: RouteRequest) {
  const body = json();
  const draft = draftOf(account, body.media_id);
  const index = intField(body, 'index', 40114);
  if (index >= draft.articles.length) fail(40114);
  draft.articles[index] = toDraftArticle(account, body.articles, `${draft.mediaId}:${index}:${now}`, draft.articles.length === 1);
  draft.updateTime = Math.floor(now / 1000);
  return { errcode: 0, errmsg: 'ok' };
}

function remove({ account, json }: RouteRequest) {
  draftOf(account, json().media_id);
  account.drafts.delete(json().media_id as string);
  return { errcode: 0, errmsg: 'ok' };
}

function batchGet({ account, json }: RouteRequest) {
  const body = json();
  const offset = intField(body, 'offset', 47001, 0);
  const count = intField(body, 'count', 47001);
  if (count < 1 || count > PAGE_MAX) fail(47001);
  const noContent = body.no_content === 1;
  const all = [...account.drafts.values()].sort((a, b) => b.updateTime - a.updateTime);
  const item = all.slice(offset, offset + count).map((d) => ({
    media_id: d.mediaId,
    content: { news_item: d.articles.map(({ content, ...rest }) => (noContent ? rest : { ...rest, content })), create_time: d.createTime, update_time: d.updateTime },
    update_time: d.updateTime,
  }));
  return { total_count: all.length, item_count: item.length, item };
}

/** The draft box (草稿箱). */
export function draftRoutes(): RouteTable {
  return {
    '/cgi-bin/draft/add': { method: 'POST', auth: true, handle: add },
    '/cgi-bin/draft/get': { method: 'POST', auth: true, handle: get },
    '/cgi-bin/draft/update': { method: 'POST', auth: true, handle: update },
    '/cgi-bin/draft/delete': { method: 'POST', auth: true, handle: remove },
    '/cgi-bin/draft/batchget': { method: 'POST', auth: true, handle: batchGet },
    '/cgi-bin/draft/count': { method: 'GET', auth: true, handle: ({ account }) => ({ total_count: account.drafts.size }) },
  };
}
