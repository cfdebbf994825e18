import type { Prisma } from '#src/generated/prisma/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import { ContentError } from '#src/authoring/errors.ts';
import { isWeChatArticleLink, linksOfText } from '#src/authoring/text-links.ts';
import { isUuid } from '#src/services/unique.ts';

/** One article of a news composition: an article of a draft material, optionally with another cover. */
export interface NewsArticleInput {
  /** The material the article comes from (default: the composition's material). */
  materialId?: string;
  /** Its position in that material, from 0. */
  index: number;
  /** An uploaded MATERIAL image to use as its cover instead of the article's own. */
  coverImageId?: string;
}

/** A news message: a draft material, its articles as given (order, additions, removals, covers). */
export interface NewsInput {
  materialId: string;
  /** Omitted: every article of the material, in its order, with its own covers. */
  articles?: NewsArticleInput[];
}

export type ContentKind = 'NEWS' | 'TEXT' | 'IMAGE' | 'CARD';

/** The content of a task as the caller gives it; exactly the field of its kind is read. */
export interface ContentInput {
  kind: ContentKind;
  news?: NewsInput;
  text?: string;
  imageId?: string;
  cardId?: string;
}

/** How content is stored (ids only: the sending engine resolves media ids when it sends). */
export type StoredContent =
  | { kind: 'NEWS'; news: { materialId: string; articles: { materialId: string; index: number; coverImageId: string | null }[] } | null }
  | { kind: 'TEXT'; text: string }
  | { kind: 'IMAGE'; imageId: string | null }
  | { kind: 'CARD'; cardId: string | null };

/** WeChat's limit of articles in one news message. */
export const MAX_NEWS_ARTICLES = 8;

/** Normalises content for storage; nothing is checked here (drafts keep what they were given). */
export function storedContent(input: ContentInput): StoredContent {
  switch (input.kind) {
    case 'NEWS':
      return { kind: 'NEWS', news: input.news ? storedNews(input.news) : null };
    case 'TEXT':
      return { kind: 'TEXT', text: input.text ?? '' };
    case 'IMAGE':
      return { kind: 'IMAGE', imageId: input.imageId ?? null };
    case 'CARD':
      return { kind: 'CARD', cardId: input.cardId ?? null };
  }
}

export function storedNews(news: NewsInput) {
  return {
    materialId: news.materialId,
    articles: (news.articles ?? []).map((article) => ({
      materialId: article.materialId ?? news.materialId,
      index: article.index,
      coverImageId: article.coverImageId ?? null,
    })),
  };
}

/**
 * Checks content against what WeChat accepts for a mass send of the account, throwing a
 * ContentError that names the offending field under `path`.
 */
export async function checkContent(db: ScopedDb, accountId: string, content: StoredContent, path: string[]): Promise<void> {
  switch (content.kind) {
    case 'NEWS':
      if (!content.news) throw new ContentError([...path, 'news'], 'EMPTY', 'a news message needs a material');
      return checkNews(db, accountId, content.news, [...path, 'news']);
    case 'TEXT':
      return checkText(db, content.text, [...path, 'text']);
    case 'IMAGE':
      return checkImage(db, accountId, content.imageId, [...path, 'imageId']);
    case 'CARD':
      return checkCard(db, accountId, content.cardId, [...path, 'cardId']);
  }
}

type StoredNews = NonNullable<Extract<StoredContent, { kind: 'NEWS' }>['news']>;

/**
 * Whether news was changed in wxcast (articles reordered, replaced, added, removed, other covers),
 * given how many articles its material has: such a composition is no draft in WeChat yet, and
 * mpnews sends only drafts. Articles removed from the end leave the rest in order but still change it.
 */
export function isComposedInWxcast(news: StoredNews, materialArticles: number): boolean {
  if (news.articles.length === 0) return false;
  return news.articles.length !== materialArticles || news.articles.some((a, i) => a.materialId !== news.materialId || a.index !== i || a.coverImageId !== null);
}

/** News comes only from draft materials of the account that WeChat still has (drafts are what mass sends take). */
export async function checkNews(db: ScopedDb, accountId: string, news: StoredNews, path: string[]) {
  const ids = [...new Set([news.materialId, ...news.articles.map((article) => article.materialId)])].filter(isUuid);
  const materials = await db.material.findMany({
    where: { id: { in: ids }, accountId },
    select: { id: true, source: true, removedAt: true, articles: { select: { index: true } } },
  });
  const byId = new Map(materials.map((material) => [material.id, material]));
  const checkMaterial = (id: string, at: string[]) => {
    const material = byId.get(id);
    if (!material) throw new ContentError(at, 'NOT_FOUND', 'no such material of this account');
    if (material.source !== 'DRAFT') {
      throw new ContentError(at, 'NOT_A_DRAFT', 'is a legacy permanent news material; WeChat mass-sends only drafts (草稿箱)');
    }
    if (material.removedAt) throw new ContentError(at, 'MATERIAL_REMOVED', 'was deleted in WeChat (published or discarded); sync and choose another');
    return material;
  };
  const base = checkMaterial(news.materialId, [...path, 'materialId']);
  if (news.articles.length === 0 && base.articles.length === 0) throw new ContentError([...path, 'materialId'], 'EMPTY', 'the material has no articles');
  if (news.articles.length > MAX_NEWS_ARTICLES) {
    throw new ContentError([...path, 'articles'], 'TOO_MANY_ARTICLES', `a news message holds at most ${MAX_NEWS_ARTICLES} articles`);
  }
  const coverIds = new Set<string>();
  for (const [i, article] of news.articles.entries()) {
    const at = [...path, 'articles', String(i)];
    const material = checkMaterial(article.materialId, [...at, 'materialId']);
    if (!material.articles.some((a) => a.index === article.index)) throw new ContentError([...at, 'index'], 'NO_SUCH_ARTICLE', `the material has no article ${article.index}`);
    if (article.coverImageId) coverIds.add(article.coverImageId);
  }
  if (coverIds.size === 0) return;
  const images = await db.image.findMany({ where: { id: { in: [...coverIds].filter(isUuid) }, accountId }, select: { id: true, mediaId: true } });
  for (const [i, article] of news.articles.entries()) {
    if (!article.coverImageId) continue;
    const image = images.find((row) => row.id === article.coverImageId);
    const at = [...path, 'articles', String(i), 'coverImageId'];
    if (!image) throw new ContentError(at, 'NOT_FOUND', 'no such image of this account');
    if (!image.mediaId) throw new ContentError(at, 'IMAGE_NOT_MATERIAL', 'covers must be images uploaded as MATERIAL (an article-content image has no media id)');
  }
}

async function checkText(db: ScopedDb, text: string, path: string[]) {
  if (!text.trim()) throw new ContentError(path, 'EMPTY', 'must not be empty');
  const links = linksOfText(text);
  const appIds = links.flatMap((link) => (link.kind === 'mini-program' ? [link.appId] : []));
  const bound = new Set(
    appIds.length === 0 ? [] : (await db.miniProgram.findMany({ where: { appId: { in: appIds } }, select: { appId: true } })).map((m) => m.appId),
  );
  for (const link of links) {
    if (link.kind === 'href' && !isWeChatArticleLink(link.href)) {
      throw new ContentError(path, 'LINK_NOT_ALLOWED', `link ${link.href || '(empty)'} is not a WeChat article link (https://mp.weixin.qq.com/…); WeChat refuses other links in mass texts (40066)`);
    }
    if (link.kind === 'mini-program') {
      if (!bound.has(link.appId)) throw new ContentError(path, 'MINI_PROGRAM_NOT_BOUND', `Mini Program ${link.appId || '(empty)'} is not bound to this workspace`);
      if (!link.path) throw new ContentError(path, 'LINK_NOT_ALLOWED', `the link to Mini Program ${link.appId} has no data-miniprogram-path`);
    }
  }
}

async function checkImage(db: ScopedDb, accountId: string, imageId: string | null, path: string[]) {
  const image = imageId && isUuid(imageId) ? await db.image.findFirst({ where: { id: imageId, accountId }, select: { mediaId: true } }) : null;
  if (!image) throw new ContentError(path, 'NOT_FOUND', 'no such image of this account');
  if (!image.mediaId) throw new ContentError(path, 'IMAGE_NOT_MATERIAL', 'image messages need an image uploaded as MATERIAL (an article-content image has no media id)');
}

const USABLE_CARD_STATUSES = ['CARD_STATUS_VERIFY_OK', 'CARD_STATUS_DISPATCH'];

async function checkCard(db: ScopedDb, accountId: string, cardId: string | null, path: string[]) {
  const card = cardId && isUuid(cardId) ? await db.card.findFirst({ where: { id: cardId, accountId }, select: { status: true } }) : null;
  if (!card) throw new ContentError(path, 'NOT_FOUND', 'no such card in this account\'s card library');
  if (!USABLE_CARD_STATUSES.includes(card.status)) throw new ContentError(path, 'CARD_NOT_USABLE', `the card is ${card.status}; only approved cards (verified or dispatched) can be sent`);
}

export const asJson = (value: unknown) => value as Prisma.InputJsonValue;
