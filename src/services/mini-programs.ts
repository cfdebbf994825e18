import { z } from 'zod';
import type { ScopedDb } from '#src/db/scoped.ts';
import { ConflictError } from '#src/errors.ts';
import { parseInput, requiredText } from '#src/services/validate.ts';
import { isUniqueViolation } from '#src/services/unique.ts';

const bindSchema = z.object({
  appId: requiredText(64).regex(/^[A-Za-z0-9_-]+$/, { message: 'must be letters, digits, _ or - (e.g. wx1234567890abcdef)' }),
  name: requiredText(64),
});

export type BindMiniProgramInput = z.input<typeof bindSchema>;

/**
 * Binds a Mini Program to the workspace; only bound Mini Programs may be linked from
 * text messages. An app id can be bound once per workspace: again is a ConflictError.
 */
export async function bindMiniProgram(db: ScopedDb, rawInput: BindMiniProgramInput) {
  const input = parseInput(bindSchema, rawInput);
  if (await db.miniProgram.findFirst({ where: { appId: input.appId }, select: { id: true } })) {
    throw new ConflictError(`mini program ${input.appId} is already bound`);
  }
  try {
    return await db.miniProgram.create({ data: { appId: input.appId, name: input.name } as never });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`mini program ${input.appId} is already bound`);
    throw error;
  }
}
