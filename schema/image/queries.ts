import { builder } from '#schema/builder.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { Image } from '#schema/image/types.ts';
import { workspaceAccountId } from '#src/services/accounts.ts';

builder.queryFields((t) => ({
  images: t.prismaConnection({
    type: Image,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'Images uploaded to an account, newest first',
    args: { accountId: t.arg.id({ required: true }) },
    totalCount: async (_parent, { accountId }, ctx) => ctx.db.image.count({ where: { accountId: await workspaceAccountId(ctx.db, rowIdOf('Account', accountId)) } }),
    resolve: async (query, _parent, { accountId }, ctx) =>
      ctx.db.image.findMany({ ...query, where: { accountId: await workspaceAccountId(ctx.db, rowIdOf('Account', accountId)) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
}));
