import { DateTime } from 'luxon';
import type { Db } from '#src/db/client.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import type { MassMessageContent } from '#src/wechat/types.ts';
import { NotFoundError, ValidationError, WeChatApiError } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';
import type { AuthoringDeps } from '#src/authoring/deps.ts';
import { PreviewLimitError } from '#src/authoring/errors.ts';
import { findBroadcast } from '#src/authoring/broadcasts.ts';
import { checkContent, isComposedInWxcast, type StoredContent } from '#src/authoring/content.ts';

/** WeChat's limit of previews to WeChat ids (towxname) per account and day (errcode 45009). */
export const PREVIEWS_PER_DAY = 100;
/** WeChat counts previews per China day. */
const WECHAT_ZONE = 'Asia/Shanghai';
/** A test send is for checking a message, not for reaching an audience. */
export const MAX_TEST_RECIPIENTS = 100;
const PREVIEW_LIMIT_ERRCODE = 45009;

export interface TestSendInput {
  broadcastId: string;
  /** Default the first group. */
  taskId?: string;
  /** WeChat ids (微信号) of people who follow the account. */
  wechatIds?: string[];
  /** A customer group: its members who currently follow the account get the preview. */
  groupId?: string;
}

export interface PreviewOutcome {
  recipient: string;
  byWeChatId: boolean;
  msgId: number | null;
  error: string | null;
}

export interface TestSendResult {
  previews: PreviewOutcome[];
  previewsLeftToday: number;
}

export interface TestSendDeps extends AuthoringDeps {
  prisma: Db;
  wechat: Pick<WeChatAccess, 'clientFor'>;
}

const dayOf = (now: Date) => new Date(`${DateTime.fromJSDate(now, { zone: WECHAT_ZONE }).toISODate()}T00:00:00Z`);

async function previewsUsed(prisma: Db, accountId: string, day: Date) {
  const row = await prisma.previewDailyCount.findUnique({ where: { accountId_day: { accountId, day } } });
  return row?.count ?? 0;
}

/** The preview body of stored content; a news message must be a draft as it is (a changed composition exists in WeChat only once it is sent). */
export async function previewContent(prisma: Db, content: StoredContent, path: string[]): Promise<MassMessageContent> {
  switch (content.kind) {
    case 'TEXT':
      return { msgtype: 'text', text: { content: content.text } };
    case 'IMAGE': {
      const image = await prisma.image.findUniqueOrThrow({ where: { id: content.imageId! } });
      return { msgtype: 'image', image: { media_id: image.mediaId! } };
    }
    case 'CARD': {
      const card = await prisma.card.findUniqueOrThrow({ where: { id: content.cardId! } });
      return { msgtype: 'wxcard', wxcard: { card_id: card.cardId } };
    }
    case 'NEWS': {
      const news = content.news!;
      const material = await prisma.material.findUniqueOrThrow({ where: { id: news.materialId }, select: { mediaId: true, _count: { select: { articles: true } } } });
      if (isComposedInWxcast(news, material._count.articles)) throw ValidationError.field([...path, 'taskId'], 'a changed news composition is created in WeChat only when it is sent, so it cannot be previewed; preview the material as it is');
      return { msgtype: 'mpnews', mpnews: { media_id: material.mediaId } };
    }
  }
}

/**
 * Sends a task's content as WeChat previews (mass/preview): one message per WeChat id or per
 * current follower in a group. Previews never count against mass-send quotas; previews to WeChat
 * ids are limited by WeChat to 100 a day per account, which wxcast counts (previewsLeftToday) and
 * checks before calling (PreviewLimitError, nothing sent). A 45009 from WeChat (previews made
 * outside wxcast) sets the count to the limit and ends the run.
 */
export async function testSendBroadcast(deps: TestSendDeps, input: TestSendInput): Promise<TestSendResult> {
  const path = ['input'];
  const broadcast = await findBroadcast(deps, input.broadcastId);
  const task = input.taskId ? broadcast.tasks.find((row) => row.id === input.taskId) : broadcast.tasks[0];
  if (!task) throw ValidationError.field([...path, 'taskId'], 'no such task of this broadcast');
  if (!task.content) throw ValidationError.field([...path, 'taskId'], 'the task has no content yet');
  const content = task.content as unknown as StoredContent;
  await checkContent(deps.db, broadcast.accountId, content, [...path, 'content']);
  const wechatIds = [...new Set((input.wechatIds ?? []).map((id) => id.trim()).filter(Boolean))];
  let openids: string[] = [];
  if (input.groupId) {
    const group = isUuid(input.groupId) ? await deps.db.customerGroup.findFirst({ where: { id: input.groupId }, select: { id: true } }) : null;
    if (!group) throw new NotFoundError('CustomerGroup', input.groupId);
    const followers = await deps.db.follower.findMany({
      where: { accountId: broadcast.accountId, subscribed: true, customer: { memberships: { some: { groupId: group.id } } } },
      select: { openid: true }, orderBy: { openid: 'asc' }, take: MAX_TEST_RECIPIENTS + 1,
    });
    openids = followers.map((follower) => follower.openid);
  }
  if (wechatIds.length + openids.length === 0) throw ValidationError.field(path, 'give WeChat ids or a customer group with current followers');
  if (wechatIds.length + openids.length > MAX_TEST_RECIPIENTS) throw ValidationError.field(path, `a test send goes to at most ${MAX_TEST_RECIPIENTS} people`);
  const day = dayOf(deps.clock.now());
  const left = PREVIEWS_PER_DAY - (await previewsUsed(deps.prisma, broadcast.accountId, day));
  if (wechatIds.length > left) throw new PreviewLimitError(Math.max(0, left), `${wechatIds.length} previews to WeChat ids were asked for, ${Math.max(0, left)} are left today (WeChat allows ${PREVIEWS_PER_DAY} a day)`);

  const body = await previewContent(deps.prisma, content, path);
  const client = await deps.wechat.clientFor(broadcast.accountId);
  const previews: PreviewOutcome[] = [];
  let limitReached = false;
  for (const [recipient, byWeChatId] of [...wechatIds.map((id) => [id, true] as const), ...openids.map((id) => [id, false] as const)]) {
    if (limitReached && byWeChatId) {
      previews.push({ recipient, byWeChatId, msgId: null, error: 'WeChat\'s daily limit of previews to WeChat ids was reached' });
      continue;
    }
    try {
      const { msgId } = await client.massPreview({ ...body, ...(byWeChatId ? { towxname: recipient } : { touser: recipient }) });
      if (byWeChatId) await countPreview(deps.prisma, broadcast.accountId, day);
      previews.push({ recipient, byWeChatId, msgId, error: null });
    } catch (error) {
      if (!(error instanceof WeChatApiError)) throw error;
      if (error.errcode === PREVIEW_LIMIT_ERRCODE) {
        limitReached = true;
        await countPreview(deps.prisma, broadcast.accountId, day, PREVIEWS_PER_DAY);
      }
      previews.push({ recipient, byWeChatId, msgId: null, error: `${error.errcode} ${error.errmsg}` });
    }
  }
  return { previews, previewsLeftToday: Math.max(0, PREVIEWS_PER_DAY - (await previewsUsed(deps.prisma, broadcast.accountId, day))) };
}

/** Counts one preview to a WeChat id, or sets the day's count (WeChat said the limit is reached). */
async function countPreview(prisma: Db, accountId: string, day: Date, setTo?: number) {
  if (setTo === undefined) {
    await prisma.$executeRaw`
      INSERT INTO preview_daily_counts (account_id, day, count) VALUES (${accountId}::uuid, ${day}::date, 1)
      ON CONFLICT (account_id, day) DO UPDATE SET count = preview_daily_counts.count + 1`;
  } else {
    await prisma.$executeRaw`
      INSERT INTO preview_daily_counts (account_id, day, count) VALUES (${accountId}::uuid, ${day}::date, ${setTo}::int)
      ON CONFLICT (account_id, day) DO UPDATE SET count = GREATEST(preview_daily_counts.count, ${setTo}::int)`;
  }
}
