import { Prisma } from '#src/generated/prisma/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import type { BroadcastAudience } from '#src/generated/prisma/enums.ts';
import { NotFoundError, ValidationError } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';
import { asJson, checkContent, storedContent, storedNews, type ContentInput, type StoredContent } from '#src/authoring/content.ts';
import { checkAbTest, type AbTestInput } from '#src/authoring/ab-test.ts';

/** What defines one send group of a broadcast: name, campaign, audience, content, optional A/B test. */
export interface TaskDefinition {
  name?: string;
  campaignId?: string;
  audience?: BroadcastAudience;
  groupIds?: string[];
  content?: ContentInput;
  abTest?: AbTestInput;
}

/** Where a task sits: the first group (all followers or groups) or a comparison group. */
export type TaskRole = 'FIRST' | 'COMPARISON';

const AUDIENCES_OF: Record<TaskRole, BroadcastAudience[]> = {
  FIRST: ['ALL_FOLLOWERS', 'GROUPS'],
  COMPARISON: ['GROUPS', 'REMAINING_FOLLOWERS'],
};

export interface TaskCheckContext {
  db: ScopedDb;
  accountId: string;
  timeZone: string;
  now: Date;
  draft: boolean;
  role: TaskRole;
  path: string[];
  /** A/B test times stored before this change (by test group position). */
  storedAbTimes?: (Date | null)[];
}

/**
 * Checks a task definition. Always: referenced groups and campaign exist in the workspace and the
 * audience fits the task's role. Unless saving a draft: completeness, then every content and A/B
 * rule, each with its own typed error naming the field.
 */
export async function checkTask(def: TaskDefinition, ctx: TaskCheckContext): Promise<void> {
  const { db, path } = ctx;
  if (def.name !== undefined && def.name.trim().length > 100) throw ValidationError.field([...path, 'name'], 'must be at most 100 characters');
  if (def.audience && !AUDIENCES_OF[ctx.role].includes(def.audience)) {
    throw ValidationError.field([...path, 'audience'], ctx.role === 'FIRST'
      ? 'the first group goes to ALL_FOLLOWERS or to GROUPS'
      : 'a comparison group goes to other GROUPS or to REMAINING_FOLLOWERS');
  }
  const groupIds = def.groupIds ?? [];
  if (groupIds.length > 0) {
    const found = await db.customerGroup.findMany({ where: { id: { in: groupIds.filter(isUuid) } }, select: { id: true } });
    const missing = groupIds.findIndex((id) => !found.some((group) => group.id === id));
    if (missing >= 0) throw ValidationError.field([...path, 'groupIds', String(missing)], 'no such customer group');
  }
  if (def.audience && def.audience !== 'GROUPS' && groupIds.length > 0) throw ValidationError.field([...path, 'groupIds'], `must be empty for ${def.audience}`);
  if (def.campaignId && !(isUuid(def.campaignId) && (await db.campaign.findFirst({ where: { id: def.campaignId }, select: { id: true } })))) {
    throw ValidationError.field([...path, 'campaignId'], 'no such campaign');
  }
  await checkReferencesExist(db, def);
  if (ctx.draft) return;
  if (!def.audience) throw ValidationError.field([...path, 'audience'], 'is required (save with draft: true to keep an incomplete broadcast)');
  if (def.audience === 'GROUPS' && groupIds.length === 0) throw ValidationError.field([...path, 'groupIds'], 'name at least one customer group');
  if (!def.content) throw ValidationError.field([...path, 'content'], 'is required (save with draft: true to keep an incomplete broadcast)');
  const content = storedContent(def.content);
  await checkContent(db, ctx.accountId, content, [...path, 'content']);
  if (def.abTest) {
    await checkAbTest({
      db, accountId: ctx.accountId, timeZone: ctx.timeZone, now: ctx.now, audience: def.audience, content,
      abTest: def.abTest, storedTimes: ctx.storedAbTimes ?? [], path: [...path, 'abTest'],
    });
  }
}

/**
 * Every material, image and card the definition names exists in the workspace (NotFoundError
 * otherwise), drafts included: a draft may be incomplete, but never points at rows the workspace
 * does not have. Whether they suit the account and the content kind is checked with the content.
 */
async function checkReferencesExist(db: ScopedDb, def: TaskDefinition) {
  const news = [def.content?.news, ...(def.abTest?.groups.map((group) => group.news) ?? [])].filter((n) => n !== undefined);
  const wanted = {
    Material: news.flatMap((n) => [n.materialId, ...(n.articles ?? []).flatMap((a) => (a.materialId === undefined ? [] : [a.materialId]))]),
    Image: [...news.flatMap((n) => (n.articles ?? []).flatMap((a) => (a.coverImageId === undefined ? [] : [a.coverImageId]))), ...(def.content?.imageId === undefined ? [] : [def.content.imageId])],
    Card: def.content?.cardId === undefined ? [] : [def.content.cardId],
  };
  const where = (ids: string[]) => ({ where: { id: { in: ids.filter(isUuid) } }, select: { id: true } });
  const found = new Set([
    ...(wanted.Material.length ? await db.material.findMany(where(wanted.Material)) : []),
    ...(wanted.Image.length ? await db.image.findMany(where(wanted.Image)) : []),
    ...(wanted.Card.length ? await db.card.findMany(where(wanted.Card)) : []),
  ].map((row) => row.id));
  for (const [entity, ids] of Object.entries(wanted)) {
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError(entity, missing);
  }
}

/** The columns of a task row for a definition (its groups and test groups are written apart). */
export function taskColumns(def: TaskDefinition) {
  const content: StoredContent | null = def.content ? storedContent(def.content) : null;
  return {
    name: def.name?.trim() ?? '',
    campaignId: def.campaignId ?? null,
    audience: def.audience ?? null,
    contentKind: content?.kind ?? null,
    // A definition without content clears it (a draft may drop it again).
    content: content ? asJson(content) : Prisma.DbNull,
  };
}

type Tx = Parameters<Parameters<ScopedDb['$transaction']>[0]>[0];

/**
 * Replaces a task's definition in the caller's transaction: columns, groups, test groups. With an
 * A/B test, the task's own send time is the remainder's.
 */
export async function writeTask(tx: Tx, taskId: string, def: TaskDefinition) {
  await tx.broadcastTask.update({
    where: { id: taskId },
    // Tasks are redefined only while nothing is planned, so a send time here is only ever the A/B remainder's.
    data: { ...taskColumns(def), sendAt: def.abTest?.remainderSendAt ?? null },
  });
  await tx.broadcastTaskGroup.deleteMany({ where: { taskId } });
  if (def.groupIds?.length) await tx.broadcastTaskGroup.createMany({ data: [...new Set(def.groupIds)].map((groupId) => ({ taskId, groupId })) });
  await tx.abTestGroup.deleteMany({ where: { taskId } });
  if (def.abTest) {
    await tx.abTestGroup.createMany({
      data: def.abTest.groups.map((group, position) => ({
        taskId, position, percentage: group.percentage, content: asJson(storedNews(group.news)), sendAt: group.sendAt ?? null,
      })),
    });
  }
}
