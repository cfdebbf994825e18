import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { accountRowId } from '#schema/customer-group/global-ids.ts';
import { ConflictError, NotFoundError } from '#src/errors.ts';
import { startCardSync } from '#src/services/cards.ts';

builder.mutationFields((t) => ({
  syncCards: t.prismaField({
    type: Job,
    description:
      'Starts a background sync of the account\'s WeChat card library (SPEC B9): cards are added or refreshed, ' +
      'cards WeChat no longer lists are removed. Follow it with jobProgress; one sync per account at a time',
    authScopes: { scope: 'write' },
    errors: { types: [NotFoundError, ConflictError] },
    args: { accountId: t.arg.id({ required: true }) },
    resolve: async (query, _root, { accountId }, ctx) => {
      const run = await startCardSync(ctx.app, ctx.db, ctx.viewer.workspaceId, accountRowId(accountId));
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
