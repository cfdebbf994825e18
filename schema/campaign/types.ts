import { builder } from '#schema/builder.ts';

/** A marketing campaign (营销活动) that broadcasts can be filed under, for dashboards and filters. */
export const Campaign = builder.prismaNode('Campaign', {
  id: { field: 'id' },
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
