import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { startAccountJob } from '#schema/job/start-account-job.ts';
import { ConflictError, NotFoundError } from '#src/errors.ts';
import { SYNC_CARDS_JOB } from '#jobs/sync-cards.ts';

builder.mutationFields((t) => ({
  syncCards: t.prismaField({
    type: Job,
    description:
      'Starts a background sync of the account\'s WeChat card library: cards are added or refreshed, ' +
      'cards WeChat no longer lists are removed. Follow it with jobProgress; one sync per account at a time',
    authScopes: { scope: 'write' },
    errors: { types: [NotFoundError, ConflictError] },
    args: { accountId: t.arg.id({ required: true }) },
    resolve: async (query, _root, { accountId }, ctx) => {
      const run = await startAccountJob(ctx, accountId, { kind: 'SYNC_CARDS', jobName: SYNC_CARDS_JOB });
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
