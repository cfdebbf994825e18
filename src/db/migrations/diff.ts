import { createMigrationAdapterFactory } from '#src/db/migrations/adapter.ts';
import { parseConnectionUrl } from '#src/db/migrations/connection.ts';
import { SchemaEngineError, withSchemaEngine } from '#src/db/migrations/engine.ts';
import { MigrationError } from '#src/db/migrations/errors.ts';
import { defaultMigrationsDir, defaultSchemaPath, LOCKFILE_CONTENT, readMigrationsList, readSchema, schemaFilter } from '#src/db/migrations/folder.ts';
import { assertReachable } from '#src/db/migrations/real-server.ts';

export interface DiffOptions {
  /** Default: the project's `prisma/migrations`. */
  migrationsDir?: string;
  /** Default: the project's `prisma/schema.prisma`. */
  schemaPath?: string;
}

/**
 * The SQL that would bring the database the migrations produce to what the Prisma schema
 * describes (`prisma migrate diff --from-migrations --to-schema --script`); empty when they agree.
 * The migrations are replayed into a temporary shadow database on the server at
 * `connectionString` (nothing else there is read or changed), so it must be a real PostgreSQL
 * server whose user may create databases.
 */
export async function diffSchemaAgainstMigrations(connectionString: string, options: DiffOptions = {}): Promise<string> {
  const fields = parseConnectionUrl(connectionString);
  await assertReachable(fields);
  const schema = await readSchema(options.schemaPath ?? defaultSchemaPath);
  const migrationsList = await readMigrationsList(options.migrationsDir ?? defaultMigrationsDir);
  // The engine wants the lock file to know the connector; with no migrations yet there is none.
  migrationsList.lockfile.content ??= LOCKFILE_CONTENT;
  try {
    const { stdout } = await withSchemaEngine(schema, createMigrationAdapterFactory(fields), (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: null,
        filters: schemaFilter,
      }),
    );
    return stripEmpty(stdout ?? '');
  } catch (error) {
    const code = error instanceof SchemaEngineError ? error.code : undefined;
    throw new MigrationError(`Diffing the schema against the migrations failed: ${(error as Error).message}`, code, { cause: error });
  }
}

/** The engine answers "-- This is an empty migration." when nothing differs: that is no SQL. */
function stripEmpty(script: string): string {
  const statements = script
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('--'))
    .join('\n');
  return statements === '' ? '' : script.trim();
}
