import { decodeGlobalID } from '@pothos/plugin-relay';
import type { App } from '#src/app.ts';

/**
 * Makes a scheduled job due now (its run's time and its Agenda row's next run), so a test can watch it while queued
 * for as long as it needs, then let it run, instead of guessing a time ahead that is long enough.
 * The worker picks it up at its next scan.
 */
export async function makeJobDueNow(app: App, jobGlobalId: string): Promise<void> {
  const { id } = decodeGlobalID(jobGlobalId);
  // Workers claim only runs that are due by their own row too.
  await app.deps.prisma.$executeRawUnsafe(`UPDATE job_runs SET run_at = now() WHERE id = $1::uuid`, id);
  // A run put back in the queue (RetryLaterError) was handed to Agenda again: its earlier Agenda
  // jobs have run (no next run); the one still to run is the one made due.
  const updated = await app.deps.prisma.$executeRawUnsafe(`UPDATE agenda.agenda_jobs SET next_run_at = now() WHERE data->>'jobRunId' = $1 AND next_run_at IS NOT NULL`, id);
  if (updated !== 1) throw new Error(`no scheduled Agenda job for job ${id}`);
}
