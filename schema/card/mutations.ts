import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { ConflictError, NotFoundError } from '#src/errors.ts';
import { startCardSync } from '#src/services/cards.ts';

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
      const run = await startCardSync(ctx.app, ctx.db, ctx.viewer.workspaceId, rowIdOf('Account', accountId));
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
