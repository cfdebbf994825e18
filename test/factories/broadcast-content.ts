import { randomBytes } from 'node:crypto';
import type { Db } from '#src/db/client.ts';

const suffix = () => randomBytes(6).toString('hex');

/** A synced material with `articles` articles (a draft unless `source` says otherwise). */
export async function createMaterial(
  prisma: Db,
  accountId: string,
  options: { source?: 'DRAFT' | 'NEWS_MATERIAL'; articles?: number; removed?: boolean; mediaId?: string } = {},
) {
  const now = new Date();
  return prisma.material.create({
    data: {
      accountId,
      mediaId: options.mediaId ?? `media-${suffix()}`,
      source: options.source ?? 'DRAFT',
      updatedAtWeChat: now,
      syncedAt: now,
      removedAt: options.removed ? now : null,
      articles: { create: Array.from({ length: options.articles ?? 2 }, (_, index) => ({ index, title: `Article ${index}` })) },
    },
  });
}

/** An uploaded image: MATERIAL (with a media id) or ARTICLE_CONTENT (URL only). */
export async function createImage(prisma: Db, accountId: string, purpose: 'MATERIAL' | 'ARTICLE_CONTENT' = 'MATERIAL') {
  return prisma.image.create({
    data: { accountId, mediaId: purpose === 'MATERIAL' ? `img-${suffix()}` : null, url: `https://mmbiz.qpic.cn/${suffix()}`, filename: 'a.png', contentType: 'image/png', size: 10 },
  });
}

export async function createCard(prisma: Db, accountId: string, status = 'CARD_STATUS_VERIFY_OK') {
  return prisma.card.create({ data: { accountId, cardId: `card-${suffix()}`, cardType: 'GROUPON', title: 'Card', status, syncedAt: new Date() } });
}

export async function createMiniProgram(prisma: Db, workspaceId: string, appId = `wxmp${suffix()}`) {
  return prisma.miniProgram.create({ data: { workspaceId, appId, name: 'Shop' } });
}
