import { Prisma } from '#src/generated/prisma/client.ts';

/**
 * Whether a Prisma error is a unique-constraint violation (P2002). Services check for duplicates
 * first, for a readable error; this catches the race in which another request wins in between.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a uuid, the shape of every row id; anything else cannot name a row. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
