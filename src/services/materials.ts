import type { Db } from '#src/db/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import { NotFoundError } from '#src/errors.ts';
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
        SET source = EXCLUDED.source, wechat_updated_at = EXCLUDED.wechat_updated_at, synced_at = EXCLUDED.synced_at
      RETURNING id, media_id`;
    const idOf = new Map(rows.map((row) => [row.media_id, row.id]));
    await tx.materialArticle.deleteMany({ where: { materialId: { in: rows.map((row) => row.id) } } });
    await tx.materialArticle.createMany({
      data: unique.flatMap((m) => m.articles.map((article, index) => ({ ...article, index, materialId: idOf.get(m.mediaId)! }))),
    });
  });
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
  let articles: MaterialArticleData[];
  let updatedAt: Date | undefined;
  if (material.source === 'DRAFT') {
    articles = (await client.getDraft(material.mediaId)).news_item.map(articleFromWeChat);
  } else {
    const content = await client.getMaterial(material.mediaId);
    if (content.kind !== 'news') throw new NotFoundError('Material', id);
    articles = content.news.news_item.map(articleFromWeChat);
    const updateTime = (content.news as { update_time?: number }).update_time;
    if (typeof updateTime === 'number') updatedAt = new Date(updateTime * 1000);
  }
  await db.$transaction(async (tx) => {
    await tx.materialArticle.deleteMany({ where: { materialId: material.id } });
    await tx.materialArticle.createMany({ data: articles.map((article, index) => ({ ...article, index, materialId: material.id })) });
    await tx.material.update({ where: { id: material.id }, data: { syncedAt: new Date(), ...(updatedAt ? { updatedAtWeChat: updatedAt } : {}) } });
  });
  return material.id;
}
