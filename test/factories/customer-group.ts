import { randomBytes } from 'node:crypto';
import type { Db } from '#src/db/client.ts';

/** A customer group of a workspace with the given customers as members, in two statements. */
export async function createCustomerGroup(prisma: Db, workspaceId: string, customerIds: string[] = [], name?: string) {
  const group = await prisma.customerGroup.create({ data: { workspaceId, name: name ?? `Group ${randomBytes(4).toString('hex')}` } });
  if (customerIds.length > 0) {
    await prisma.$executeRaw`
      INSERT INTO customer_group_members (group_id, customer_id)
      SELECT ${group.id}::uuid, id FROM unnest(${customerIds}::uuid[]) AS id`;
  }
  return group;
}
