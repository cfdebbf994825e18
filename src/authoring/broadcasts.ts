import type { BroadcastState } from '#src/generated/prisma/enums.ts';
import { ConflictError, NotFoundError, ValidationError } from '#src/errors.ts';
import { findActiveAccount } from '#src/services/accounts.ts';
import { isUuid } from '#src/services/unique.ts';
import type { AuthoringDeps } from '#src/authoring/deps.ts';
import { StaleVersionError, AbTestTimeLockedError } from '#src/authoring/errors.ts';
import { publishBroadcastStatus } from '#src/authoring/events.ts';
import { checkTask, writeTask, type TaskDefinition } from '#src/authoring/task-definition.ts';

export interface CreateBroadcastInput {
  accountId: string;
  name: string;
  campaignId?: string;
  firstTask: TaskDefinition;
  /** Save as a draft: completeness and sending rules are not checked (they are when it is planned). */
  draft?: boolean;
}

export interface UpdateBroadcastInput {
  id: string;
  /** The version the caller read; another one means someone changed it since (StaleVersionError). */
  version: number;
  name?: string;
  campaignId?: string | null;
  /** Tasks to redefine, each replaced as a whole. */
  tasks?: { taskId: string; task: TaskDefinition }[];
  draft?: boolean;
}

/** States in which a broadcast's definition may still change. */
const EDITABLE: BroadcastState[] = ['DRAFT', 'READY', 'SCHEDULED', 'MISSED'];

function checkName(name: string, path: string[]) {
  const trimmed = name.trim();
  if (!trimmed) throw ValidationError.field(path, 'must not be empty');
  if (trimmed.length > 100) throw ValidationError.field(path, 'must be at most 100 characters');
  return trimmed;
}

async function checkCampaign(deps: AuthoringDeps, campaignId: string | null | undefined, path: string[]) {
  if (!campaignId) return;
  if (!(isUuid(campaignId) && (await deps.db.campaign.findFirst({ where: { id: campaignId }, select: { id: true } })))) {
    throw ValidationError.field(path, 'no such campaign');
  }
}

/**
 * Creates a broadcast with its first task, in one transaction. A draft may be incomplete; any
 * other save runs every rule and leaves the broadcast READY to be planned.
 */
export async function createBroadcast(deps: AuthoringDeps, input: CreateBroadcastInput) {
  const account = await findActiveAccount(deps.db, input.accountId);
  const name = checkName(input.name, ['input', 'name']);
  await checkCampaign(deps, input.campaignId, ['input', 'campaignId']);
  const draft = input.draft ?? false;
  await checkTask(input.firstTask, {
    db: deps.db, accountId: account.id, timeZone: account.timeZone, now: deps.clock.now(), draft, role: 'FIRST', path: ['input', 'firstTask'],
  });
  const broadcast = await deps.db.$transaction(async (tx) => {
    const created = await tx.broadcast.create({
      data: { accountId: account.id, name, campaignId: input.campaignId ?? null, state: draft ? 'DRAFT' : 'READY' } as never,
    });
    const task = await tx.broadcastTask.create({ data: { broadcastId: created.id, position: 0 } });
    await writeTask(tx, task.id, input.firstTask);
    return created;
  });
  publishBroadcastStatus(deps.pubsub, broadcast);
  return broadcast;
}

/** The broadcast of this workspace; NotFoundError otherwise (also for malformed or foreign ids). */
export async function findBroadcast(deps: AuthoringDeps, id: string) {
  const broadcast = isUuid(id)
    ? await deps.db.broadcast.findFirst({ where: { id }, include: { account: true, tasks: { orderBy: { position: 'asc' }, include: { groups: true, abTestGroups: { orderBy: { position: 'asc' } } } } } })
    : null;
  if (!broadcast) throw new NotFoundError('Broadcast', id);
  return broadcast;
}

export type LoadedBroadcast = Awaited<ReturnType<typeof findBroadcast>>;

/**
 * Takes the version the caller read, inside the caller's transaction: increments it when it is
 * still current, else throws StaleVersionError (so two editors never overwrite each other blindly).
 */
export async function claimVersion(tx: Pick<AuthoringDeps['db'], 'broadcast'>, id: string, version: number) {
  const claimed = await tx.broadcast.updateMany({ where: { id, version }, data: { version: { increment: 1 } } });
  if (claimed.count === 1) return version + 1;
  const current = await tx.broadcast.findFirst({ where: { id }, select: { version: true } });
  if (!current) throw new NotFoundError('Broadcast', id);
  throw new StaleVersionError(version, current.version);
}

/**
 * Changes a broadcast read at `version`. A non-draft save re-checks every task. While it is
 * scheduled only name and campaign may change (A/B times never: AbTestTimeLockedError); cancel
 * the schedule to change its tasks.
 */
export async function updateBroadcast(deps: AuthoringDeps, input: UpdateBroadcastInput) {
  const broadcast = await findBroadcast(deps, input.id);
  if (!EDITABLE.includes(broadcast.state)) throw new ConflictError(`a ${broadcast.state} broadcast can no longer be changed`);
  const name = input.name === undefined ? undefined : checkName(input.name, ['input', 'name']);
  await checkCampaign(deps, input.campaignId, ['input', 'campaignId']);
  const draft = input.draft ?? broadcast.state === 'DRAFT';
  const scheduled = broadcast.state === 'SCHEDULED';
  // A missed broadcast may still hold scheduled sends: its groups change only after a cancel, too.
  const planned = scheduled || broadcast.state === 'MISSED';
  if (planned && draft) throw new ConflictError(`a ${broadcast.state} broadcast cannot become a draft; cancel its schedule first`);
  const changes = new Map((input.tasks ?? []).map((change, i) => [change.taskId, { ...change, i }]));
  for (const [taskId, change] of changes) {
    const task = broadcast.tasks.find((row) => row.id === taskId);
    if (!task) throw ValidationError.field(['input', 'tasks', String(change.i), 'taskId'], 'no such task of this broadcast');
    if (planned) {
      const newTimes = change.task.abTest?.groups.map((group) => group.sendAt?.getTime() ?? null) ?? [];
      const oldTimes = task.abTestGroups.map((group) => group.sendAt?.getTime() ?? null);
      const remainderChanged = task.abTestGroups.length > 0 && change.task.abTest?.remainderSendAt?.getTime() !== task.sendAt?.getTime();
      if (scheduled && task.abTestGroups.length > 0 && (remainderChanged || JSON.stringify(newTimes) !== JSON.stringify(oldTimes))) {
        throw new AbTestTimeLockedError(['input', 'tasks', String(change.i), 'task', 'abTest'], 'A/B test times cannot change once the broadcast is scheduled');
      }
      throw new ConflictError(`the groups of a ${broadcast.state} broadcast cannot change; cancel its schedule first`);
    }
  }
  // Every task is checked on a non-draft save, changed or not: the whole broadcast must be sendable.
  const now = deps.clock.now();
  for (const [position, task] of broadcast.tasks.entries()) {
    const change = changes.get(task.id);
    const def = change?.task ?? storedDefinition(task);
    await checkTask(def, {
      db: deps.db, accountId: broadcast.accountId, timeZone: broadcast.account.timeZone, now, draft,
      role: position === 0 ? 'FIRST' : 'COMPARISON',
      path: change ? ['input', 'tasks', String(change.i), 'task'] : ['tasks', String(position)],
      storedAbTimes: task.abTestGroups.map((group) => group.sendAt),
    });
  }
  const state: BroadcastState = scheduled ? 'SCHEDULED' : broadcast.state === 'MISSED' ? 'MISSED' : draft ? 'DRAFT' : 'READY';
  const updated = await deps.db.$transaction(async (tx) => {
    const version = await claimVersion(tx, broadcast.id, input.version);
    for (const change of changes.values()) await writeTask(tx, change.taskId, change.task);
    return tx.broadcast.update({
      where: { id: broadcast.id },
      data: { state, version, ...(name === undefined ? {} : { name }), ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }) },
    });
  });
  publishBroadcastStatus(deps.pubsub, updated);
  return updated;
}

/** A stored task as a definition again (to re-check tasks a save does not change). */
export function storedDefinition(task: LoadedBroadcast['tasks'][number]): TaskDefinition {
  const content = task.content as { kind: string; news?: { materialId: string; articles: { materialId: string; index: number; coverImageId: string | null }[] } | null; text?: string; imageId?: string | null; cardId?: string | null } | null;
  const news = (value: { materialId: string; articles: { materialId: string; index: number; coverImageId: string | null }[] }) => ({
    materialId: value.materialId,
    articles: value.articles.length ? value.articles.map((a) => ({ materialId: a.materialId, index: a.index, ...(a.coverImageId ? { coverImageId: a.coverImageId } : {}) })) : undefined,
  });
  return {
    name: task.name,
    campaignId: task.campaignId ?? undefined,
    audience: task.audience ?? undefined,
    groupIds: task.groups.map((group) => group.groupId),
    content: content ? {
      kind: content.kind as 'NEWS',
      news: content.news ? news(content.news) : undefined,
      text: content.text,
      imageId: content.imageId ?? undefined,
      cardId: content.cardId ?? undefined,
    } : undefined,
    abTest: task.abTestGroups.length ? {
      groups: task.abTestGroups.map((group) => ({ percentage: group.percentage, news: news(group.content as never), sendAt: group.sendAt ?? undefined })),
      remainderSendAt: task.sendAt ?? undefined,
    } : undefined,
  };
}

/**
 * Deletes a broadcast that has not started sending, version-checked like an update. Its jobs are
 * handed to `removeJobs` after the commit (a job that fires in between finds no row and does nothing).
 */
export async function deleteBroadcast(deps: AuthoringDeps, id: string, version: number, removeJobs?: (jobIds: string[]) => Promise<void>) {
  const broadcast = await findBroadcast(deps, id);
  if (broadcast.state === 'SENDING' || broadcast.state === 'DONE') throw new ConflictError(`a ${broadcast.state} broadcast cannot be deleted`);
  const deletedVersion = await deps.db.$transaction(async (tx) => {
    const next = await claimVersion(tx, broadcast.id, version);
    await tx.broadcast.delete({ where: { id: broadcast.id } });
    return next;
  });
  const jobIds = broadcast.tasks.flatMap((task) => [task.jobId, ...task.abTestGroups.map((group) => group.jobId)]).filter((jobId): jobId is string => Boolean(jobId));
  if (jobIds.length) await removeJobs?.(jobIds);
  publishBroadcastStatus(deps.pubsub, { id: broadcast.id, accountId: broadcast.accountId, state: null, version: deletedVersion });
  return broadcast.id;
}
