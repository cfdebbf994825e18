import type { JobHandler } from '#src/jobs/runner.ts';
import { syncAccountCards } from '#src/services/cards.ts';

/** Mirrors one account's WeChat card library into Card rows; the account is the run's. */
export const syncCards: JobHandler<'SYNC_CARDS'> = async ({ run, deps, progress }) => {
  if (!run.accountId) throw new Error('sync-cards job without an account');
  const client = await deps.wechat.clientFor(run.accountId);
  return syncAccountCards({ prisma: deps.prisma, cards: client }, run.accountId, progress);
};
