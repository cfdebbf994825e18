import type { JobHandler } from '#src/jobs/runner.ts';
import { syncMaterials } from '#src/services/material-sync.ts';

/** Synchronises an account's newest materials (drafts and legacy news) from WeChat. */
export const syncMaterialsJob: JobHandler<'SYNC_MATERIALS'> = async ({ run, params, deps, progress }) => {
  if (!run.accountId) throw new Error('a materials sync needs an account');
  const client = await deps.wechat.clientFor(run.accountId);
  return syncMaterials({ prisma: deps.prisma, client }, { accountId: run.accountId, count: params.count }, progress);
};
