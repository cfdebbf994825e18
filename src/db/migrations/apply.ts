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
