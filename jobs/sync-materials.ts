import type { Agenda } from 'agenda';
import { runTrackedJob, type JobDeps, type TrackedJobData } from '#src/services/jobs.ts';
import { syncMaterials } from '#src/services/material-sync.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';

/** Synchronises an account's newest materials from WeChat. */
export const SYNC_MATERIALS_JOB = 'sync-materials';

/** Params stored on the job row by the `syncMaterials` mutation; the account is the row's. */
export interface SyncMaterialsParams {
  /** 20 or 500: how many of the newest materials (drafts and legacy news together). */
  count: number;
}

export function defineSyncMaterialsJob(agenda: Agenda, deps: JobDeps & { wechat: WeChatAccess }) {
  agenda.define<TrackedJobData>(SYNC_MATERIALS_JOB, async (job) => {
    await runTrackedJob(deps, job.attrs.data.jobRunId, async (run, progress) => {
      const { count } = run.params as unknown as SyncMaterialsParams;
      if (!run.accountId) throw new Error('a materials sync needs an account');
      const client = await deps.wechat.clientFor(run.accountId);
      return syncMaterials({ prisma: deps.prisma, client }, { accountId: run.accountId, count }, progress);
    });
  });
}
