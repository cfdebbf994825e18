import { builder } from '#schema/builder.ts';
import { Customer } from '#schema/customer/types.ts';
import { optionalRowIdOf, withIdsAsGiven } from '#schema/global-ids.ts';
import { customerFilter } from '#src/services/customers.ts';
import type { ScopedDb } from '#src/db/scoped.ts';

/** The customer filter of the arguments; an account or group not in the workspace is NotFoundError naming the id as sent. */
const filterFor = (db: ScopedDb, args: { accountId?: string | number | null; groupId?: string | number | null }) =>
  withIdsAsGiven([args.accountId, args.groupId], () =>
    customerFilter(db, { accountId: optionalRowIdOf('Account', args.accountId), groupId: optionalRowIdOf('CustomerGroup', args.groupId) }),
  );

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
      ctx.db.customer.count({ where: await filterFor(ctx.db, args) }),
    resolve: async (query, _parent, args, ctx) =>
      ctx.db.customer.findMany({
        ...query,
        where: await filterFor(ctx.db, args),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));
