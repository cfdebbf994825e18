import { createMigrationAdapterFactory } from '#src/db/migrations/adapter.ts';
import { parseConnectionUrl } from '#src/db/migrations/connection.ts';
import { SchemaEngineError, withSchemaEngine } from '#src/db/migrations/engine.ts';
import { MigrationError } from '#src/db/migrations/errors.ts';
import { defaultMigrationsDir, defaultSchemaPath, readMigrationsList, readSchema, schemaFilter, writeMigration } from '#src/db/migrations/folder.ts';
import { assertReachable } from '#src/db/migrations/real-server.ts';

export interface CreateOptions {
  /** Default: the project's `prisma/migrations`. */
  migrationsDir?: string;
  /** Default: the project's `prisma/schema.prisma`. */
  schemaPath?: string;
}

/**
 * Creates a migration from the Prisma schema, like `prisma migrate dev --name <name>`: brings the
 * development database at `connectionString` up to date, checks it for drift, generates the SQL
 * from the difference between the migrations (replayed into a temporary shadow database) and the
 * schema, writes `<migrationsDir>/<timestamp>_<name>/migration.sql` (and `migration_lock.toml` if
 * missing) and applies it. Returns the new folder's name, or null when the schema needs no change.
 *
 * Needs a PostgreSQL server whose user may create databases (for the shadow database). The development database must hold nothing but what the migrations created
 * (outside `public`, e.g. Agenda's `agenda` schema, is ignored); on drift it refuses and says why.
 */
export async function createMigration(name: string, connectionString: string, options: CreateOptions = {}): Promise<string | null> {
  const migrationName = slug(name);
  const fields = parseConnectionUrl(connectionString);
  await assertReachable(fields);
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  const schema = await readSchema(options.schemaPath ?? defaultSchemaPath);
  const migrationsList = await readMigrationsList(migrationsDir);
  try {
    return await withSchemaEngine(schema, createMigrationAdapterFactory(fields), async (engine) => {
      // devDiagnostic fills the engine's cache that createMigration reads (keyed by the migration
      // list), and it only caches what is applied: so apply first, on this same engine instance.
      await engine.applyMigrations({ migrationsList, filters: schemaFilter });
      const { action } = await engine.devDiagnostic({ migrationsList, filters: schemaFilter });
      if (action.tag === 'reset') {
        throw new MigrationError(
          `The development database has drifted from the migrations: ${action.reason}\n` +
            'Use a fresh database (drop and recreate it) and run the command again.',
        );
      }
      const created = await engine.createMigration({ draft: false, migrationName, migrationsList, schema: { files: [schema] }, filters: schemaFilter });
      if (created.migrationScript === null) return null;
      await writeMigration(migrationsDir, created.generatedMigrationName, created.migrationScript);
      await engine.applyMigrations({ migrationsList: await readMigrationsList(migrationsDir), filters: schemaFilter });
      return created.generatedMigrationName;
    });
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    const code = error instanceof SchemaEngineError ? error.code : undefined;
    throw new MigrationError(`Creating migration "${migrationName}" failed: ${(error as Error).message}`, code, { cause: error });
  }
}

/** A folder-safe migration name, as the Prisma CLI slugifies `--name`. */
function slug(name: string): string {
  const result = name.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 200);
  if (!result) throw new MigrationError(`"${name}" is not a usable migration name: use letters, digits and _`);
  return result;
}
