import type { Agenda } from 'agenda';
import type { Db } from '#src/db/client.ts';
import type { JobRun } from '#src/generated/prisma/client.ts';
import { logger } from '#src/logger.ts';
import { JOB_KINDS, jobKindOf } from '#src/jobs/registry.ts';

export interface DispatchDeps {
  prisma: Db;
  agenda: Agenda;
}

/**
 * Hands a run to Agenda (due at its `runAt`) and notes when. A run handed over twice is harmless:
 * the runner claims a run by compare-and-set, so any extra delivery does nothing.
 */
export async function dispatchRun(deps: DispatchDeps, run: Pick<JobRun, 'id' | 'kind' | 'runAt'>) {
  await deps.agenda.schedule(run.runAt, JOB_KINDS[jobKindOf(run.kind)].name, { jobRunId: run.id });
  await deps.prisma.$executeRaw`UPDATE job_runs SET dispatched_at = clock_timestamp() WHERE id = ${run.id}::uuid`;
}

/** A run written but not handed to Agenda within this long is presumed orphaned (its process died). */
export const DISPATCH_GRACE_MS = 5_000;

/**
 * Finds runs that no Agenda job will run and hands them over: QUEUED runs that were never
 * dispatched (their process died between writing the row and scheduling it), and RUNNING runs
 * whose lease expired (their worker died) that were not dispatched since. Every worker runs this
 * at start and periodically, so no run, and no per-account exclusivity it holds, is stuck.
 * Returns the runs dispatched.
 */
export async function reconcileJobRuns(deps: DispatchDeps): Promise<number> {
  const orphans = await deps.prisma.$queryRaw<Pick<JobRun, 'id' | 'kind' | 'runAt'>[]>`
    SELECT id, kind, greatest(run_at, clock_timestamp()) AS "runAt" FROM job_runs
    WHERE (status = 'QUEUED' AND dispatched_at IS NULL
           AND created_at < clock_timestamp() - make_interval(secs => ${DISPATCH_GRACE_MS / 1000}))
       OR (status = 'RUNNING' AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
           AND (dispatched_at IS NULL OR lease_expires_at IS NULL OR dispatched_at < lease_expires_at))
    ORDER BY run_at LIMIT 1000`;
  for (const run of orphans) {
    await dispatchRun(deps, run);
    logger.info({ jobRunId: run.id, kind: run.kind }, 'reconciler: handed an orphaned job run to the job store');
  }
  return orphans.length;
}

/** Runs the reconciler now and every `intervalMs` until the returned stop() is called. */
export function startReconciler(deps: DispatchDeps, intervalMs: number): () => void {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = reconcileJobRuns(deps).catch((error: unknown) => logger.warn({ err: error }, 'reconciler: pass failed; next pass retries'));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    void running;
  };
}
