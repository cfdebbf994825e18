import { z } from 'zod';
import type { ScopedDb } from '#src/db/scoped.ts';
import { ConflictError } from '#src/errors.ts';
import { parseInput, requiredText } from '#src/services/validate.ts';
import { isUniqueViolation } from '#src/services/unique.ts';

const createSchema = z.object({
  name: requiredText(100),
  description: z.string().trim().max(2000, { message: 'must be at most 2000 characters' }).default(''),
});

export type CreateCampaignInput = z.input<typeof createSchema>;

/**
 * Creates a campaign (营销活动) that broadcasts can be filed under. Names are unique per
 * workspace, since users pick campaigns by name in filters: a second one is a ConflictError.
 */
export async function createCampaign(db: ScopedDb, rawInput: CreateCampaignInput) {
  const input = parseInput(createSchema, rawInput);
  if (await db.campaign.findFirst({ where: { name: input.name }, select: { id: true } })) {
    throw new ConflictError(`a campaign named "${input.name}" already exists`);
  }
  try {
    return await db.campaign.create({ data: { name: input.name, description: input.description } as never });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`a campaign named "${input.name}" already exists`);
    throw error;
  }
}
