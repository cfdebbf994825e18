import { ConflictError, NotFoundError, ValidationError } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';
import type { AuthoringDeps } from '#src/authoring/deps.ts';
import { publishBroadcastStatus } from '#src/authoring/events.ts';
import { claimVersion, findBroadcast } from '#src/authoring/broadcasts.ts';
import { checkTask, writeTask, type TaskDefinition } from '#src/authoring/task-definition.ts';

// Groups change only while nothing is planned: a planned (or missed) broadcast is cancelled first,
// so no job is left pointing at a group that changed or went away.
const UNPLANNED_STATES = ['DRAFT', 'READY'];

/**
 * Adds a comparison group to a broadcast whose first group goes to customer groups: its own name,
 * campaign, content and audience (other groups, minus the first group's members, or every
 * remaining follower). Checked like the broadcast (fully unless it is a draft); version-checked.
 */
export async function addComparisonGroup(deps: AuthoringDeps, input: { broadcastId: string; version: number; task: TaskDefinition }) {
  const broadcast = await findBroadcast(deps, input.broadcastId);
  if (!UNPLANNED_STATES.includes(broadcast.state)) throw new ConflictError(`a ${broadcast.state} broadcast cannot get new groups; cancel its schedule first`);
  const first = broadcast.tasks[0]!;
  if (first.audience !== 'GROUPS') {
    throw ValidationError.field(['input', 'broadcastId'], 'comparison groups need a first group sent to customer groups (save it with groups first)');
  }
  await checkTask(input.task, {
    db: deps.db, accountId: broadcast.accountId, timeZone: broadcast.account.timeZone, now: deps.clock.now(),
    draft: broadcast.state === 'DRAFT', role: 'COMPARISON', path: ['input', 'task'],
  });
  const position = Math.max(...broadcast.tasks.map((task) => task.position)) + 1;
  const { task, updated } = await deps.db.$transaction(async (tx) => {
    const version = await claimVersion(tx, broadcast.id, input.version);
    const task = await tx.broadcastTask.create({ data: { broadcastId: broadcast.id, position } });
    await writeTask(tx, task.id, input.task);
    const updated = await tx.broadcast.update({ where: { id: broadcast.id }, data: { version } });
    return { task, updated };
  });
  publishBroadcastStatus(deps.pubsub, updated);
  return task;
}

/** Removes a comparison group (never the first group: delete the broadcast instead). */
export async function removeBroadcastTask(deps: AuthoringDeps, input: { taskId: string; version: number }) {
  const task = isUuid(input.taskId) ? await deps.db.broadcastTask.findFirst({ where: { id: input.taskId }, select: { broadcastId: true, position: true } }) : null;
  if (!task) throw new NotFoundError('BroadcastTask', input.taskId);
  const broadcast = await findBroadcast(deps, task.broadcastId);
  if (!UNPLANNED_STATES.includes(broadcast.state)) throw new ConflictError(`a ${broadcast.state} broadcast's groups cannot change; cancel its schedule first`);
  if (task.position === 0) throw ValidationError.field(['input', 'taskId'], 'the first group cannot be removed; delete the broadcast instead');
  const updated = await deps.db.$transaction(async (tx) => {
    const version = await claimVersion(tx, broadcast.id, input.version);
    await tx.broadcastTask.delete({ where: { id: input.taskId } });
    return tx.broadcast.update({ where: { id: broadcast.id }, data: { version } });
  });
  publishBroadcastStatus(deps.pubsub, updated);
  return updated;
}
