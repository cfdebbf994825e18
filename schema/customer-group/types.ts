import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';
import { Customer } from '#schema/customer/types.ts';

/** A static list of customers (SPEC B2): the audience unit of group broadcasts. */
export const CustomerGroup = builder.prismaNode('CustomerGroup', {
  id: { field: 'id' },
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    memberCount: t.relationCount('members', { description: 'Members, whether or not they follow any account now' }),
    followingCount: t.relationCount('members', {
      description: 'Members who follow the account now: those a group send to it reaches (SPEC B2)',
      args: { accountId: t.arg.globalID({ required: true, for: Account }) },
      where: ({ accountId }) => ({ customer: { followers: { some: { accountId: accountId.id, subscribed: true } } } }),
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
