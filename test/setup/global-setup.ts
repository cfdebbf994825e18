import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '#src/db/migrations/apply.ts';
import { ensureServices } from './services.ts';
import { quoteIdent } from '#src/db/migrations/connection.ts';
import { databaseUrl, runOf, TEST_DATABASE_PREFIX, TEMPLATE_PREFIX } from './names.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** What test/helpers/database.ts needs to clone per-file databases. */
    testDatabases: { adminUrl: string; template: string; prefix: string };
  }
}

/** On a server we cannot check pids for, databases of runs this old are taken as abandoned. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Once per `vitest` run: services up, then a template database migrated with the project's own
 * applyMigrations, from which every test file clones its own database (CREATE DATABASE …
 * TEMPLATE is a file copy: much faster than migrating per file, and files stay isolated).
 * The teardown drops the template and whatever test databases of this run are left.
 */
export default async function setup(project: TestProject) {
  const services = await ensureServices();
  const { adminUrl } = services;
  const withAdmin = <T>(fn: (admin: pg.Client) => Promise<T>) => withAdminAt(adminUrl, fn);
  // Unique per run: several runs (engineers, CI) may share one server.
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const template = `${TEMPLATE_PREFIX}${runId}`;
  const prefix = `${TEST_DATABASE_PREFIX}${runId}_`;

  try {
    await withAdmin(async (admin) => {
      await dropStaleDatabases(admin, adminUrl);
      await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
    });
    await applyMigrations(databaseUrl(adminUrl, template));
    // Nobody may connect to it any more: CREATE DATABASE … TEMPLATE fails while it has sessions.
    await withAdmin((admin) => admin.query(`ALTER DATABASE ${quoteIdent(template)} ALLOW_CONNECTIONS false`));
  } catch (error) {
    await services.stop();
    throw error;
  }
  project.provide('testDatabases', { adminUrl, template, prefix });

  return async () => {
    try {
      await withAdmin(async (admin) => {
        const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
        for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
      });
    } finally {
      await services.stop();
    }
  };
}

async function withAdminAt<T>(adminUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Drops templates and test databases of runs killed before their teardown (Ctrl-C, SIGPIPE…): on
 * a local server, those whose vitest process is gone; elsewhere, those older than a day.
 */
async function dropStaleDatabases(admin: pg.Client, adminUrl: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR starts_with(datname, $2)',
    [TEMPLATE_PREFIX, TEST_DATABASE_PREFIX],
  );
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(adminUrl).hostname);
  for (const { datname } of rows) {
    const run = runOf(datname);
    if (!run) continue;
    const abandoned = local ? !isAlive(run.pid) : Date.now() - run.startedAt > ABANDONED_AFTER_MS;
    if (abandoned) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
