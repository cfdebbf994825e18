import type { ScopedDb } from '#src/db/scoped.ts';
import { startAccountJob, type EnqueueDeps } from '#src/services/jobs.ts';
import type { Db } from '#src/db/client.ts';
import type { ReportProgress } from '#src/services/jobs.ts';
import { markRemoved, saveMaterialPage } from '#src/services/materials.ts';
import type { MaterialSource } from '#src/generated/prisma/enums.ts';
import type { WeChatClient } from '#src/wechat/client.ts';
import { materialFromWeChat, type FetchedMaterial } from '#src/wechat/map-materials.ts';

/** WeChat's page size limit for both batchget listings (§4.1, §4.3). */
export const MATERIAL_PAGE = 20;

/** The sizes the UI offers (SPEC M2): "Sync 20" and "Sync 500". */
export const MATERIAL_SYNC_COUNTS = [20, 500] as const;

/** What a finished (or, as `partial`, a failed) sync reports. */
export interface MaterialSyncResult {
  /** Materials written, drafts and legacy news together. */
  synced: number;
  /** Materials the sync meant to write: min(count, drafts + news in WeChat). */
  total: number;
  drafts: number;
  newsMaterials: number;
  /**
   * Stored materials found gone from WeChat (deleted there) and marked removed. Only a listing
   * read to its very end can tell: with more in WeChat than `count`, nothing is marked.
   */
  markedRemoved: number;
}

/** One of the two listings, newest first, read 20 per call and consumed one material at a time. */
interface Listing {
  source: MaterialSource;
  fetch(offset: number, count: number): Promise<{ total: number; items: FetchedMaterial[] }>;
  /** Next offset to ask WeChat for. */
  offset: number;
  /** How far this listing may go: min(count, its total_count), known after the first page. */
  limit: number;
  /** WeChat's total_count at the last page read. */
  total: number;
  buffer: FetchedMaterial[];
  /** Media ids of this listing written by this sync. */
  written: Set<string>;
}

function listings(client: WeChatClient, count: number): Listing[] {
  const listing = (source: MaterialSource, fetch: Listing['fetch']): Listing => ({
    source,
    fetch,
    offset: 0,
    limit: count,
    total: Number.POSITIVE_INFINITY,
    buffer: [],
    written: new Set(),
  });
  return [
    listing('DRAFT', async (offset, n) => {
      const page = await client.batchGetDrafts({ offset, count: n, no_content: 0 });
      return { total: page.total_count, items: page.item.map((item) => materialFromWeChat('DRAFT', item)) };
    }),
    listing('NEWS_MATERIAL', async (offset, n) => {
      const page = await client.batchGetMaterial({ type: 'news', offset, count: n });
      return { total: page.total_count, items: page.item.map((item) => materialFromWeChat('NEWS_MATERIAL', item)) };
    }),
  ];
}

/** Fetches the listing's next page when its buffer ran out and WeChat has more within the limit. */
async function refill(listing: Listing, count: number): Promise<void> {
  if (listing.buffer.length || listing.offset >= listing.limit) return;
  const page = await listing.fetch(listing.offset, Math.min(MATERIAL_PAGE, listing.limit - listing.offset));
  listing.offset += page.items.length;
  // total_count may change between calls; an empty page ends the listing whatever it says.
  listing.limit = page.items.length ? Math.min(count, page.total) : listing.offset;
  listing.total = page.items.length ? page.total : listing.offset;
  listing.buffer.push(...page.items);
}

/** Whether the sync has written every material the listing has in WeChat: then what it did not see is gone. */
function readToTheEnd(listing: Listing): boolean {
  return listing.buffer.length === 0 && listing.offset >= listing.total && listing.written.size >= listing.total;
}

/**
 * Synchronises the newest `count` materials of an account (SPEC M1, M2). Both WeChat listings are
 * read: the draft box (where every article made since 2022 lives, and the only ids mass sends
 * accept, §4.5) and legacy permanent news (older articles, which still appear in the account's
 * history). They are merged newest first by update_time, so "newest 20" means 20 across both.
 *
 * Every 20 merged materials are written in one transaction and reported as progress. On a WeChat
 * error the sync stops: pages already written stay (they are complete, correct materials), older
 * rows are untouched, and the error says where it stopped; its `partial` carries the counts.
 */
export async function syncMaterials(
  deps: { prisma: Db; client: WeChatClient },
  input: { accountId: string; count: number },
  progress: ReportProgress,
): Promise<MaterialSyncResult> {
  const { count } = input;
  const sources = listings(deps.client, count);
  const result: MaterialSyncResult = { synced: 0, total: 0, drafts: 0, newsMaterials: 0, markedRemoved: 0 };
  const startedAt = new Date();
  const batch: FetchedMaterial[] = [];
  const flush = async () => {
    await saveMaterialPage(deps.prisma, input.accountId, batch, new Date());
    for (const material of batch) {
      result[material.source === 'DRAFT' ? 'drafts' : 'newsMaterials']++;
      sources.find((listing) => listing.source === material.source)!.written.add(material.mediaId);
    }
    result.synced += batch.length;
    batch.length = 0;
    await progress(result.synced, result.total);
  };
  try {
    // The first page of each listing gives its total_count, hence the sync's total.
    for (const listing of sources) await refill(listing, count);
    result.total = Math.min(count, sources.reduce((sum, listing) => sum + listing.limit, 0));
    await progress(0, result.total);
    while (result.synced + batch.length < result.total) {
      for (const listing of sources) await refill(listing, count);
      const newest = sources
        .filter((listing) => listing.buffer.length)
        .sort((a, b) => b.buffer[0]!.updatedAt.getTime() - a.buffer[0]!.updatedAt.getTime())[0];
      if (!newest) break; // WeChat has fewer than it counted (deleted meanwhile)
      batch.push(newest.buffer.shift()!);
      if (batch.length === MATERIAL_PAGE) await flush();
    }
    if (batch.length) await flush();
    for (const listing of sources.filter(readToTheEnd)) {
      result.markedRemoved += await markRemoved(deps.prisma, input.accountId, listing.source, startedAt);
    }
    return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw Object.assign(new Error(`stopped at offset ${result.synced} of ${result.total}: ${reason}`, { cause: error }), { partial: result });
  }
}

/** Starts a background sync of a bound account's newest `count` materials (one per account at a time). */
export function startMaterialSync(deps: EnqueueDeps, db: ScopedDb, workspaceId: string, accountId: string, count: 20 | 500) {
  return startAccountJob(deps, db, workspaceId, accountId, 'SYNC_MATERIALS', { count });
}
