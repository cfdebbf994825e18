import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '#src/generated/prisma/client.ts';

export type Db = PrismaClient;

/** The PrismaClient of a process, on adapter-pg (Prisma 7 driver adapters). */
export function createPrismaClient(connectionString: string, max = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}
