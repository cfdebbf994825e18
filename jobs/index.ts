import type { Agenda } from 'agenda';
import { JOB_KINDS, policyOf, type JobKind } from '#src/jobs/registry.ts';
import { runJob, type JobGaveUpHook, type JobHandler, type WorkerDeps } from '#src/jobs/runner.ts';
import type { TrackedJobData } from '#src/services/jobs.ts';
import { ping } from '#jobs/ping.ts';
import { syncFollowersJob } from '#jobs/sync-followers.ts';
import { syncCards } from '#jobs/sync-cards.ts';
import { syncMaterialsJob } from '#jobs/sync-materials.ts';
import { handleWeChatEvent } from '#jobs/handle-wechat-event.ts';
import { sendBroadcastTask, sendBroadcastTaskGaveUp } from '#jobs/send-broadcast-task.ts';

/** Every kind's handler; the type makes the list complete (a kind without one does not compile). */
export const JOB_HANDLERS: { [K in JobKind]: JobHandler<K> } = {
  PING: ping,
  SYNC_FOLLOWERS: syncFollowersJob,
  SYNC_MATERIALS: syncMaterialsJob,
  SYNC_CARDS: syncCards,
  HANDLE_WECHAT_EVENT: handleWeChatEvent,
  SEND_BROADCAST_TASK: sendBroadcastTask,
};

/** Kinds that repair what a run left half done once it failed for good (after its last attempt). */
export const JOB_GAVE_UP_HOOKS: { [K in JobKind]?: JobGaveUpHook<K> } = {
  SEND_BROADCAST_TASK: sendBroadcastTaskGaveUp,
};

/** Defines every job kind on this worker's Agenda, run by the shared runner under its policy. */
export function registerJobs(agenda: Agenda, deps: WorkerDeps) {
  for (const kind of Object.keys(JOB_KINDS) as JobKind[]) {
    const handler = JOB_HANDLERS[kind] as JobHandler<JobKind>;
    const gaveUp = JOB_GAVE_UP_HOOKS[kind] as JobGaveUpHook<JobKind> | undefined;
    agenda.define<TrackedJobData>(JOB_KINDS[kind].name, (job) => runJob(deps, kind, handler, job, gaveUp), {
      // Agenda re-delivers a job whose lock is this old; the runner's heartbeat renews it.
      lockLifetime: policyOf(kind).lockLifetimeMs,
    });
  }
}
