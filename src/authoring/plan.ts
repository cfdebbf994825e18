import { ConflictError, ValidationError } from '#src/errors.ts';
import { logger } from '#src/logger.ts';
import { dispatchRun } from '#src/jobs/dispatch.ts';
import { JOB_KINDS } from '#src/jobs/registry.ts';
import type { JobRun } from '#src/generated/prisma/client.ts';
import type { PlanDeps } from '#src/authoring/deps.ts';
import { AbTestTimeLockedError } from '#src/authoring/errors.ts';
import { publishBroadcastStatus } from '#src/authoring/events.ts';
import { claimVersion, findBroadcast, storedDefinition, type LoadedBroadcast } from '#src/authoring/broadcasts.ts';
import { checkTask } from '#src/authoring/task-definition.ts';
import { slotsOf, type Slot } from '#src/authoring/slots.ts';
import { checkDailySends } from '#src/authoring/quota.ts';

export interface ScheduleInput {
  broadcastId: string;
  version: number;
  /** One time for every group without A/B test. */
  sendAt?: Date;
  /** A time per group (overrides `sendAt` for that group). Groups with an A/B test keep their own times. */
  taskTimes?: { taskId: string; sendAt: Date }[];
}

type Tx = Parameters<Parameters<PlanDeps['db']['$transaction']>[0]>[0];

/** Every stored rule again: a broadcast is planned only when it could be sent as it is. */
async function checkSendable(deps: PlanDeps, broadcast: LoadedBroadcast) {
  for (const [position, task] of broadcast.tasks.entries()) {
    await checkTask(storedDefinition(task), {
      db: deps.db, accountId: broadcast.accountId, timeZone: broadcast.account.timeZone, now: deps.clock.now(), draft: false,
      role: position === 0 ? 'FIRST' : 'COMPARISON', path: ['tasks', String(position)],
      storedAbTimes: task.abTestGroups.map((group) => group.sendAt),
    });
  }
}

/**
 * Plans (or re-plans) a broadcast: one time for all groups or one per group; A/B test groups and
 * their remainder keep the A/B test's times (giving one is an error, AbTestTimeLockedError once
 * scheduled). Every send gets a job run written in the same transaction as the plan and handed to
 * Agenda after the commit (the job engine's reconciler hands over any the process could not);
 * the runs it replaces are removed, and any that still fires finds a newer plan version.
 * A subscription account's one send per day is checked across all its planned broadcasts.
 */
export async function scheduleBroadcast(deps: PlanDeps, input: ScheduleInput) {
  const broadcast = await findBroadcast(deps, input.broadcastId);
  if (broadcast.state === 'SENDING' || broadcast.state === 'DONE') throw new ConflictError(`a ${broadcast.state} broadcast cannot be planned again`);
  const now = deps.clock.now();
  const times = new Map<string, { sendAt: Date; i: number }>();
  for (const [i, entry] of (input.taskTimes ?? []).entries()) {
    const task = broadcast.tasks.find((row) => row.id === entry.taskId);
    const at = ['input', 'taskTimes', String(i)];
    if (!task) throw ValidationError.field([...at, 'taskId'], 'no such task of this broadcast');
    if (task.abTestGroups.length > 0) {
      if (broadcast.state === 'SCHEDULED') throw new AbTestTimeLockedError([...at, 'sendAt'], 'A/B test times cannot change once the broadcast is scheduled');
      throw ValidationError.field([...at, 'taskId'], 'a group with an A/B test is sent at the A/B test\'s own times');
    }
    times.set(task.id, { sendAt: entry.sendAt, i });
  }
  await checkSendable(deps, broadcast);
  const planned = slotsOf(broadcast).filter((slot) => slot.state !== 'DUE').map((slot) => {
    if (slot.abTest) return { slot, sendAt: slot.sendAt! };
    const given = times.get(slot.taskId);
    const sendAt = given?.sendAt ?? input.sendAt;
    const path = given ? ['input', 'taskTimes', String(given.i), 'sendAt'] : ['input', 'sendAt'];
    if (!sendAt) throw ValidationError.field(path, 'give a send time for every group without an A/B test');
    return { slot, sendAt, path };
  });
  for (const entry of planned) {
    // A time in the past would be sent late; a minute of slack lets "now" from a client pass.
    if (entry.sendAt.getTime() < now.getTime() - 60_000) {
      throw ValidationError.field('path' in entry && entry.path ? entry.path : ['tasks'], 'is in the past');
    }
  }
  // A/B sends already scheduled keep their job; everything else gets a new one.
  const changed = planned.filter(({ slot, sendAt }) => !(slot.abTest && slot.state === 'SCHEDULED' && slot.sendAt?.getTime() === sendAt.getTime()));
  return commitPlan(deps, broadcast, changed, 'SCHEDULED', input.version, planned.map(({ slot, sendAt }) => ({ slot, sendAt })));
}

/** Sends every group now except those with an A/B test, which keep their (scheduled) times. */
export async function sendBroadcastNow(deps: PlanDeps, input: { broadcastId: string; version: number }) {
  return scheduleBroadcast(deps, { ...input, sendAt: deps.clock.now() });
}

/** Takes a planned (or missed) broadcast back to READY: its jobs are removed. */
export async function cancelBroadcastSchedule(deps: PlanDeps, input: { broadcastId: string; version: number }) {
  const broadcast = await findBroadcast(deps, input.broadcastId);
  if (broadcast.state !== 'SCHEDULED' && broadcast.state !== 'MISSED') throw new ConflictError(`a ${broadcast.state} broadcast has no schedule to cancel`);
  const slots = slotsOf(broadcast);
  if (slots.some((slot) => slot.state === 'DUE')) throw new ConflictError('part of this broadcast is already being sent');
  return commitPlan(deps, broadcast, slots.map((slot) => ({ slot, sendAt: null })), 'READY', input.version, []);
}

async function commitPlan(
  deps: PlanDeps,
  broadcast: LoadedBroadcast,
  changes: { slot: Slot; sendAt: Date | null }[],
  state: 'SCHEDULED' | 'READY',
  version: number,
  wholePlan: { slot: Slot; sendAt: Date }[],
) {
  const { updated, runs, replaced } = await deps.db.$transaction(async (tx) => {
    const next = await claimVersion(tx, broadcast.id, version);
    // Serialises plans of one account, so two broadcasts cannot both take a subscription account's day.
    await tx.$queryRaw`SELECT id FROM official_accounts WHERE id = ${broadcast.accountId}::uuid FOR UPDATE`;
    await checkDailySends(tx, broadcast, wholePlan);
    const runs: JobRun[] = [];
    const replaced = changes.flatMap(({ slot }) => (slot.jobId ? [slot.jobId] : []));
    if (replaced.length) await tx.jobRun.deleteMany({ where: { id: { in: replaced }, status: 'QUEUED' } });
    for (const { slot, sendAt } of changes) {
      const planVersion = slot.planVersion + 1;
      let jobId: string | null = null;
      if (sendAt) {
        const params = JOB_KINDS.SEND_BROADCAST_TASK.params.parse({ slot: slot.kind, slotId: slot.id, planVersion });
        const run = await tx.jobRun.create({ data: { accountId: broadcast.accountId, kind: 'SEND_BROADCAST_TASK', params, runAt: sendAt } as never });
        runs.push(run);
        jobId = run.id;
      }
      await writeSlot(tx, slot, { sendAt, planVersion, jobId, slotState: sendAt ? 'SCHEDULED' : 'UNPLANNED' });
    }
    const updated = await tx.broadcast.update({ where: { id: broadcast.id }, data: { version: next, state } });
    return { updated, runs, replaced };
  });
  for (const run of runs) {
    await dispatchRun(deps, run).catch((error: unknown) =>
      logger.warn({ err: error, jobRunId: run.id }, 'could not hand a broadcast job to the job store; the reconciler will'));
  }
  await removeAgendaJobs(deps, replaced);
  publishBroadcastStatus(deps.pubsub, updated);
  return updated;
}

/** The A/B remainder's time lives on its task (it is the task's send time), so only its plan columns change. */
async function writeSlot(tx: Tx, slot: Slot, data: { sendAt: Date | null; planVersion: number; jobId: string | null; slotState: 'SCHEDULED' | 'UNPLANNED' }) {
  const columns = { planVersion: data.planVersion, jobId: data.jobId, slotState: data.slotState, dueAt: null };
  const keepTime = slot.abTest; // A/B times are the A/B test's own; cancelling keeps them for the next plan
  if (slot.kind === 'AB_TEST_GROUP') await tx.abTestGroup.update({ where: { id: slot.id }, data: columns });
  else await tx.broadcastTask.update({ where: { id: slot.id }, data: { ...columns, ...(keepTime ? {} : { sendAt: data.sendAt }) } });
}

/** Removes the Agenda entries of replaced runs (their rows are gone already, so a late firing does nothing). */
async function removeAgendaJobs(deps: PlanDeps, jobRunIds: string[]) {
  for (const jobRunId of jobRunIds) {
    await deps.agenda.cancel({ name: JOB_KINDS.SEND_BROADCAST_TASK.name, data: { jobRunId } }).catch((error: unknown) =>
      logger.warn({ err: error, jobRunId }, 'could not remove a replaced broadcast job from the job store; it will find no run and do nothing'));
  }
}

/** Removes the jobs of a deleted broadcast: their runs and Agenda entries. */
export async function removeBroadcastJobs(deps: PlanDeps, jobRunIds: string[]) {
  await deps.prisma.jobRun.deleteMany({ where: { id: { in: jobRunIds }, status: 'QUEUED' } });
  await removeAgendaJobs(deps, jobRunIds);
}
