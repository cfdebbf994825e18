import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';
import { Customer } from '#schema/customer/types.ts';
import { isUuid } from '#src/services/unique.ts';

/** A static list of customers: the audience unit of group broadcasts. */
export const CustomerGroup = builder.prismaNode('CustomerGroup', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    memberCount: t.relationCount('members', { description: 'Members, whether or not they follow any account now' }),
    followingCount: t.relationCount('members', {
      description: 'Members who follow the account now: those a group send to it reaches',
      args: { accountId: t.arg.globalID({ required: true, for: Account }) },
      // A malformed id counts nobody (instead of failing the uuid cast), like another workspace's account.
      where: ({ accountId }) =>
        isUuid(accountId.id) ? { customer: { followers: { some: { accountId: accountId.id, subscribed: true } } } } : { customerId: { in: [] } },
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
