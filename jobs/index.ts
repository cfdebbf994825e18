import type { Agenda } from 'agenda';
import type { JobDeps } from '#src/services/jobs.ts';
import { definePingJob } from '#jobs/ping.ts';

/** Every job a worker runs. One job per file; each file exports its name constant. */
export function registerJobs(agenda: Agenda, deps: JobDeps) {
  definePingJob(agenda, deps);
}
