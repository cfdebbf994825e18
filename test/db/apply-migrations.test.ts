import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '#src/db/embedded.ts';
import { tempDataDir } from '../helpers/data-dir.ts';
import { applyMigrations } from '#src/db/migrations/apply.ts';
import { MigrationError } from '#src/db/migrations/errors.ts';
import { defaultMigrationsDir, defaultSchemaPath } from '#src/db/migrations/folder.ts';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../helpers/database.ts';

const committed = (await readdir(defaultMigrationsDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** The table of every model in schema.prisma (its @@map name, else the model name). */
async function schemaTables(): Promise<string[]> {
  const schema = await readFile(defaultSchemaPath, 'utf8');
  return [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
    .map(([, model, body]) => /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model!)
    .sort();
}

const publicTables = async (url: string) =>
  (await queryDatabase<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
    .map((row) => row.table_name)
    .sort();

describe('applyMigrations (like prisma migrate deploy)', () => {
  const databases: TestDatabase[] = [];
  let tmp: string;
  const emptyDatabase = async () => {
    const database = await createTestDatabase({ empty: true });
    databases.push(database);
    return database.url;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'wxcast-migrations-'));
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    await rm(tmp, { recursive: true, force: true });
  });

  it('creates every table of schema.prisma in an empty database and records each migration like the native engine', async () => {
    const url = await emptyDatabase();
    expect(committed.length).toBeGreaterThan(0);

    expect(await applyMigrations(url)).toEqual(committed);

    expect(await publicTables(url)).toEqual(['_prisma_migrations', ...(await schemaTables())].sort());
    const columns = await queryDatabase<{ column_name: string; data_type: string }>(
      url,
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position",
    );
    expect(columns.map((column) => `${column.column_name} ${column.data_type}`)).toEqual([
      'id character varying',
      'checksum character varying',
      'finished_at timestamp with time zone',
      'migration_name character varying',
      'logs text',
      'rolled_back_at timestamp with time zone',
      'started_at timestamp with time zone',
      'applied_steps_count integer',
    ]);
    const rows = await queryDatabase<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number }>(
      url,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(committed);
    for (const row of rows) {
      const sql = await readFile(path.join(defaultMigrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    // A second deploy has nothing to do and changes nothing.
    expect(await applyMigrations(url)).toEqual([]);
    expect(await queryDatabase(url, 'SELECT * FROM _prisma_migrations')).toHaveLength(committed.length);
  });

  it('applies each migration once when several deploys run at the same time (advisory lock)', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    expect(results.flat().sort()).toEqual(committed);
    expect(await queryDatabase(url, 'SELECT * FROM _prisma_migrations')).toHaveLength(committed.length);
  });

  it('runs a migration as one script: semicolons in literals and $$ bodies work, a failure leaves nothing behind and blocks later deploys', async () => {
    const dir = path.join(tmp, 'failing');
    const write = async (name: string, sql: string) => {
      await mkdir(path.join(dir, name), { recursive: true });
      await writeFile(path.join(dir, name, 'migration.sql'), sql);
    };
    await write(
      '20240101000000_ok',
      `CREATE TABLE ok_table (id int PRIMARY KEY, note text DEFAULT 'a;b');
CREATE FUNCTION touch_note() RETURNS trigger AS $$ BEGIN NEW.note := 'x;y'; RETURN NEW; END; $$ LANGUAGE plpgsql;
`,
    );
    await write('20240102000000_bad', 'CREATE TABLE partial_table (id int);\nSELECT 1/0;\n');
    await writeFile(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    const url = await emptyDatabase();

    const failure = await applyMigrations(url, { migrationsDir: dir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/division by zero/);

    expect(await publicTables(url)).toEqual(['_prisma_migrations', 'ok_table']); // no partial_table
    expect((await queryDatabase<{ d: string }>(url, "SELECT column_default d FROM information_schema.columns WHERE table_name = 'ok_table' AND column_name = 'note'"))[0]?.d).toBe(
      "'a;b'::text",
    );
    const rows = await queryDatabase<{ migration_name: string; finished_at: Date | null; logs: string | null }>(
      url,
      'SELECT migration_name, finished_at, logs FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => [row.migration_name, row.finished_at === null])).toEqual([
      ['20240101000000_ok', false],
      ['20240102000000_bad', true],
    ]);
    expect(rows[1]?.logs).toMatch(/division by zero/);

    // Like P3009: nothing more is applied until the failed migration is resolved.
    const refusal = await applyMigrations(url, { migrationsDir: dir }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MigrationError);
    expect((refusal as MigrationError).code).toBe('P3009');
    expect((refusal as Error).message).toMatch(/failed migrations.*20240102000000_bad/s);
  });

  it('applies the committed migrations to the embedded PostgreSQL of a fresh data directory', async () => {
    const embedded = await startEmbeddedDatabase(await tempDataDir('migrate'));
    try {
      expect(await applyMigrations(embedded.url)).toEqual(committed);
      expect(await applyMigrations(embedded.url)).toEqual([]);
      const tables = await queryDatabase<{ table_name: string }>(embedded.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.map((row) => row.table_name).sort()).toEqual(['_prisma_migrations', ...(await schemaTables())].sort());
    } finally {
      await embedded.close();
    }
  });
});
