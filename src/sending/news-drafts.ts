import type { Db } from '#src/db/client.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import type { WeChatClient } from '#src/wechat/client.ts';
import type { DraftArticleInput, DraftGetResponse, MassMessageContent } from '#src/wechat/types.ts';
import { ValidationError, WeChatApiError } from '#src/errors.ts';
import { logger } from '#src/logger.ts';
import { RetryLaterError } from '#src/jobs/retry-later.ts';
import { outcomeOfError } from '#src/sending/batch-outcome.ts';
import { TASK_PART } from '#src/sending/record-part.ts';
import { isComposedInWxcast, type StoredContent } from '#src/authoring/content.ts';
import type { SendRecordRow } from '#src/sending/audience.ts';

export type StoredNews = NonNullable<Extract<StoredContent, { kind: 'NEWS' }>['news']>;

export interface NewsDraftDeps {
  prisma: Db;
  wechat: Pick<WeChatAccess, 'sendingClientFor'>;
}

/** WeChat's answer when a media_id names no draft (or the draft left the box). */
const INVALID_MEDIA_ID = 40007;

/**
 * The mpnews message of a record, with every draft it needs in WeChat's draft box, made before
 * anything is sent. mpnews takes only a draft's media_id, so:
 *  - news sent as its material is the material's draft; news composed in wxcast (order, articles
 *    of several drafts, other covers) gets a draft of its own (draft/add) from the stored articles;
 *  - WeChat removes a mass-sent draft from the box (a second send of its media_id is 40007), so
 *    every batch after the first gets its own copy of the record's draft (draft/get, draft/add),
 *    made while the record's draft is still there.
 * Each draft wxcast makes is stored (the record's on the record, a copy on its batch) in its own
 * statement before anything is sent, and a rerun reuses what is stored. When two runs race, the
 * first stored id wins and the loser deletes its own draft. A run that dies between draft/add and
 * the store leaves that draft in the box unrecorded (an orphan; nothing is sent twice, the
 * batches carry their clientmsgid). WeChat refusing a draft fails the record (ValidationError at
 * `path`); transient failures reschedule the run (RetryLaterError).
 */
export async function newsMessage(deps: NewsDraftDeps, record: SendRecordRow, news: StoredNews, path: string[]): Promise<MassMessageContent> {
  let client: WeChatClient | undefined;
  const clientOf = async () => (client ??= await deps.wechat.sendingClientFor(record.accountId));
  const recordDraft = await recordDraftOf(deps, clientOf, record, news, path);
  await draftsOfBatches(deps, clientOf, record, news, recordDraft, path);
  return { msgtype: 'mpnews', mpnews: { media_id: recordDraft } };
}

type ClientOf = () => Promise<WeChatClient>;

async function recordDraftOf(deps: NewsDraftDeps, clientOf: ClientOf, record: SendRecordRow, news: StoredNews, path: string[]): Promise<string> {
  const stored = async () => (await deps.prisma.sendRecord.findUniqueOrThrow({ where: { id: record.id }, select: { draftMediaId: true } })).draftMediaId;
  const draft = await stored();
  if (draft) return draft;
  const material = await deps.prisma.material.findUniqueOrThrow({ where: { id: news.materialId }, select: { mediaId: true, _count: { select: { articles: true } } } });
  // An A/B test's news goes out twice (the winning test group's, again to the remainder), and
  // WeChat may remove a mass-sent draft from the box: every A/B record sends a draft of its own.
  if (record.part === TASK_PART && !isComposedInWxcast(news, material._count.articles)) return material.mediaId;
  const made = await addDraft(await clientOf(), await composedArticles(deps.prisma, news, path), path);
  const won = await deps.prisma.$executeRaw`
    UPDATE send_records SET draft_media_id = ${made} WHERE id = ${record.id}::uuid AND draft_media_id IS NULL`;
  if (won) return made;
  await deleteLosingDraft(await clientOf(), made, { recordId: record.id });
  return (await stored())!;
}

/**
 * Stores the draft of each batch still to be submitted: the record's draft for the first batch,
 * a copy for every later one. Copies are made always, not only when WeChat turns out to remove
 * sent drafts: whether it does is unconfirmed, and a copy made before the first batch goes out
 * is the only way to have the exact article bodies once the record's draft has left the box.
 */
async function draftsOfBatches(deps: NewsDraftDeps, clientOf: ClientOf, record: SendRecordRow, news: StoredNews, recordDraft: string, path: string[]) {
  const batches = await deps.prisma.$queryRaw<{ id: string; batchNo: number }[]>`
    SELECT id, batch_no AS "batchNo" FROM send_batches
    WHERE record_id = ${record.id}::uuid AND media_id IS NULL AND state IN ('PENDING', 'SUBMITTING') ORDER BY batch_no`;
  let articles: DraftArticleInput[] | undefined;
  for (const batch of batches) {
    if (batch.batchNo === 0) {
      await deps.prisma.$executeRaw`UPDATE send_batches SET media_id = ${recordDraft} WHERE id = ${batch.id}::uuid AND media_id IS NULL`;
      continue;
    }
    articles ??= await copyOf(deps.prisma, await clientOf(), record, recordDraft, news, path);
    const made = await addDraft(await clientOf(), articles, path);
    const won = await deps.prisma.$executeRaw`UPDATE send_batches SET media_id = ${made} WHERE id = ${batch.id}::uuid AND media_id IS NULL`;
    if (!won) await deleteLosingDraft(await clientOf(), made, { recordId: record.id, batchNo: batch.batchNo });
  }
}

/**
 * The articles of the record's draft as WeChat holds them (draft/get), so a copy is what the
 * first batch sends. Before anything is sent (PREPARING) a draft that is gone fails the record,
 * since its first batch could not be sent either; later (a batch without a copy, only in a
 * record that was sending before copies existed) the composition's stored articles are copied.
 */
async function copyOf(prisma: Db, client: WeChatClient, record: SendRecordRow, recordDraft: string, news: StoredNews, path: string[]): Promise<DraftArticleInput[]> {
  let held: DraftGetResponse;
  try {
    held = await client.getDraft(recordDraft);
  } catch (error) {
    if (!(error instanceof WeChatApiError && error.errcode === INVALID_MEDIA_ID)) {
      rescheduleIfTransient(error, 'draft/get');
      throw error;
    }
    if (record.state === 'PREPARING') {
      throw ValidationError.field([...path, 'news', 'materialId'], 'the draft is no longer in WeChat\'s draft box (draft/get 40007: published or deleted there); sync and choose again');
    }
    return composedArticles(prisma, news, path);
  }
  // Only what draft/add takes (draft/get adds url, thumb_url and, in places, more).
  return held.news_item.map((a) => ({
    ...(a.article_type ? { article_type: a.article_type } : {}),
    title: a.title,
    author: a.author ?? '',
    digest: a.digest ?? '',
    content: a.content,
    content_source_url: a.content_source_url ?? '',
    ...(a.thumb_media_id ? { thumb_media_id: a.thumb_media_id } : {}),
    need_open_comment: a.need_open_comment ?? 0,
    only_fans_can_comment: a.only_fans_can_comment ?? 0,
    ...(a.pic_crop_235_1 ? { pic_crop_235_1: a.pic_crop_235_1 } : {}),
    ...(a.pic_crop_1_1 ? { pic_crop_1_1: a.pic_crop_1_1 } : {}),
  }));
}

/** The composition's articles for draft/add, from what the material sync stored; a chosen cover replaces the article's thumb. */
export async function composedArticles(prisma: Db, news: StoredNews, path: string[]): Promise<DraftArticleInput[]> {
  const wanted = news.articles.length
    ? news.articles
    : (await prisma.materialArticle.findMany({ where: { materialId: news.materialId }, select: { index: true }, orderBy: { index: 'asc' } }))
        .map((a) => ({ materialId: news.materialId, index: a.index, coverImageId: null }));
  const rows = await prisma.materialArticle.findMany({ where: { OR: wanted.map(({ materialId, index }) => ({ materialId, index })) } });
  const coverIds = wanted.flatMap((a) => (a.coverImageId ? [a.coverImageId] : []));
  const covers = coverIds.length ? await prisma.image.findMany({ where: { id: { in: coverIds } }, select: { id: true, mediaId: true } }) : [];
  return wanted.map((item, i) => {
    const article = rows.find((row) => row.materialId === item.materialId && row.index === item.index);
    if (!article) throw ValidationError.field([...path, 'news', 'articles', String(i)], `the material no longer has article ${item.index}; sync and choose again`);
    const cover = item.coverImageId ? covers.find((image) => image.id === item.coverImageId)?.mediaId : undefined;
    if (item.coverImageId && !cover) throw ValidationError.field([...path, 'news', 'articles', String(i), 'coverImageId'], 'the cover image is gone or has no media id');
    return {
      title: article.title,
      author: article.author,
      digest: article.digest,
      content: article.content,
      content_source_url: article.contentSourceUrl,
      thumb_media_id: cover ?? article.thumbMediaId,
      need_open_comment: article.needOpenComment ? 1 : 0,
      only_fans_can_comment: article.onlyFansCanComment ? 1 : 0,
    };
  });
}

/**
 * draft/add: WeChat refusing the articles (a title too long, a cover it does not know…) is a
 * ValidationError that fails the record; transient failures reschedule the run. A draft/add
 * whose answer was lost may have made a draft: see newsMessage.
 */
async function addDraft(client: WeChatClient, articles: DraftArticleInput[], path: string[]): Promise<string> {
  try {
    return await client.addDraft({ articles });
  } catch (error) {
    rescheduleIfTransient(error, 'draft/add');
    throw ValidationError.field([...path, 'news'], `WeChat refused the news as a new draft (draft/add ${(error as WeChatApiError).errcode} ${(error as WeChatApiError).errmsg})`);
  }
}

/**
 * Classifies a failed draft call like a batch's submission: -1, a network failure or a quota
 * reschedules the run (RetryLaterError: it waits holding no worker and uses up no attempt of the
 * job). Errors that are not WeChat's are rethrown; a WeChat refusal returns to the caller.
 */
function rescheduleIfTransient(error: unknown, call: string): void {
  const outcome = outcomeOfError(error, Date.now(), 1);
  if (outcome.kind === 'retry-after') throw new RetryLaterError(outcome.retryAt, `${call}: ${outcome.reason}`);
}

/** A racing run stored its draft first: ours is not used, so it leaves the box (a failure only leaves it there). */
async function deleteLosingDraft(client: WeChatClient, mediaId: string, context: Record<string, unknown>) {
  await client.deleteDraft(mediaId).catch((error: unknown) => logger.warn({ err: error, mediaId, ...context }, 'could not delete a draft another run made first'));
}

/**
 * Once the record is final, deletes the drafts wxcast made for it that WeChat kept (when sent
 * drafts stay in the box, or a batch failed before its draft was sent): the record's composed
 * draft and the batches' copies, never a material's own draft. Done once (drafts_deleted_at); a
 * draft already gone (40007) counts as deleted; -1, a network failure or a quota reschedules the
 * run; any other refusal is logged and leaves that draft in the box (the record is final anyway).
 */
export async function deleteRecordDrafts(deps: NewsDraftDeps, record: SendRecordRow): Promise<void> {
  const [row] = await deps.prisma.$queryRaw<{ draftMediaId: string | null; deletedAt: Date | null; copies: string[] }[]>`
    SELECT r.draft_media_id AS "draftMediaId", r.drafts_deleted_at AS "deletedAt",
      ARRAY(SELECT b.media_id FROM send_batches b WHERE b.record_id = r.id AND b.batch_no > 0 AND b.media_id IS NOT NULL) AS copies
    FROM send_records r WHERE r.id = ${record.id}::uuid`;
  const made = row && !row.deletedAt ? [...new Set([...(row.draftMediaId ? [row.draftMediaId] : []), ...row.copies])] : [];
  if (!made.length) return;
  const client = await deps.wechat.sendingClientFor(record.accountId);
  for (const mediaId of made) {
    await client.deleteDraft(mediaId).catch((error: unknown) => {
      if (error instanceof WeChatApiError && error.errcode === INVALID_MEDIA_ID) return;
      rescheduleIfTransient(error, 'draft/delete');
      logger.warn({ err: error, mediaId, recordId: record.id }, 'WeChat refused to delete a draft wxcast made for a finished record; it stays in the draft box');
    });
  }
  await deps.prisma.sendRecord.update({ where: { id: record.id }, data: { draftsDeletedAt: new Date() } });
}
