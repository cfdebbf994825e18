import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';

builder.queryFields((t) => ({
  accounts: t.prismaConnection({
    type: Account,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'Bound accounts of the workspace, oldest first',
    totalCount: (_parent, _args, ctx) => ctx.db.officialAccount.count({ where: { unboundAt: null } }),
    resolve: (query, _parent, _args, ctx) =>
      ctx.db.officialAccount.findMany({ ...query, where: { unboundAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  }),
}));
