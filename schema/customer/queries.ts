import { builder } from '#schema/builder.ts';
import { Customer } from '#schema/customer/types.ts';
import { optionalRowIdOf } from '#schema/global-ids.ts';
import { customerFilter } from '#src/services/customers.ts';

const filterOf = (args: { accountId?: string | number | null; groupId?: string | number | null }) => ({
  accountId: optionalRowIdOf('Account', args.accountId),
  groupId: optionalRowIdOf('CustomerGroup', args.groupId),
});

builder.queryFields((t) => ({
  customers: t.prismaConnection({
    type: Customer,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'Customers of the workspace, newest first',
    args: {
      accountId: t.arg.id({ description: 'Only customers who follow or followed this account' }),
      groupId: t.arg.id({ description: 'Only members of this customer group' }),
    },
    totalCount: async (_parent, args, ctx) =>
      ctx.db.customer.count({ where: await customerFilter(ctx.db, filterOf(args)) }),
    resolve: async (query, _parent, args, ctx) =>
      ctx.db.customer.findMany({
        ...query,
        where: await customerFilter(ctx.db, filterOf(args)),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));
