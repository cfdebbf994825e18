import { builder } from '#schema/builder.ts';
import { Material } from '#schema/material/types.ts';
import { accountIdOf } from '#schema/account/ids.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import { containsText } from '#src/services/search.ts';

/**
 * Materials of one account, optionally those with an article whose title or digest contains
 * `search` (case-insensitive, taken literally). A malformed, unknown or foreign account id is a
 * NotFoundError, as for `images` and `cards`: an empty list would read as "this account has no
 * materials".
 */
async function materialsWhere(db: ScopedDb, accountId: string | number, search: string | null | undefined, includeRemoved: boolean) {
  const account = await accountIdOf(db, accountId);
  const text = containsText(search);
  return {
    accountId: account,
    ...(includeRemoved ? {} : { removedAt: null }),
    ...(text
      ? {
          articles: {
            some: { OR: [{ title: text }, { digest: text }] },
          },
        }
      : {}),
  };
}

builder.queryFields((t) => ({
  materials: t.prismaConnection({
    type: Material,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'Synchronised materials of an account, newest first (by their WeChat update time)',
    args: {
      accountId: t.arg.id({ required: true }),
      search: t.arg.string({ description: 'Part of an article title or digest, case-insensitive; every character matches itself (% and _ are not wildcards)' }),
      includeRemoved: t.arg.boolean({ defaultValue: false, description: 'Also those deleted in WeChat since they were synced (see removedAt)' }),
    },
    totalCount: async (_parent, { accountId, search, includeRemoved }, ctx) =>
      ctx.db.material.count({ where: await materialsWhere(ctx.db, accountId, search, includeRemoved ?? false) }),
    resolve: async (query, _parent, { accountId, search, includeRemoved }, ctx) =>
      ctx.db.material.findMany({ ...query, where: await materialsWhere(ctx.db, accountId, search, includeRemoved ?? false), orderBy: [{ updatedAtWeChat: 'desc' }, { id: 'desc' }] }),
  }),
}));
