import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, queryDatabase, type TestDatabase } from '../helpers/database.ts';
import { childEnv, runCli } from '../helpers/process.ts';
import { hashApiKey } from '#src/crypto/api-key.ts';

/** The `wxcast` CLI (package bin) against a real PostgreSQL server, as an operator runs it. */
describe('wxcast CLI on a PostgreSQL server', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    env = childEnv({ DATABASE_URL: db.url, WXCAST_SECRET_KEY: randomBytes(32).toString('hex') });
  });
  afterAll(async () => db?.drop());

  const tables = async () =>
    (await queryDatabase<{ name: string }>(db.url, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`)).map((row) => row.name);

  it('migrate applies the committed migrations to an empty database, then has nothing to do', async () => {
    expect(await tables()).not.toContain('official_accounts');
    const first = await runCli(['migrate'], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toMatch(/Applied \d+ migration\(s\): \d{14}_init/);
    expect(await tables()).toEqual(expect.arrayContaining(['workspaces', 'api_keys', 'official_accounts', '_prisma_migrations']));

    const second = await runCli(['migrate'], env);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/up to date/);
  });

  it('api-key create prints a key once and stores only its hash', async () => {
    const created = await runCli(['api-key', 'create', '--workspace', 'Marketing'], env);
    expect(created.code).toBe(0);
    const key = created.output.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^wxk_/);
    const rows = await queryDatabase(db.url, 'SELECT k.hash, w.name FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id');
    expect(rows).toEqual([{ hash: hashApiKey(key), name: 'Marketing' }]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('refuses a command without its required flag, with the usage', async () => {
    const missing = await runCli(['api-key', 'create'], env);
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/needs --workspace <name>[\s\S]*Usage:/);
  });
});
