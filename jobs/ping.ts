import type { Agenda } from 'agenda';
import { runTrackedJob, type JobDeps, type TrackedJobData } from '#src/services/jobs.ts';

/** A trivial job that proves scheduling end to end: it runs at its time and echoes a message. */
export const PING_JOB = 'ping';

/** Params stored on the job row by `schedulePing`. */
export interface PingParams {
  message: string;
}

export function definePingJob(agenda: Agenda, deps: JobDeps) {
  agenda.define<TrackedJobData>(PING_JOB, async (job) => {
    await runTrackedJob(deps, job.attrs.data.jobRunId, async (run) => {
      const { message } = run.params as unknown as PingParams;
      return { message, ranAt: new Date().toISOString() };
    });
  });
}
