import { builder } from '#schema/builder.ts';
import { MiniProgram } from '#schema/mini-program/types.ts';

builder.queryFields((t) => ({
  miniPrograms: t.prismaConnection({
    type: MiniProgram,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'Mini Programs bound to the workspace, oldest first',
    totalCount: (_parent, _args, ctx) => ctx.db.miniProgram.count(),
    resolve: (query, _parent, _args, ctx) =>
      ctx.db.miniProgram.findMany({ ...query, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  }),
}));
