import pg from 'pg';
import type { ConnectionFields } from '#src/db/migrations/connection.ts';
import { MigrationError } from '#src/db/migrations/errors.ts';

/**
 * Refuses to go on unless `fields` reach a real PostgreSQL server. Creating and diffing
 * migrations replay the history into a temporary shadow database; PGlite's socket server accepts
 * CREATE DATABASE but then ignores the database name on connect, so the replay would land in the
 * main database. The shadow connection checks current_database() too; this
 * check gives the clear message before anything has run.
 */
export async function assertRealPostgres(fields: ConnectionFields): Promise<void> {
  const client = new pg.Client(fields);
  try {
    await client.connect();
  } catch (error) {
    const where = `${fields.host}:${fields.port}/${fields.database ?? ''}`;
    throw new MigrationError(`Cannot connect to the PostgreSQL server at ${where}: ${(error as Error).message}`, undefined, { cause: error });
  }
  let version: string;
  try {
    version = (await client.query<{ version: string }>('SELECT version()')).rows[0]?.version ?? '';
  } finally {
    await client.end();
  }
  if (/pglite|emscripten|wasm32/i.test(version)) {
    throw new MigrationError(
      `Creating or diffing migrations needs a real PostgreSQL server, and ${fields.host}:${fields.port} is PGlite (${version.split(' on ')[0]}). ` +
        'Point DATABASE_URL at a PostgreSQL server (or unset it to use the wxcast_dev database on 127.0.0.1:5432).',
    );
  }
}
