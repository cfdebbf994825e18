import { builder } from '#schema/builder.ts';
import { containsText } from '#src/services/search.ts';
import { Campaign } from '#schema/campaign/types.ts';

/** Case-insensitive literal substring match on the name; blank means no filter. */
const byName = (search: string | null | undefined) => {
  const name = containsText(search);
  return name ? { name } : {};
};

builder.queryFields((t) => ({
  campaigns: t.prismaConnection({
    type: Campaign,
    cursor: 'id',
    authScopes: { scope: 'read' },
    description: 'Campaigns of the workspace, newest first',
    args: { search: t.arg.string({ description: 'Part of the name, case-insensitive; every character matches itself (% and _ are not wildcards)' }) },
    totalCount: (_parent, { search }, ctx) => ctx.db.campaign.count({ where: byName(search) }),
    resolve: (query, _parent, { search }, ctx) =>
      ctx.db.campaign.findMany({ ...query, where: byName(search), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
}));
