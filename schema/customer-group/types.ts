import { builder } from '#schema/builder.ts';
import { Customer } from '#schema/customer/types.ts';
import { accountIdOf } from '#schema/account/ids.ts';

/** A static list of customers: the audience unit of group broadcasts. */
export const CustomerGroup = builder.prismaNode('CustomerGroup', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    memberCount: t.relationCount('members', { description: 'Members, whether or not they follow any account now' }),
    followingCount: t.int({
      description: 'Members who follow the account now: those a group send to it reaches',
      args: { accountId: t.arg.id({ required: true }) },
      // The account must be one of the workspace's (NotFoundError otherwise, as everywhere): a
      // count of 0 would read as "nobody of this group follows it".
      resolve: async (group, { accountId }, ctx) => {
        const account = await accountIdOf(ctx.db, accountId);
        return ctx.db.customerGroupMember.count({
          where: { groupId: group.id, customer: { followers: { some: { accountId: account, subscribed: true } } } },
        });
      },
    }),
    splitFrom: t.relation('splitFrom', { nullable: true, description: 'The group this one is a random part of' }),
    splitParts: t.relation('splitParts', {
      description: 'Groups split from this one, in creation (and part) order',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    members: t.prismaConnection({
      type: Customer,
      cursor: 'id',
      description: 'Members of the group, in a stable order',
      totalCount: (group, _args, ctx) => ctx.db.customerGroupMember.count({ where: { groupId: group.id } }),
      resolve: (query, group, _args, ctx) =>
        ctx.db.customer.findMany({ ...query, where: { memberships: { some: { groupId: group.id } } }, orderBy: { id: 'asc' } }),
    }),
  }),
});
