import type { SendSlotState } from '#src/generated/prisma/enums.ts';
import type { LoadedBroadcast } from '#src/authoring/broadcasts.ts';

/**
 * One planned send of a broadcast: a task without A/B test, an A/B test group, or the remainder
 * of a task with an A/B test (the task row itself). Each gets its own job and, later, its own
 * send record.
 */
export interface Slot {
  kind: 'TASK' | 'AB_TEST_GROUP';
  id: string;
  taskId: string;
  /** Part of an A/B test (a test group or the remainder): its time is the A/B test's own. */
  abTest: boolean;
  sendAt: Date | null;
  state: SendSlotState;
  planVersion: number;
  jobId: string | null;
}

/** The slots of a loaded broadcast, in task order, test groups before their remainder. */
export function slotsOf(broadcast: LoadedBroadcast): Slot[] {
  return broadcast.tasks.flatMap((task) => {
    const abTest = task.abTestGroups.length > 0;
    const groups: Slot[] = task.abTestGroups.map((group) => ({
      kind: 'AB_TEST_GROUP', id: group.id, taskId: task.id, abTest: true, sendAt: group.sendAt, state: group.slotState, planVersion: group.planVersion, jobId: group.jobId,
    }));
    return [...groups, { kind: 'TASK', id: task.id, taskId: task.id, abTest, sendAt: task.sendAt, state: task.slotState, planVersion: task.planVersion, jobId: task.jobId }];
  });
}
