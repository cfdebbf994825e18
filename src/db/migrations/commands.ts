import path from 'node:path';
import { applyMigrations } from '#src/db/migrations/apply.ts';
import { createMigration } from '#src/db/migrations/create.ts';
import { resolveDevDatabaseUrl } from '#src/db/migrations/dev-database.ts';
import { defaultMigrationsDir } from '#src/db/migrations/folder.ts';

/** `wxcast migrate`: applies pending migrations to `databaseUrl` and prints one line. */
export async function runMigrate(databaseUrl: string): Promise<string[]> {
  const applied = await applyMigrations(databaseUrl);
  console.log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date: no migration to apply.');
  return applied;
}

/**
 * `npm run migration:create -- --name <name>`: creates a migration from prisma/schema.prisma on
 * `databaseUrl` (DATABASE_URL), else on the local `wxcast_dev` database, and prints one line.
 */
export async function runCreateMigration(name: string, databaseUrl?: string): Promise<string | null> {
  const created = await createMigration(name, await resolveDevDatabaseUrl(databaseUrl));
  const folder = path.relative(process.cwd(), defaultMigrationsDir) || defaultMigrationsDir;
  console.log(
    created
      ? `Created ${path.join(folder, created, 'migration.sql')} (and applied it to the development database).`
      : 'No schema changes: prisma/schema.prisma already matches the migrations; nothing created.',
  );
  return created;
}
