import type { Agenda } from 'agenda';
import type { JobDeps } from '#src/services/jobs.ts';
import { definePingJob } from '#jobs/ping.ts';
import { defineSyncFollowersJob, type SyncFollowersDeps } from '#jobs/sync-followers.ts';
import { defineSyncCardsJob } from '#jobs/sync-cards.ts';
import { defineSyncMaterialsJob } from '#jobs/sync-materials.ts';

/** Every job a worker runs. One job per file; each file exports its name constant. */
export function registerJobs(agenda: Agenda, deps: JobDeps & SyncFollowersDeps) {
  definePingJob(agenda, deps);
  defineSyncFollowersJob(agenda, deps);
  defineSyncCardsJob(agenda, deps);
  defineSyncMaterialsJob(agenda, deps);
}
