import { builder } from '#schema/builder.ts';
import { accountIdOf } from '#schema/account/ids.ts';
import { Card } from '#schema/card/types.ts';

builder.queryFields((t) => ({
  cards: t.prismaConnection({
    type: Card,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'The account\'s card library as of its last syncCards, by title',
    args: { accountId: t.arg.id({ required: true }) },
    totalCount: async (_parent, { accountId }, ctx) => ctx.db.card.count({ where: { accountId: await accountIdOf(ctx.db, accountId) } }),
    resolve: async (query, _parent, { accountId }, ctx) =>
      ctx.db.card.findMany({ ...query, where: { accountId: await accountIdOf(ctx.db, accountId) }, orderBy: [{ title: 'asc' }, { id: 'asc' }] }),
  }),
}));
