import type { JobGaveUpHook, JobHandler } from '#src/jobs/runner.ts';
import type { Db } from '#src/db/client.ts';
import { markSendDue, type DueParams } from '#src/authoring/due.ts';
import { sendTask } from '#src/sending/send-task.ts';
import { failRecordOfGivenUpSend } from '#src/sending/gave-up.ts';
import { ensureAbSamples } from '#src/sending/ab-samples.ts';
import { abTestGroupPart, REMAINDER_PART, TASK_PART, type RecordPart } from '#src/sending/record-part.ts';

/** Default wait for a batch's result event before asking message/mass/get (WXCAST_RESULT_RECONCILE_AFTER_MINUTES). */
const DEFAULT_RECONCILE_AFTER_MINUTES = 30;

/** Default grace before a late planned send counts as missed (WXCAST_MISSED_SEND_GRACE_MINUTES). */
const DEFAULT_GRACE_MINUTES = 15;

/**
 * Fires at a planned send's time: marks the send DUE (or MISSED when it fired too late), then
 * sends a due send through the sending engine. A rerun (a retry, a rescheduled wait, a worker
 * taking over a dead one's run) finds the send already DUE for its plan version and continues
 * the engine where its record is; while WeChat's results are awaited the run is rescheduled,
 * and asks message/mass/get about batches whose event is overdue. An A/B test group first has
 * the task's samples drawn (once per task) and then sends its news to its sample; the task's
 * own slot of an A/B test is the remainder, which waits for the test's winner.
 */
export const sendBroadcastTask: JobHandler<'SEND_BROADCAST_TASK'> = async ({ params, deps }) => {
  const outcome = await markSendDue(
    { prisma: deps.prisma, pubsub: deps.pubsub, clock: deps.clock, graceMs: (deps.config.missedSendGraceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000 },
    params,
  );
  const target = await dueTarget(deps.prisma, params);
  if (!target) return { outcome };
  if (params.slot === 'AB_TEST_GROUP') await ensureAbSamples(deps.prisma, target.taskId);
  const reconcileAfterMs = deps.config.resultReconcileAfterMs ?? DEFAULT_RECONCILE_AFTER_MINUTES * 60_000;
  const sent = await sendTask({ prisma: deps.prisma, pubsub: deps.pubsub, wechat: deps.wechat, reconcileAfterMs, now: () => deps.clock.now() }, target.taskId, target.part);
  return { outcome: 'DUE', record: sent };
};

/**
 * Once the run failed for good, its record (stuck where the last attempt left it) is failed with
 * the run's error; see failRecordOfGivenUpSend for what happens to batches WeChat may have.
 * A run of an older plan version does not speak for the record; A/B test groups and the
 * remainder fail their own records.
 */
export const sendBroadcastTaskGaveUp: JobGaveUpHook<'SEND_BROADCAST_TASK'> = async ({ params, deps, error }) => {
  const target = await dueTarget(deps.prisma, params);
  if (target) await failRecordOfGivenUpSend(deps, target, error);
};

/** The task and record part a DUE slot of this plan version sends, or null when the slot is not (or no longer) DUE. */
async function dueTarget(prisma: Db, params: DueParams): Promise<{ taskId: string; part: RecordPart } | null> {
  const due = { id: params.slotId, slotState: 'DUE' as const, planVersion: params.planVersion };
  if (params.slot === 'AB_TEST_GROUP') {
    const group = await prisma.abTestGroup.findFirst({ where: due, select: { taskId: true, position: true } });
    return group && { taskId: group.taskId, part: abTestGroupPart(group.position) };
  }
  const task = await prisma.broadcastTask.findFirst({ where: due, select: { id: true } });
  if (!task) return null;
  const abTest = await prisma.abTestGroup.count({ where: { taskId: task.id } });
  return { taskId: task.id, part: abTest ? REMAINDER_PART : TASK_PART };
}
