import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import { createMigrationAdapterFactory } from '#src/db/migrations/adapter.ts';
import { parseConnectionUrl } from '#src/db/migrations/connection.ts';
import { createMigration } from '#src/db/migrations/create.ts';
import { diffSchemaAgainstMigrations } from '#src/db/migrations/diff.ts';
import { withSchemaEngine } from '#src/db/migrations/engine.ts';
import { defaultMigrationsDir, defaultSchemaPath } from '#src/db/migrations/folder.ts';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../helpers/database.ts';

const PROBE_MODEL = `
model Probe {
  id    Int    @id @default(autoincrement())
  label String @default("a;b")

  @@map("probes")
}
`;

describe('schema.prisma and the committed migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('agree: the SQL needed to bring the migrations to schema.prisma is empty', async () => {
    const diff = await diffSchemaAgainstMigrations(database.url);
    // When this fails, schema.prisma was edited without a migration: run
    //   npm run migration:create -- --name <what_changed>
    // and commit the new prisma/migrations folder.
    expect(diff, 'schema.prisma has changes that no migration creates').toBe('');
  });
});

describe('createMigration (like prisma migrate dev --name)', () => {
  const databases: TestDatabase[] = [];
  let tmp: string;
  let migrationsDir: string;
  let schemaPath: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'wxcast-create-migration-'));
    migrationsDir = path.join(tmp, 'migrations');
    await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
    schemaPath = path.join(tmp, 'schema.prisma');
    await writeFile(schemaPath, (await readFile(defaultSchemaPath, 'utf8')) + PROBE_MODEL);
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    await rm(tmp, { recursive: true, force: true });
  });
  const newDatabase = async (options?: { empty: boolean }) => {
    const database = await createTestDatabase(options);
    databases.push(database);
    return database.url;
  };

  it('writes a migration folder with the SQL for a changed schema and applies it; ignores the agenda schema; then has nothing to do', async () => {
    const url = await newDatabase();
    // Agenda's tables live in their own schema: no drift, and nothing about them in the SQL.
    await queryDatabase(url, 'CREATE SCHEMA agenda; CREATE TABLE agenda.agenda_jobs (id uuid PRIMARY KEY, name text); CREATE TABLE agenda.agenda_logs (id int)');
    const before = await readdir(migrationsDir);
    // What the drift test of the committed schema sees after such an edit.
    expect(await diffSchemaAgainstMigrations(url, { migrationsDir, schemaPath })).toContain('CREATE TABLE "probes"');

    const name = await createMigration('add probe!', url, { migrationsDir, schemaPath });

    expect(name).toMatch(/^\d{14}_add_probe$/);
    expect((await readdir(migrationsDir)).sort()).toEqual([...before, name!].sort());
    const sql = await readFile(path.join(migrationsDir, name!, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "probes"');
    expect(sql).toContain(`"label" TEXT NOT NULL DEFAULT 'a;b'`);
    expect(sql).not.toMatch(/agenda/i);
    expect(sql).not.toMatch(/DROP/);
    // Applied to the development database, like migrate dev does.
    expect(await queryDatabase(url, "SELECT 1 FROM _prisma_migrations WHERE migration_name = $1 AND finished_at IS NOT NULL", [name])).toHaveLength(1);
    expect(await queryDatabase(url, "SELECT to_regclass('public.probes') AS t")).toEqual([{ t: 'probes' }]);

    expect(await createMigration('again', url, { migrationsDir, schemaPath })).toBeNull();
    expect(await diffSchemaAgainstMigrations(url, { migrationsDir, schemaPath })).toBe('');
  });

  it('writes migration_lock.toml into a new migrations folder', async () => {
    const url = await newDatabase({ empty: true });
    const fresh = path.join(tmp, 'fresh');
    const name = await createMigration('init', url, { migrationsDir: fresh, schemaPath });
    expect((await readdir(fresh)).sort()).toEqual([name, 'migration_lock.toml'].sort());
    expect(await readFile(path.join(fresh, 'migration_lock.toml'), 'utf8')).toMatch(/^provider = "postgresql"$/m);
  });

  it('refuses a development database that drifted from the migrations', async () => {
    const url = await newDatabase();
    await queryDatabase(url, 'CREATE TABLE hand_made (id int)');
    await expect(createMigration('x', url, { migrationsDir, schemaPath })).rejects.toThrow(/drifted/);
  });
});

describe('the migration adapter factory', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('reads pg "char" columns (OID 18) as Character, which stock adapter-pg rejects', async () => {
    const adapter = await createMigrationAdapterFactory(parseConnectionUrl(database.url)).connect();
    try {
      const result = await adapter.queryRaw({ sql: "SELECT relkind FROM pg_class WHERE relname = 'workspaces'", args: [], argTypes: [] });
      expect(result.columnTypes).toEqual([ColumnTypeEnum.Character]);
      expect(result.rows).toEqual([['r']]);
    } finally {
      await adapter.dispose();
    }
  });

  it('gives the shadow a database of its own and drops it after closing its pool', async () => {
    const shadow = await createMigrationAdapterFactory(parseConnectionUrl(database.url)).connectToShadowDb();
    const name = (await shadow.queryRaw({ sql: 'SELECT current_database()', args: [], argTypes: [] })).rows[0]?.[0] as string;
    expect(name).toMatch(/^prisma_shadow_[0-9a-f]{32}$/);
    await shadow.dispose();
    expect(await queryDatabase(database.url, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).toEqual([]);
  });
});

describe('the wasm schema engine loader', () => {
  it('reports a Rust panic with its message and stays usable', async () => {
    const datasource = { path: 'schema.prisma', content: 'datasource db {\n  provider = "postgresql"\n}\n' };
    const factory = createMigrationAdapterFactory(parseConnectionUrl(inject('testDatabases').adminUrl));
    await expect(withSchemaEngine(datasource, factory, async (engine) => engine.debugPanic())).rejects.toThrow(/schema engine panic: .*debugPanic artificial panic/s);
    expect(await withSchemaEngine(datasource, factory, (engine) => engine.version())).toMatch(/^PostgreSQL/);
  });
});
