import pg from 'pg';
import type { ConnectionFields } from '#src/db/migrations/connection.ts';
import { MigrationError } from '#src/db/migrations/errors.ts';

/**
 * Refuses to go on unless `fields` reach a PostgreSQL server, with a message naming where, before
 * the schema engine starts (creating and diffing migrations replay the history into a temporary
 * shadow database on that server).
 */
export async function assertReachable(fields: ConnectionFields): Promise<void> {
  const client = new pg.Client(fields);
  try {
    await client.connect();
  } catch (error) {
    const where = `${fields.host}:${fields.port}/${fields.database ?? ''}`;
    throw new MigrationError(`Cannot connect to the PostgreSQL server at ${where}: ${(error as Error).message}`, undefined, { cause: error });
  }
  await client.end();
}
