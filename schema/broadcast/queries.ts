import { builder } from '#schema/builder.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { Broadcast, BroadcastStateEnum } from '#schema/broadcast/types.ts';
import { rowId } from '#schema/broadcast/inputs.ts';
import { workspaceAccountId } from '#src/services/accounts.ts';
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

function whereOf(accountId: string, filter: FilterValues | null | undefined): Prisma.BroadcastWhereInput {
  const and: Prisma.BroadcastWhereInput[] = [{ accountId }];
  if (filter?.states?.length) and.push({ state: { in: filter.states } });
  if (filter?.search?.trim()) and.push({ name: { contains: filter.search.trim(), mode: 'insensitive' } });
  if (filter?.campaignId) {
    const campaignId = rowId('Campaign', filter.campaignId);
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
    totalCount: async (_parent, { accountId, filter }, ctx) =>
      ctx.db.broadcast.count({ where: whereOf(await workspaceAccountId(ctx.db, rowIdOf('Account', accountId)), filter) }),
    resolve: async (query, _parent, { accountId, filter }, ctx) =>
      ctx.db.broadcast.findMany({
        ...query,
        where: whereOf(await workspaceAccountId(ctx.db, rowIdOf('Account', accountId)), filter),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));
