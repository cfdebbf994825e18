import type { Db } from '#src/db/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import { NotFoundError, WeChatApiError } from '#src/errors.ts';
import type { MaterialSource } from '#src/generated/prisma/enums.ts';
import type { WeChatClient } from '#src/wechat/client.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import { articleFromWeChat, type FetchedMaterial, type MaterialArticleData } from '#src/wechat/map-materials.ts';

/**
 * Stores one page of synchronised materials in one transaction, set-based: one INSERT … ON
 * CONFLICT for the materials, one delete and one insert for all their articles. Articles are
 * replaced, not merged: WeChat returns a material's full article list every time.
 */
export async function saveMaterialPage(prisma: Db, accountId: string, materials: FetchedMaterial[], syncedAt: Date): Promise<void> {
  // A listing that shifts between calls can repeat a material; ON CONFLICT may touch a row once.
  const unique = [...new Map(materials.map((m) => [m.mediaId, m])).values()];
  if (!unique.length) return;
  await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; media_id: string }[]>`
      INSERT INTO materials (account_id, media_id, source, wechat_updated_at, synced_at)
      SELECT ${accountId}::uuid, m.media_id, m.source::"MaterialSource", m.updated_at, ${syncedAt}::timestamptz
      FROM unnest(${unique.map((m) => m.mediaId)}::text[], ${unique.map((m) => m.source)}::text[],
                  ${unique.map((m) => m.updatedAt.toISOString())}::timestamptz[]) AS m(media_id, source, updated_at)
      ON CONFLICT (account_id, media_id) DO UPDATE
        SET source = EXCLUDED.source, wechat_updated_at = EXCLUDED.wechat_updated_at, synced_at = EXCLUDED.synced_at, removed_at = NULL
      RETURNING id, media_id`;
    const idOf = new Map(rows.map((row) => [row.media_id, row.id]));
    await tx.materialArticle.deleteMany({ where: { materialId: { in: rows.map((row) => row.id) } } });
    await tx.materialArticle.createMany({
      data: unique.flatMap((m) => m.articles.map((article, index) => ({ ...article, index, materialId: idOf.get(m.mediaId)! }))),
    });
  });
}

/**
 * Marks the account's materials of `source` that a complete listing did not write (synced before
 * it started) as removed in WeChat; returns how many were newly marked. Rows stay for history.
 */
export async function markRemoved(prisma: Db, accountId: string, source: MaterialSource, listingStartedAt: Date): Promise<number> {
  const marked = await prisma.material.updateMany({
    where: { accountId, source, removedAt: null, syncedAt: { lt: listingStartedAt } },
    data: { removedAt: new Date() },
  });
  return marked.count;
}

/**
 * Re-fetches one material from WeChat (`material/get_material` for news, `draft/get` for drafts)
 * and replaces its articles in one transaction. NotFoundError when the id is not a material of
 * this workspace; WeChatApiError when WeChat refuses (40007: deleted there since the last sync).
 * The WeChat update time moves only when WeChat reports it (get_material does, draft/get not).
 */
export async function refreshMaterial(db: ScopedDb, wechat: WeChatAccess, id: string) {
  const material = await db.material.findFirst({ where: { id, account: { unboundAt: null } } });
  if (!material) throw new NotFoundError('Material', id);
  const client = await wechat.clientFor(material.accountId);
  let fetched: FetchedArticles | null;
  try {
    fetched = await fetchMaterial(client, material.source, material.mediaId);
  } catch (error) {
    // 40007 (invalid media_id): deleted in WeChat since the last sync. Say so on the row too.
    if (error instanceof WeChatApiError && error.errcode === INVALID_MEDIA_ID) {
      await db.material.updateMany({ where: { id: material.id, removedAt: null }, data: { removedAt: new Date() } });
    }
    throw error;
  }
  if (!fetched) throw new NotFoundError('Material', id);
  const { articles, updatedAt } = fetched;
  await db.$transaction(async (tx) => {
    await tx.materialArticle.deleteMany({ where: { materialId: material.id } });
    await tx.materialArticle.createMany({ data: articles.map((article, index) => ({ ...article, index, materialId: material.id })) });
    await tx.material.update({
      where: { id: material.id },
      data: { syncedAt: new Date(), removedAt: null, ...(updatedAt ? { updatedAtWeChat: updatedAt } : {}) },
    });
  });
  return material.id;
}

/** WeChat's errcode for a media_id it does not (or no longer) know. */
const INVALID_MEDIA_ID = 40007;

interface FetchedArticles {
  articles: MaterialArticleData[];
  /** WeChat's update time, when it reports one (get_material does, draft/get not). */
  updatedAt?: Date;
}

/** One material's articles from WeChat (`draft/get` or `material/get_material`); null when it is not news. */
async function fetchMaterial(client: WeChatClient, source: MaterialSource, mediaId: string): Promise<FetchedArticles | null> {
  if (source === 'DRAFT') return { articles: (await client.getDraft(mediaId)).news_item.map(articleFromWeChat) };
  const content = await client.getMaterial(mediaId);
  if (content.kind !== 'news') return null;
  const updateTime = (content.news as { update_time?: number }).update_time;
  return { articles: content.news.news_item.map(articleFromWeChat), ...(typeof updateTime === 'number' ? { updatedAt: new Date(updateTime * 1000) } : {}) };
}
