import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { startAccountJob } from '#schema/job/start-account-job.ts';
import { ConflictError, NotFoundError, ValidationError, WeChatApiError } from '#src/errors.ts';
import { SYNC_FOLLOWERS_JOB } from '#jobs/sync-followers.ts';

builder.mutationFields((t) => ({
  syncFollowers: t.prismaField({
    type: Job,
    description:
      'Starts a background sync of the account\'s followers from WeChat: customers are merged by unionid, ' +
      'followers no longer listed are marked unsubscribed. Follow it with jobProgress; one sync per account at a time',
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError, ConflictError, WeChatApiError] },
    args: { accountId: t.arg.id({ required: true }) },
    resolve: async (query, _root, { accountId }, ctx) => {
      const run = await startAccountJob(ctx, accountId, { kind: 'SYNC_FOLLOWERS', jobName: SYNC_FOLLOWERS_JOB });
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
