import pg from 'pg';
import { createMigrationAdapterFactory } from '#src/db/migrations/adapter.ts';
import { parseConnectionUrl } from '#src/db/migrations/connection.ts';
import { SchemaEngineError, withSchemaEngine } from '#src/db/migrations/engine.ts';
import { MigrationError } from '#src/db/migrations/errors.ts';
import { defaultMigrationsDir, readMigrationsList, schemaFilter } from '#src/db/migrations/folder.ts';

/** Deploy needs only the provider from a schema, not the models (like `prisma migrate deploy`). */
const DATASOURCE_ONLY = { path: 'schema.prisma', content: 'datasource db {\n  provider = "postgresql"\n}\n' };

export interface ApplyOptions {
  /** Default: the project's `prisma/migrations`. */
  migrationsDir?: string;
}

/**
 * Applies the pending migrations of `migrationsDir` in order, like `prisma migrate deploy`, and
 * returns the names of those it applied (empty when up to date). Takes the same advisory lock and
 * writes the same `_prisma_migrations` rows as the native engine, so either can take over. Each
 * migration runs as one implicit transaction: a failing one leaves no partial change, is recorded
 * as failed, and makes every later call refuse until it is resolved. Needs no shadow database.
 */
export async function applyMigrations(connectionString: string, options: ApplyOptions = {}): Promise<string[]> {
  const migrationsList = await readMigrationsList(options.migrationsDir ?? defaultMigrationsDir);
  if (await allApplied(connectionString, migrationsList.migrationDirectories.map((dir) => dir.path))) return [];
  const factory = createMigrationAdapterFactory(parseConnectionUrl(connectionString));
  try {
    return await withSchemaEngine(DATASOURCE_ONLY, factory, async (engine) => {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: schemaFilter });
      return appliedMigrationNames;
    });
  } catch (error) {
    const code = error instanceof SchemaEngineError ? error.code : undefined;
    throw new MigrationError(`Applying migrations failed: ${(error as Error).message}`, code, { cause: error });
  }
}

/**
 * Whether every migration is recorded as applied and none as failed: then there is nothing to do
 * and the schema engine (a WebAssembly module, about a second to load) is not started, which
 * keeps restarts and CLI commands quick. Anything else goes to the engine, which decides.
 */
async function allApplied(connectionString: string, names: string[]): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; finished: boolean }>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.filter((row) => row.finished).map((row) => row.migration_name));
    return rows.every((row) => row.finished) && names.every((name) => applied.has(name));
  } catch {
    return false; // no _prisma_migrations yet (a new database), or unreachable: the engine reports it
  } finally {
    await client.end().catch(() => {});
  }
}
