import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';
import { Card } from '#schema/card/types.ts';
import { NotFoundError } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';
import type { ScopedDb } from '#src/db/scoped.ts';

/** The account's id, after checking it is one of the workspace's accounts. */
async function accountOf(db: ScopedDb, id: string): Promise<string> {
  const found = isUuid(id) && (await db.officialAccount.findFirst({ where: { id }, select: { id: true } }));
  if (!found) throw new NotFoundError('Account', id);
  return id;
}

builder.queryFields((t) => ({
  cards: t.prismaConnection({
    type: Card,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'The account\'s card library as of its last syncCards, by title',
    args: { accountId: t.arg.globalID({ for: Account, required: true }) },
    totalCount: async (_parent, { accountId }, ctx) => ctx.db.card.count({ where: { accountId: await accountOf(ctx.db, accountId.id) } }),
    resolve: async (query, _parent, { accountId }, ctx) =>
      ctx.db.card.findMany({ ...query, where: { accountId: await accountOf(ctx.db, accountId.id) }, orderBy: [{ title: 'asc' }, { id: 'asc' }] }),
  }),
}));
