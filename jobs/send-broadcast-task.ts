import type { JobGaveUpHook, JobHandler } from '#src/jobs/runner.ts';
import { markSendDue } from '#src/authoring/due.ts';
import { sendTask } from '#src/sending/send-task.ts';
import { failRecordOfGivenUpSend } from '#src/sending/gave-up.ts';

/** Default wait for a batch's result event before asking message/mass/get (WXCAST_RESULT_RECONCILE_AFTER_MINUTES). */
const DEFAULT_RECONCILE_AFTER_MINUTES = 30;

/** Default grace before a late planned send counts as missed (WXCAST_MISSED_SEND_GRACE_MINUTES). */
const DEFAULT_GRACE_MINUTES = 15;

/**
 * Fires at a planned send's time: marks the send DUE (or MISSED when it fired too late), then
 * sends a due task through the sending engine. A rerun (a retry, a rescheduled wait, a worker
 * taking over a dead one's run) finds the send already DUE for its plan version and continues
 * the engine where its record is; while WeChat's results are awaited the run is rescheduled,
 * and asks message/mass/get about batches whose event is overdue. A/B test groups are only marked DUE for now.
 */
export const sendBroadcastTask: JobHandler<'SEND_BROADCAST_TASK'> = async ({ params, deps }) => {
  const outcome = await markSendDue(
    { prisma: deps.prisma, pubsub: deps.pubsub, clock: deps.clock, graceMs: (deps.config.missedSendGraceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000 },
    params,
  );
  if (params.slot !== 'TASK') return { outcome };
  const due = await deps.prisma.broadcastTask.count({ where: { id: params.slotId, slotState: 'DUE', planVersion: params.planVersion } });
  if (!due) return { outcome };
  const reconcileAfterMs = deps.config.resultReconcileAfterMs ?? DEFAULT_RECONCILE_AFTER_MINUTES * 60_000;
  const sent = await sendTask({ prisma: deps.prisma, pubsub: deps.pubsub, wechat: deps.wechat, reconcileAfterMs }, params.slotId);
  return { outcome: 'DUE', record: sent };
};

/**
 * Once the run failed for good, its record (stuck where the last attempt left it) is failed with
 * the run's error; see failRecordOfGivenUpSend for what happens to batches WeChat may have.
 * A run of an older plan version does not speak for the task's record.
 */
export const sendBroadcastTaskGaveUp: JobGaveUpHook<'SEND_BROADCAST_TASK'> = async ({ params, deps, error }) => {
  if (params.slot !== 'TASK') return;
  const current = await deps.prisma.broadcastTask.count({ where: { id: params.slotId, slotState: 'DUE', planVersion: params.planVersion } });
  if (current) await failRecordOfGivenUpSend(deps, params.slotId, error);
};
