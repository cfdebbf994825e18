import { builder } from '#schema/builder.ts';
import { accountIdOf } from '#schema/account/ids.ts';
import { Image } from '#schema/image/types.ts';

builder.queryFields((t) => ({
  images: t.prismaConnection({
    type: Image,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'Images uploaded to an account, newest first',
    args: { accountId: t.arg.id({ required: true }) },
    totalCount: async (_parent, { accountId }, ctx) => ctx.db.image.count({ where: { accountId: await accountIdOf(ctx.db, accountId) } }),
    resolve: async (query, _parent, { accountId }, ctx) =>
      ctx.db.image.findMany({ ...query, where: { accountId: await accountIdOf(ctx.db, accountId) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
}));
