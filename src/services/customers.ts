import type { ScopedDb } from '#src/db/scoped.ts';
import type { Prisma } from '#src/generated/prisma/client.ts';
import { NotFoundError } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';
import { workspaceAccountId } from '#src/services/accounts.ts';

export interface CustomerFilterInput {
  /** Only customers with a follower row (subscribed or not) of this account. */
  accountId?: string | null;
  /** Only members of this customer group. */
  groupId?: string | null;
}

/**
 * The `where` of a customer list. An account or group that is not in the workspace is a
 * NotFoundError rather than an empty list, so a wrong id is not mistaken for "no customers".
 */
export async function customerFilter(db: ScopedDb, input: CustomerFilterInput): Promise<Prisma.CustomerWhereInput> {
  const where: Prisma.CustomerWhereInput[] = [];
  if (input.accountId) {
    await workspaceAccountId(db, input.accountId);
    where.push({ followers: { some: { accountId: input.accountId } } });
  }
  if (input.groupId) {
    const found = isUuid(input.groupId) && (await db.customerGroup.findFirst({ where: { id: input.groupId }, select: { id: true } }));
    if (!found) throw new NotFoundError('CustomerGroup', input.groupId);
    where.push({ memberships: { some: { groupId: input.groupId } } });
  }
  return { AND: where };
}
