import { builder } from '#schema/builder.ts';
import { Material } from '#schema/material/types.ts';
import { decodeIdOf } from '#schema/customer-group/global-ids.ts';
import { isUuid } from '#src/services/unique.ts';

/**
 * Materials of one account, optionally those with an article whose title or digest contains
 * `search` (case-insensitive). A malformed or foreign account id matches nothing: the scoped
 * client already hides other workspaces' rows, and an undecodable id must not reach the uuid cast.
 */
function materialsWhere(accountId: string | number, search: string | null | undefined) {
  const account = decodeIdOf('Account', accountId);
  const text = search?.trim();
  return {
    ...(account && isUuid(account) ? { accountId: account } : { id: { in: [] } }),
    ...(text
      ? {
          articles: {
            some: { OR: [{ title: { contains: text, mode: 'insensitive' as const } }, { digest: { contains: text, mode: 'insensitive' as const } }] },
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
      search: t.arg.string({ description: 'Part of an article title or digest (case-insensitive)' }),
    },
    totalCount: (_parent, { accountId, search }, ctx) => ctx.db.material.count({ where: materialsWhere(accountId, search) }),
    resolve: (query, _parent, { accountId, search }, ctx) =>
      ctx.db.material.findMany({ ...query, where: materialsWhere(accountId, search), orderBy: [{ updatedAtWeChat: 'desc' }, { id: 'desc' }] }),
  }),
}));
