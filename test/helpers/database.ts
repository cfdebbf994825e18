import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent } from '#src/db/migrations/connection.ts';
import { databaseUrl } from '../setup/names.ts';

/** A database of one test file, and how to drop it. */
export interface TestDatabase {
  /** e.g. postgresql://postgres@127.0.0.1:5432/wxcast_test_mi1x2y_1234_9f3a… */
  url: string;
  name: string;
  /** Drops the database (closing any session still on it). Safe to call twice. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** true: an empty database (no migrations applied), for tests of the migrations themselves. */
  empty?: boolean;
}

/**
 * A new database of its own for the calling test file, cloned from this run's template, which
 * global setup migrated with the committed migrations: ready to use, isolated from every other
 * file, so files run in parallel. Call `drop()` in afterAll (teardown drops leftovers anyway).
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const { adminUrl, template, prefix } = inject('testDatabases');
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  // template0, not template1: template1 may have been customised on a developer's server.
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(options.empty ? 'template0' : template)}`);
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Runs one statement on `url` over its own connection and returns the rows. */
export async function queryDatabase<R extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
