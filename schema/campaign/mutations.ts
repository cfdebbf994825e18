import { builder } from '#schema/builder.ts';
import { Campaign } from '#schema/campaign/types.ts';
import { createCampaign } from '#src/services/campaigns.ts';
import { ConflictError, ValidationError } from '#src/errors.ts';

const CreateCampaignInput = builder.inputType('CreateCampaignInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique in the workspace' }),
    description: t.string(),
  }),
});

builder.mutationFields((t) => ({
  createCampaign: t.prismaField({
    type: Campaign,
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, ConflictError] },
    args: { input: t.arg({ type: CreateCampaignInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const campaign = await createCampaign(ctx.db, { name: input.name, description: input.description ?? undefined });
      return ctx.db.campaign.findUniqueOrThrow({ ...query, where: { id: campaign.id } });
    },
  }),
}));
