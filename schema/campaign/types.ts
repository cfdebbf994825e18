import { builder } from '#schema/builder.ts';

/** A marketing campaign (营销活动) that broadcasts can be filed under, for dashboards and filters. */
export const Campaign = builder.prismaNode('Campaign', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
