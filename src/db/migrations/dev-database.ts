import pg from 'pg';
import { quoteIdent } from '#src/db/migrations/connection.ts';

/** The local server's admin URL (the machines of this project run PostgreSQL with trust auth). */
const LOCAL_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DEV_DATABASE = 'wxcast_dev';

/**
 * The database `migration create` works on: `databaseUrl` (DATABASE_URL) when given, else a
 * dedicated `wxcast_dev` database on the local PostgreSQL server, created if missing (never the
 * embedded PostgreSQL of WXCAST_DATA_DIR: the migration would be applied to a user's data).
 */
export async function resolveDevDatabaseUrl(databaseUrl: string | undefined): Promise<string> {
  if (databaseUrl) return databaseUrl;
  const admin = new pg.Client(LOCAL_ADMIN_URL);
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `No DATABASE_URL and no PostgreSQL server on 127.0.0.1:5432 (${(error as Error).message}). ` +
        'Creating a migration needs a real PostgreSQL server: start one or set DATABASE_URL.',
      { cause: error },
    );
  }
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DEV_DATABASE]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${quoteIdent(DEV_DATABASE)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another run
      });
    }
  } finally {
    await admin.end();
  }
  return LOCAL_ADMIN_URL.replace(/\/postgres$/, `/${DEV_DATABASE}`);
}
