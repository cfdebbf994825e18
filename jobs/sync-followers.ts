import type { Agenda } from 'agenda';
import { runTrackedJob, type JobDeps, type TrackedJobData } from '#src/services/jobs.ts';
import { syncFollowers } from '#src/services/follower-sync.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';

/** Synchronises one account's followers from WeChat; enqueued by `syncFollowers`. */
export const SYNC_FOLLOWERS_JOB = 'sync-followers';

/** The job row's `accountId` names the account; there are no other params. */
export type SyncFollowersDeps = JobDeps & { wechat: WeChatAccess };

export function defineSyncFollowersJob(agenda: Agenda, deps: SyncFollowersDeps) {
  agenda.define<TrackedJobData>(SYNC_FOLLOWERS_JOB, async (job) => {
    await runTrackedJob(deps, job.attrs.data.jobRunId, async (run, progress) => {
      if (!run.accountId) throw new Error('a follower sync needs an account');
      const client = await deps.wechat.clientFor(run.accountId);
      return syncFollowers(deps.prisma, {
        workspaceId: run.workspaceId,
        accountId: run.accountId,
        client,
        startedAt: run.startedAt ?? new Date(),
        onProgress: async (done, total) => {
          // A sync of 1,000,000 followers outlives Agenda's lock; each committed page renews it.
          await job.touch();
          await progress(done, total);
        },
      });
    });
  });
}
