import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { decodeIdOf } from '#schema/customer-group/global-ids.ts';
import { ConflictError, NotFoundError } from '#src/errors.ts';
import { findActiveAccount } from '#src/services/accounts.ts';
import { enqueueJob } from '#src/services/jobs.ts';
import { isUuid } from '#src/services/unique.ts';
import { SYNC_CARDS_JOB } from '#jobs/sync-cards.ts';

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
      const id = decodeIdOf('Account', accountId);
      if (!id || !isUuid(id)) throw new NotFoundError('Account', String(accountId));
      const account = await findActiveAccount(ctx.db, id);
      const run = await enqueueJob(
        { prisma: ctx.app.prisma, pubsub: ctx.app.pubsub, agenda: ctx.app.agenda },
        { workspaceId: ctx.viewer.workspaceId, accountId: account.id, kind: 'SYNC_CARDS', jobName: SYNC_CARDS_JOB, exclusivePerAccount: true },
      );
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
