import type { JobHandler } from '#src/jobs/runner.ts';
import { syncFollowers, type FollowerSyncCheckpoint } from '#src/services/follower-sync.ts';

/**
 * Synchronises one account's followers from WeChat. Each committed page is checkpointed on the
 * run, so a worker that takes the run over (its first worker died) continues after that page.
 */
export const syncFollowersJob: JobHandler<'SYNC_FOLLOWERS'> = async ({ run, deps, checkpoint, saveCheckpoint }) => {
  if (!run.accountId) throw new Error('a follower sync needs an account');
  const client = await deps.wechat.clientFor(run.accountId);
  return syncFollowers(deps.prisma, {
    workspaceId: run.workspaceId,
    accountId: run.accountId,
    client,
    startedAt: run.startedAt ?? new Date(),
    resumeFrom: (checkpoint as FollowerSyncCheckpoint | null) ?? undefined,
    onPage: (state, done, total) => saveCheckpoint(state, done, total),
  });
};
