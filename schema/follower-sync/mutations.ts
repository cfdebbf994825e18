import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { accountRowId } from '#schema/customer-group/global-ids.ts';
import { ConflictError, NotFoundError, ValidationError, WeChatApiError } from '#src/errors.ts';
import { startFollowerSync } from '#src/services/follower-sync.ts';

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
      const run = await startFollowerSync(ctx.app, ctx.db, ctx.viewer.workspaceId, accountRowId(accountId));
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
