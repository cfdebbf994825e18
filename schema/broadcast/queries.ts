import { builder } from '#schema/builder.ts';
import { rowIdOf, withIdsAsGiven } from '#schema/global-ids.ts';
import { Broadcast, BroadcastStateEnum } from '#schema/broadcast/types.ts';
import { workspaceAccountId } from '#src/services/accounts.ts';
import { NotFoundError } from '#src/errors.ts';
import type { Context } from '#src/context.ts';
import type { Prisma } from '#src/generated/prisma/client.ts';
import type { BroadcastState } from '#src/generated/prisma/enums.ts';

const BroadcastFilter = builder.inputType('BroadcastFilter', {
  fields: (t) => ({
    states: t.field({ type: [BroadcastStateEnum], description: 'Any of these states; the queue view is [SCHEDULED]' }),
    search: t.string({ description: 'Part of the name (case-insensitive)' }),
    campaignId: t.id({ description: 'Broadcasts of this campaign (the broadcast\'s or one of its groups\')' }),
    sendFrom: t.field({ type: 'DateTime', description: 'With a send time (any group or A/B test group) at or after this instant' }),
    sendBefore: t.field({ type: 'DateTime', description: 'With a send time before this instant' }),
  }),
});

interface FilterValues {
  states?: BroadcastState[] | null;
  search?: string | null;
  campaignId?: string | number | null;
  sendFrom?: Date | null;
  sendBefore?: Date | null;
}

/**
 * The broadcasts a call asks for. The account and the filter's campaign must be the workspace's
 * (NotFoundError naming the id as sent), so that a foreign id is refused rather than matching nothing;
 * both the page and totalCount (resolved on its own) go through here.
 */
function whereOf(ctx: Context, accountGlobalId: string | number, filter: FilterValues | null | undefined): Promise<Prisma.BroadcastWhereInput> {
  return withIdsAsGiven([accountGlobalId, filter?.campaignId], async () => {
    const accountId = await workspaceAccountId(ctx.db, rowIdOf('Account', accountGlobalId));
    const campaignId = filter?.campaignId != null ? rowIdOf('Campaign', filter.campaignId) : null;
    if (campaignId && !(await ctx.db.campaign.findFirst({ where: { id: campaignId }, select: { id: true } }))) {
      throw new NotFoundError('Campaign', campaignId);
    }
    return whereOfIds(accountId, campaignId, filter);
  });
}

function whereOfIds(accountId: string, campaignId: string | null, filter: FilterValues | null | undefined): Prisma.BroadcastWhereInput {
  const and: Prisma.BroadcastWhereInput[] = [{ accountId }];
  if (filter?.states?.length) and.push({ state: { in: filter.states } });
  if (filter?.search?.trim()) and.push({ name: { contains: filter.search.trim(), mode: 'insensitive' } });
  if (campaignId) {
    and.push({ OR: [{ campaignId }, { tasks: { some: { campaignId } } }] });
  }
  if (filter?.sendFrom || filter?.sendBefore) {
    const range = { ...(filter.sendFrom ? { gte: filter.sendFrom } : {}), ...(filter.sendBefore ? { lt: filter.sendBefore } : {}) };
    and.push({ tasks: { some: { OR: [{ sendAt: range }, { abTestGroups: { some: { sendAt: range } } }] } } });
  }
  return { AND: and };
}

builder.queryFields((t) => ({
  broadcasts: t.prismaConnection({
    type: Broadcast,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'All messages of an account, drafts included, newest first',
    args: {
      accountId: t.arg.id({ required: true }),
      filter: t.arg({ type: BroadcastFilter }),
    },
    totalCount: async (_parent, { accountId, filter }, ctx) => ctx.db.broadcast.count({ where: await whereOf(ctx, accountId, filter) }),
    resolve: async (query, _parent, { accountId, filter }, ctx) =>
      ctx.db.broadcast.findMany({
        ...query,
        where: await whereOf(ctx, accountId, filter),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));
