import { builder } from '#schema/builder.ts';

/** A Mini Program bound to the workspace; text messages may link to it. */
export const MiniProgram = builder.prismaNode('MiniProgram', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    appId: t.exposeString('appId'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
