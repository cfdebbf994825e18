import { builder } from '#schema/builder.ts';
import { optionalRowIdOf, withIdsAsGiven } from '#schema/global-ids.ts';
import { SendRecord } from '#schema/sending/types.ts';
import { workspaceAccountId } from '#src/services/accounts.ts';
import { NotFoundError, ValidationError } from '#src/errors.ts';
import type { Context } from '#src/context.ts';

/** The records' filter: of one broadcast or of one account, of the caller's workspace (NotFoundError otherwise). */
async function whereOf(ctx: Context, args: { broadcastId?: string | number | null; accountId?: string | number | null }) {
  const broadcastId = optionalRowIdOf('Broadcast', args.broadcastId);
  const accountId = optionalRowIdOf('Account', args.accountId);
  if ((broadcastId === undefined) === (accountId === undefined)) throw ValidationError.field(['broadcastId'], 'give exactly one of broadcastId and accountId');
  if (broadcastId) {
    const broadcast = await ctx.db.broadcast.findFirst({ where: { id: broadcastId }, select: { id: true } });
    if (!broadcast) throw new NotFoundError('Broadcast', String(args.broadcastId));
    return { broadcastId };
  }
  return { accountId: await withIdsAsGiven([args.accountId], () => workspaceAccountId(ctx.db, accountId!)) };
}

builder.queryFields((t) => ({
  sendRecords: t.prismaConnection({
    type: SendRecord,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'What the sends of a broadcast (or of every broadcast of an account) became, newest first, with their batches',
    args: {
      broadcastId: t.arg.id({ description: 'Records of this broadcast' }),
      accountId: t.arg.id({ description: 'Records of every broadcast of this account' }),
    },
    totalCount: async (_parent, args, ctx) => ctx.db.sendRecord.count({ where: await whereOf(ctx, args) }),
    resolve: async (query, _parent, args, ctx) =>
      ctx.db.sendRecord.findMany({ ...query, where: await whereOf(ctx, args), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
}));
