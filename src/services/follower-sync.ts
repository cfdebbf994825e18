import type { ScopedDb } from '#src/db/scoped.ts';
import { startAccountJob, type EnqueueDeps } from '#src/services/jobs.ts';
import type { Db } from '#src/db/client.ts';
import type { Prisma } from '#src/generated/prisma/client.ts';
import type { FollowersApi } from '#src/wechat/api/followers.ts';
import { iterateOpenids } from '#src/wechat/pagination.ts';
import type { UserInfo } from '#src/wechat/types.ts';

/** `user/info/batchget` takes at most 100 openids per call (§7). */
export const BATCHGET_SIZE = 100;
/** batchget calls in flight at once: enough to hide latency, few enough not to trip WeChat. */
export const DEFAULT_BATCHGET_CONCURRENCY = 6;

export interface FollowerSyncInput {
  workspaceId: string;
  accountId: string;
  /** The account's WeChat client (only the two listing calls are used). */
  client: Pick<FollowersApi, 'getFollowers' | 'batchGetUserInfo'>;
  /** Called after each page is committed: followers written so far, and user/get's `total`. */
  onProgress?: (done: number, total: number) => Promise<void>;
  /**
   * Called after each page is committed with where the sync stands; passing it back as
   * `resumeFrom` continues after that page (a job taken over by another worker does so).
   */
  onPage?: (state: FollowerSyncCheckpoint, done: number, total: number) => Promise<void>;
  resumeFrom?: FollowerSyncCheckpoint;
  batchgetConcurrency?: number;
  /** The sync stamp written to every seen follower; default now. */
  startedAt?: Date;
}

/** Where a sync stands after a committed page: enough to continue after it. */
export interface FollowerSyncCheckpoint {
  /** The user/get cursor of the next page ('' = from the start). */
  cursor: string;
  total: number | null;
  written: number;
  pages: number;
  unsubscribed: number;
  newCustomers: number;
}

/** What a complete sync did (stored as the job's result). */
export interface FollowerSyncResult {
  /** user/get's `total` (subscribed followers when the listing began). */
  total: number;
  /** Followers listed and written (subscribed or not). */
  seen: number;
  pages: number;
  /** Listed followers that batchget reported as no longer subscribed. */
  unsubscribedOnRead: number;
  /** Stored followers not listed this time, now marked unsubscribed. */
  markedUnsubscribed: number;
  newCustomers: number;
}

/** Where an incomplete sync stopped; previously stored followers stay as they were. */
export interface FollowerSyncPartial {
  complete: false;
  total: number | null;
  /** Followers written (committed page by page) before the failure. */
  written: number;
  pagesWritten: number;
  /** The user/get cursor after the last committed page ('' = the first page failed). */
  nextOpenid: string;
}

/** A sync that failed midway; `partial` becomes the job's result (see runTrackedJob). */
export class FollowerSyncError extends Error {
  override name = 'FollowerSyncError';
  constructor(
    readonly partial: FollowerSyncPartial,
    override readonly cause: unknown,
  ) {
    super(`follower sync stopped after ${partial.written} followers (${partial.pagesWritten} pages): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

interface PageCounts {
  written: number;
  unsubscribed: number;
  newCustomers: number;
}

/**
 * Synchronises an account's followers from WeChat: pages `user/get` (10,000 openids a
 * page, either end-of-list style), reads each page with `user/info/batchget` (100 per call, a few
 * calls in flight) and writes it set-based in one transaction: customers are merged by unionid
 * within the workspace, followers upserted with the sync stamp. One page is held at a time, and
 * the next is listed only after it is committed, so `resumeFrom` repeats at most one listing.
 * Only after a complete listing are the account's followers that were not seen marked
 * unsubscribed (never deleted); a failure midway
 * throws FollowerSyncError and leaves every unseen follower as it was.
 */
export async function syncFollowers(prisma: Db, input: FollowerSyncInput): Promise<FollowerSyncResult> {
  const stamp = input.startedAt ?? new Date();
  const concurrency = input.batchgetConcurrency ?? DEFAULT_BATCHGET_CONCURRENCY;
  const resume = input.resumeFrom;
  let total: number | null = resume?.total ?? null;
  let cursor = resume?.cursor ?? '';
  const done = { written: resume?.written ?? 0, pages: resume?.pages ?? 0, unsubscribed: resume?.unsubscribed ?? 0, newCustomers: resume?.newCustomers ?? 0, cursor };
  let writing: Promise<void> = Promise.resolve();

  const write = async (infos: UserInfo[], pageCursor: string) => {
    const counts = await writePage(prisma, input, infos, stamp);
    done.written += counts.written;
    done.unsubscribed += counts.unsubscribed;
    done.newCustomers += counts.newCustomers;
    done.pages++;
    done.cursor = pageCursor;
    await input.onProgress?.(done.written, total ?? done.written);
    const { written, pages, unsubscribed, newCustomers } = done;
    await input.onPage?.({ cursor: pageCursor, total, written, pages, unsubscribed, newCustomers }, done.written, total ?? done.written);
  };

  try {
    const pages = iterateOpenids(async (next) => {
      // The next page is listed only once the previous one is committed (and checkpointed), so a
      // sync taken over after its worker died lists at most one page again.
      await writing;
      const page = await input.client.getFollowers(next);
      total ??= page.total;
      cursor = page.next_openid || (page.data?.openid.at(-1) ?? next);
      return page;
    }, cursor);
    for await (const openids of pages) {
      const pageCursor = cursor;
      const infos = await readUserInfos(input.client, openids, concurrency);
      // Write page k while page k+1 is listed and read; a failed write surfaces here.
      await writing;
      writing = write(infos, pageCursor);
      // Handled here so a failure while the next page is read is not an unhandled rejection.
      writing.catch(() => {});
    }
    await writing;
  } catch (error) {
    // Let an in-flight write settle so `done` says exactly what was committed.
    await writing.catch(() => {});
    throw new FollowerSyncError({ complete: false, total, written: done.written, pagesWritten: done.pages, nextOpenid: done.cursor }, error);
  }

  const markedUnsubscribed = await prisma.$executeRaw`
    UPDATE followers SET subscribed = false, unsubscribed_at = ${stamp}
    WHERE account_id = ${input.accountId}::uuid AND subscribed AND synced_at < ${stamp}`;
  return {
    total: total ?? 0,
    seen: done.written,
    pages: done.pages,
    unsubscribedOnRead: done.unsubscribed,
    markedUnsubscribed,
    newCustomers: done.newCustomers,
  };
}

/** batchget for one page, `concurrency` calls at a time; answers in page order. */
export async function readUserInfos(client: FollowerSyncInput['client'], openids: string[], concurrency: number): Promise<UserInfo[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < openids.length; i += BATCHGET_SIZE) chunks.push(openids.slice(i, i + BATCHGET_SIZE));
  const results: UserInfo[][] = new Array(chunks.length);
  let nextChunk = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && nextChunk < chunks.length) {
      const index = nextChunk++;
      try {
        results[index] = await client.batchGetUserInfo({ user_list: chunks[index]!.map((openid) => ({ openid, lang: 'zh_CN' })) });
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return results.flat();
}

/**
 * Writes one page in one transaction of a few set-based statements over unnest()ed arrays.
 * Customers of unionids are inserted first, in a statement of their own: when another account
 * of the workspace syncs at the same time, ON CONFLICT waits for its insert, and the next
 * statement's snapshot then sees that customer (one statement could not).
 */
async function writePage(prisma: Db, input: FollowerSyncInput, infos: UserInfo[], stamp: Date): Promise<PageCounts> {
  const openids: string[] = [];
  const unionids: (string | null)[] = [];
  const subscribed: boolean[] = [];
  const times: (string | null)[] = [];
  const languages: (string | null)[] = [];
  const remarks: (string | null)[] = [];
  const tags: (string | null)[] = [];
  for (const info of infos) {
    openids.push(info.openid);
    unionids.push(info.unionid || null);
    const on = info.subscribe === 1;
    subscribed.push(on);
    times.push(on && info.subscribe_time ? new Date(info.subscribe_time * 1000).toISOString() : null);
    languages.push(on ? info.language || null : null);
    remarks.push(on ? (info.remark ?? '') : null);
    tags.push(on ? `{${(info.tagid_list ?? []).join(',')}}` : null);
  }
  const { workspaceId, accountId } = input;

  return prisma.$transaction(
    async (tx) => {
      const unionCustomers = await tx.$executeRaw`
        INSERT INTO customers (workspace_id, unionid)
        SELECT DISTINCT ${workspaceId}::uuid, u FROM unnest(${unionids}::text[]) AS u WHERE u IS NOT NULL
        ON CONFLICT (workspace_id, unionid) DO NOTHING`;
      const [row] = await tx.$queryRaw<{ written: number; unsubscribed: number; new_customers: number; moved: string[] | null; moved_to: string[] | null }[]>`
        WITH page AS MATERIALIZED (
          SELECT DISTINCT ON (openid) * FROM unnest(${openids}::text[], ${unionids}::text[], ${subscribed}::boolean[], ${times}::timestamptz[],
                               ${languages}::text[], ${remarks}::text[], ${tags}::text[])
            AS p(openid, unionid, subscribed, subscribe_time, language, remark, tags)
        ),
        resolved AS MATERIALIZED (
          SELECT p.*, f.customer_id AS old_customer_id, c.id AS union_customer_id,
                 COALESCE(c.id, f.customer_id, gen_random_uuid()) AS customer_id
          FROM page p
          LEFT JOIN followers f ON f.account_id = ${accountId}::uuid AND f.openid = p.openid
          LEFT JOIN customers c ON c.workspace_id = ${workspaceId}::uuid AND c.unionid = p.unionid
        ),
        new_customers AS (
          INSERT INTO customers (id, workspace_id)
          SELECT customer_id, ${workspaceId}::uuid FROM resolved WHERE union_customer_id IS NULL AND old_customer_id IS NULL
          RETURNING id
        ),
        upserted AS (
          INSERT INTO followers AS f (account_id, customer_id, openid, unionid, subscribed, subscribe_time, unsubscribed_at,
                                      language, remark, tag_ids, synced_at)
          SELECT ${accountId}::uuid, customer_id, openid, unionid, subscribed, subscribe_time,
                 CASE WHEN subscribed THEN NULL ELSE ${stamp}::timestamptz END,
                 language, NULLIF(remark, ''), COALESCE(tags::int[], '{}'), ${stamp}::timestamptz
          FROM resolved
          ON CONFLICT (account_id, openid) DO UPDATE SET
            customer_id = EXCLUDED.customer_id,
            unionid = COALESCE(EXCLUDED.unionid, f.unionid),
            subscribed = EXCLUDED.subscribed,
            subscribe_time = COALESCE(EXCLUDED.subscribe_time, f.subscribe_time),
            unsubscribed_at = CASE WHEN EXCLUDED.subscribed THEN NULL ELSE COALESCE(f.unsubscribed_at, EXCLUDED.unsubscribed_at) END,
            -- An unsubscribed user's batchget answer carries only openid (+unionid): keep what we knew.
            language = CASE WHEN EXCLUDED.subscribed THEN EXCLUDED.language ELSE f.language END,
            remark = CASE WHEN EXCLUDED.subscribed THEN EXCLUDED.remark ELSE f.remark END,
            tag_ids = CASE WHEN EXCLUDED.subscribed THEN EXCLUDED.tag_ids ELSE f.tag_ids END,
            synced_at = EXCLUDED.synced_at
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM upserted)::int AS written,
               (SELECT count(*) FROM resolved WHERE NOT subscribed)::int AS unsubscribed,
               (SELECT count(*) FROM new_customers)::int AS new_customers,
               (SELECT array_agg(old_customer_id::text) FROM resolved WHERE old_customer_id <> customer_id) AS moved,
               (SELECT array_agg(customer_id::text) FROM resolved WHERE old_customer_id <> customer_id) AS moved_to`;
      if (row!.moved?.length) await mergeMovedCustomers(tx, row!.moved, row!.moved_to!);
      return { written: row!.written, unsubscribed: row!.unsubscribed, newCustomers: unionCustomers + row!.new_customers };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * A follower that now reports a unionid moved from its own customer to the unionid's customer
 * (its account joined an open platform): the group memberships follow it, and the old customer
 * goes once no follower is left on it.
 */
async function mergeMovedCustomers(tx: Prisma.TransactionClient, from: string[], to: string[]) {
  await tx.$executeRaw`
    INSERT INTO customer_group_members (group_id, customer_id, added_at)
    SELECT m.group_id, moved.to_id, m.added_at
    FROM unnest(${from}::uuid[], ${to}::uuid[]) AS moved(from_id, to_id)
    JOIN customer_group_members m ON m.customer_id = moved.from_id
    ON CONFLICT DO NOTHING`;
  await tx.$executeRaw`
    DELETE FROM customers c
    WHERE c.id = ANY(${from}::uuid[]) AND c.unionid IS NULL
      AND NOT EXISTS (SELECT 1 FROM followers f WHERE f.customer_id = c.id)`;
}

/**
 * Starts a background sync of a bound account's followers (NotFoundError for an account the
 * caller's scoped `db` does not see; ConflictError while one is queued or running).
 */
export function startFollowerSync(deps: EnqueueDeps, db: ScopedDb, workspaceId: string, accountId: string) {
  return startAccountJob(deps, db, workspaceId, accountId, 'SYNC_FOLLOWERS', {});
}
