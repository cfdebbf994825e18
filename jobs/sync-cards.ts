import type { Agenda } from 'agenda';
import { runTrackedJob, type JobDeps, type TrackedJobData } from '#src/services/jobs.ts';
import { syncAccountCards } from '#src/services/cards.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';

/** Mirrors one account's WeChat card library into Card rows. */
export const SYNC_CARDS_JOB = 'sync-cards';

/**
 * The job row carries the account (JobRun.accountId); no params. Enqueued exclusively per
 * account: a second sync of the same account is refused while one is queued or running.
 */
export type SyncCardsParams = Record<string, never>;

export function defineSyncCardsJob(agenda: Agenda, deps: JobDeps & { wechat: Pick<WeChatAccess, 'clientFor'> }) {
  agenda.define<TrackedJobData>(SYNC_CARDS_JOB, async (job) => {
    await runTrackedJob(deps, job.attrs.data.jobRunId, async (run, progress) => {
      if (!run.accountId) throw new Error('sync-cards job without an account');
      const client = await deps.wechat.clientFor(run.accountId);
      return syncAccountCards({ prisma: deps.prisma, cards: client }, run.accountId, progress);
    });
  });
}
