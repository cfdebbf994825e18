import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';
import { Customer } from '#schema/customer/types.ts';
import { CustomerGroup } from '#schema/customer-group/types.ts';
import { customerFilter } from '#src/services/customers.ts';

builder.queryFields((t) => ({
  customers: t.prismaConnection({
    type: Customer,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'Customers of the workspace, newest first',
    args: {
      accountId: t.arg.globalID({ for: Account, description: 'Only customers who follow or followed this account' }),
      groupId: t.arg.globalID({ for: CustomerGroup, description: 'Only members of this customer group' }),
    },
    totalCount: async (_parent, args, ctx) =>
      ctx.db.customer.count({ where: await customerFilter(ctx.db, { accountId: args.accountId?.id, groupId: args.groupId?.id }) }),
    resolve: async (query, _parent, args, ctx) =>
      ctx.db.customer.findMany({
        ...query,
        where: await customerFilter(ctx.db, { accountId: args.accountId?.id, groupId: args.groupId?.id }),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));
