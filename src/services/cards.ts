import type { ScopedDb } from '#src/db/scoped.ts';
import { startAccountJob, type EnqueueDeps } from '#src/services/jobs.ts';
import type { Db } from '#src/db/client.ts';
import { WeChatApiError } from '#src/errors.ts';
import type { ReportProgress } from '#src/services/jobs.ts';
import type { CardsApi } from '#src/wechat/api/cards.ts';
import type { CardBaseInfo, CardGetResponse } from '#src/wechat/types.ts';

/** card/batchget returns at most 50 ids per call. */
export const CARD_PAGE_SIZE = 50;
/** card/get calls in flight at once within a page. */
const DETAIL_CONCURRENCY = 5;
/** WeChat's "invalid card id": the card went away between the listing and the detail call. */
const INVALID_CARD_ID = 40073;

/** What a card sync did; stored as the job's result. */
export interface SyncCardsResult {
  /** Cards WeChat listed. */
  listed: number;
  /** Card rows written (new or refreshed). */
  synced: number;
  /** Rows deleted because WeChat no longer lists their card. */
  removed: number;
}

/** The fields wxcast keeps of a card/get answer (`card[<card_type lower case>].base_info`). */
export function cardRowOf(card: CardGetResponse['card']): { cardType: string; title: string; status: string } {
  const detail = card[card.card_type.toLowerCase()] as { base_info?: Partial<CardBaseInfo> } | undefined;
  return { cardType: card.card_type, title: detail?.base_info?.title ?? '', status: detail?.base_info?.status ?? 'UNKNOWN' };
}

/**
 * Mirrors the account's WeChat card library (SPEC B9) into Card rows: pages card/batchget, reads
 * each card with card/get and upserts it with `syncedAt` = the sync's start. Only after the whole
 * listing was read are rows of cards WeChat no longer lists deleted: the table is a mirror, not
 * history (a broadcast keeps the card id it sent). A failed sync deletes nothing.
 */
export async function syncAccountCards(deps: { prisma: Db; cards: CardsApi }, accountId: string, progress: ReportProgress): Promise<SyncCardsResult> {
  const syncedAt = new Date();
  const seen = new Set<string>();
  let listed = 0;
  let offset = 0;
  for (;;) {
    const page = await deps.cards.batchGetCards({ offset, count: CARD_PAGE_SIZE });
    const ids = page.card_id_list ?? [];
    listed = page.total_num;
    if (ids.length === 0) break;
    for (let i = 0; i < ids.length; i += DETAIL_CONCURRENCY) {
      await Promise.all(ids.slice(i, i + DETAIL_CONCURRENCY).map((cardId) => syncOne(deps, accountId, cardId, syncedAt, seen)));
    }
    offset += ids.length;
    await progress(offset, page.total_num);
    if (offset >= page.total_num) break;
  }
  const removed = await deps.prisma.card.deleteMany({ where: { accountId, cardId: { notIn: [...seen] } } });
  return { listed, synced: seen.size, removed: removed.count };
}

async function syncOne(deps: { prisma: Db; cards: CardsApi }, accountId: string, cardId: string, syncedAt: Date, seen: Set<string>) {
  let card: CardGetResponse['card'];
  try {
    card = await deps.cards.getCard(cardId);
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === INVALID_CARD_ID) return;
    throw error;
  }
  const row = cardRowOf(card);
  await deps.prisma.card.upsert({
    where: { accountId_cardId: { accountId, cardId } },
    create: { accountId, cardId, ...row, syncedAt },
    update: { ...row, syncedAt },
  });
  seen.add(cardId);
}

/** Starts a background sync of a bound account's card library (one per account at a time). */
export function startCardSync(deps: EnqueueDeps, db: ScopedDb, workspaceId: string, accountId: string) {
  return startAccountJob(deps, db, workspaceId, accountId, 'SYNC_CARDS', {});
}
