import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { decodeIdOf } from '#schema/customer-group/global-ids.ts';
import { ConflictError, NotFoundError, ValidationError, WeChatApiError } from '#src/errors.ts';
import { findActiveAccount } from '#src/services/accounts.ts';
import { enqueueJob } from '#src/services/jobs.ts';
import { isUuid } from '#src/services/unique.ts';
import { SYNC_FOLLOWERS_JOB } from '#jobs/sync-followers.ts';

builder.mutationFields((t) => ({
  syncFollowers: t.prismaField({
    type: Job,
    description:
      'Starts a background sync of the account\'s followers from WeChat (SPEC A2): customers are merged by unionid, ' +
      'followers no longer listed are marked unsubscribed. Follow it with jobProgress; one sync per account at a time',
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError, ConflictError, WeChatApiError] },
    args: { accountId: t.arg.id({ required: true }) },
    resolve: async (query, _root, { accountId }, ctx) => {
      const id = decodeIdOf('Account', accountId);
      if (!id || !isUuid(id)) throw new NotFoundError('Account', String(accountId));
      // Through the workspace-scoped client: another workspace's account is simply not found.
      const account = await findActiveAccount(ctx.db, id);
      const run = await enqueueJob(
        { prisma: ctx.app.prisma, pubsub: ctx.app.pubsub, agenda: ctx.app.agenda },
        { workspaceId: ctx.viewer.workspaceId, accountId: account.id, kind: 'SYNC_FOLLOWERS', jobName: SYNC_FOLLOWERS_JOB, exclusivePerAccount: true },
      );
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
