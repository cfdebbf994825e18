import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ScopedDb } from '#src/db/scoped.ts';
import { ConflictError, NotFoundError, ValidationError } from '#src/errors.ts';
import { parseInput, requiredText } from '#src/services/validate.ts';
import { isUniqueViolation, isUuid } from '#src/services/unique.ts';

/** Most parts a group can be split into at once (comparison groups are a handful in practice). */
export const MAX_SPLIT_PARTS = 100;

const createSchema = z.object({ name: requiredText(100) });

const splitSchema = z.object({
  parts: z
    .number()
    .int({ message: 'must be a whole number' })
    .min(2, { message: 'must be at least 2' })
    .max(MAX_SPLIT_PARTS, { message: `must be at most ${MAX_SPLIT_PARTS}` }),
  seed: requiredText(200).optional(),
  namePrefix: requiredText(80).optional(),
});

export type CreateCustomerGroupInput = z.input<typeof createSchema>;
export type SplitCustomerGroupInput = z.input<typeof splitSchema>;

/** Creates an empty static customer group; names are unique per workspace. */
export async function createCustomerGroup(db: ScopedDb, rawInput: CreateCustomerGroupInput) {
  const input = parseInput(createSchema, rawInput);
  if (await db.customerGroup.findFirst({ where: { name: input.name }, select: { id: true } })) {
    throw new ConflictError(`a customer group named "${input.name}" already exists`);
  }
  try {
    return await db.customerGroup.create({ data: { name: input.name } as never });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`a customer group named "${input.name}" already exists`);
    throw error;
  }
}

/** The group if it is in the caller's workspace; NotFoundError otherwise (also for a malformed id). */
export async function findCustomerGroup(db: ScopedDb, id: string) {
  const group = isUuid(id) ? await db.customerGroup.findFirst({ where: { id } }) : null;
  if (!group) throw new NotFoundError('CustomerGroup', id);
  return group;
}

/** What a split created: the seed that reproduces it and the part groups, in part order. */
export interface SplitResult {
  groupId: string;
  seed: string;
  partIds: string[];
}

/**
 * Splits a group at random into `parts` new groups, for comparison groups and tests.
 * The parts are disjoint and together hold every member; their sizes differ by at most one.
 * Members are ordered by md5(seed, customer id) and dealt out in turn, so the same seed on the
 * same members gives the same split; without a seed one is generated and returned. Every part
 * must get at least one member (an empty group could never be sent to), so a group with
 * fewer members than `parts` is refused. Parts are named "<name or prefix> · k/n" and point back
 * to the group through `splitFrom`. All of it is one transaction on one snapshot of the members.
 */
export async function splitCustomerGroup(db: ScopedDb, groupId: string, rawInput: SplitCustomerGroupInput): Promise<SplitResult> {
  const input = parseInput(splitSchema, rawInput);
  const group = await findCustomerGroup(db, groupId);
  const seed = input.seed ?? randomBytes(12).toString('base64url');
  const base = input.namePrefix ?? group.name;
  const names = Array.from({ length: input.parts }, (_, i) => `${base} · ${i + 1}/${input.parts}`);
  try {
    return await db.$transaction(
      async (tx) => {
        const members = await tx.customerGroupMember.count({ where: { groupId } });
        if (members < input.parts) {
          throw ValidationError.field(['input', 'parts'], `the group has ${members} members, too few for ${input.parts} non-empty parts`);
        }
        const taken = await tx.customerGroup.findMany({ where: { name: { in: names } }, select: { name: true } });
        if (taken.length > 0) throw splitNameConflict(taken.map((row) => row.name));
        // Parts are created a millisecond apart so that ordering by creation time lists them 1..n.
        const start = Date.now();
        const created = await tx.customerGroup.createManyAndReturn({
          data: names.map((name, i) => ({ name, splitFromId: group.id, createdAt: new Date(start + i) })) as never,
          select: { id: true, name: true },
        });
        const idByName = new Map(created.map((row) => [row.name, row.id]));
        const partIds = names.map((name) => idByName.get(name)!);
        await tx.$executeRaw`
          INSERT INTO customer_group_members (group_id, customer_id)
          SELECT p.id, m.customer_id
          FROM (
            SELECT customer_id,
                   (row_number() OVER (ORDER BY md5(${seed}::text || ':' || customer_id::text), customer_id) - 1)
                     % ${input.parts}::int + 1 AS part
            FROM customer_group_members
            WHERE group_id = ${group.id}::uuid
          ) m
          JOIN unnest(${partIds}::uuid[]) WITH ORDINALITY AS p(id, part) ON p.part = m.part`;
        return { groupId: group.id, seed, partIds };
      },
      // One snapshot for the member count and the copy: members added meanwhile are in neither.
      { isolationLevel: 'RepeatableRead' },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw splitNameConflict(names);
    throw error;
  }
}

function splitNameConflict(names: string[]) {
  return new ConflictError(`customer groups named ${names.map((n) => `"${n}"`).join(', ')} already exist; give another namePrefix`);
}
