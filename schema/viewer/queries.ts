import { builder } from '#schema/builder.ts';
import { Viewer } from '#schema/viewer/types.ts';

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    authScopes: { scope: 'read' },
    resolve: (_root, _args, ctx) => ctx.viewer,
  }),
}));
