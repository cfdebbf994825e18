import type { Agenda } from 'agenda';
import { logger } from '#src/logger.ts';

/** Agenda job that fires when a planned send is due (one job per task or A/B test group). */
export const SEND_BROADCAST_TASK_JOB = 'send-broadcast-task';

/**
 * Data of a send-broadcast-task job. `planVersion` is the slot's plan version when the job was
 * made: a rescheduled or cancelled slot has a newer one, so a job that escaped removal does nothing.
 */
export interface SendBroadcastTaskData {
  slot: 'TASK' | 'AB_TEST_GROUP';
  /** broadcast_tasks.id or ab_test_groups.id. */
  slotId: string;
  planVersion: number;
}

/** Enqueues the job of one planned send; returns Agenda's job id (stored on the slot). */
export async function enqueueSendJob(agenda: Agenda, at: Date, data: SendBroadcastTaskData): Promise<string> {
  const job = await agenda.schedule(at, SEND_BROADCAST_TASK_JOB, data);
  return String(job.attrs._id);
}

/**
 * Removes jobs of slots that were rescheduled, cancelled or deleted. Called after the change is
 * committed; if it fails, the jobs stay but find a newer plan version (or no row) and do nothing.
 */
export async function removePlanJobs(agenda: Agenda, jobIds: string[]): Promise<void> {
  if (jobIds.length === 0) return;
  try {
    await agenda.cancel({ ids: jobIds });
  } catch (error) {
    logger.warn({ err: error, jobIds }, 'could not remove replaced broadcast jobs; they will find a newer plan and do nothing');
  }
}
