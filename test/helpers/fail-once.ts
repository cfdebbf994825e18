import { onTestFinished } from 'vitest';
import type { Db } from '#src/db/client.ts';

/**
 * Makes the first write of `table` that matches `when` (a trigger WHEN condition on NEW) fail,
 * and every later one pass: a real failure from the database, at a point of the test's choosing.
 * A sequence counts the tries because it is not rolled back with the failed transaction, so the
 * rerun's write passes. Removed when the test finishes. `name` must be unique per test.
 */
export async function failFirstWrite(prisma: Db, options: { name: string; table: string; on: 'INSERT' | 'UPDATE'; when: string }) {
  const { name, table, on, when } = options;
  await prisma.$executeRawUnsafe(`CREATE SEQUENCE ${name}`);
  await prisma.$executeRawUnsafe(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF nextval('${name}') = 1 THEN RAISE EXCEPTION '${name}: failed once'; END IF; RETURN NEW; END $$`);
  await prisma.$executeRawUnsafe(`CREATE TRIGGER ${name} BEFORE ${on} ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${name}()`);
  onTestFinished(async () => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
    await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${name}()`);
    await prisma.$executeRawUnsafe(`DROP SEQUENCE IF EXISTS ${name}`);
  });
}
