import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import { quoteIdent, withDatabase, type ConnectionFields } from '#src/db/migrations/connection.ts';

/** PostgreSQL's single-byte `"char"` type (pg_catalog columns such as relkind, contype). */
const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * The parts of adapter-pg's queryable we hook into. They are not in its public types, hence the
 * exact version pin of @prisma/adapter-pg; the migration tests exercise this on every run.
 */
interface PgQueryableInternals {
  performIO(query: SqlQuery): Promise<pg.QueryResult<unknown[]>>;
  queryRaw(query: SqlQuery): Promise<SqlResultSet>;
  onError(error: unknown): never;
}

/** For each result (keyed by its rows array, which queryRaw passes through), its "char" columns. */
const charColumnsByRows = new WeakMap<object, number[]>();

/**
 * Teaches one adapter-pg queryable (connection or transaction) about `"char"`: adapter-pg rejects
 * OID 18 as an unsupported type, yet the engine's describer reads such columns from pg_catalog, and
 * it wants them typed Character (as Text it panics on check constraints). So performIO relabels
 * the fields as text and remembers them, and queryRaw then reports them as Character.
 */
function supportCharColumns(queryable: SqlDriverAdapter | Transaction): void {
  const internals = queryable as unknown as PgQueryableInternals;
  const performIO = internals.performIO.bind(queryable);
  const queryRaw = internals.queryRaw.bind(queryable);
  internals.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        charColumns.push(index);
      }
    });
    if (charColumns.length > 0) charColumnsByRows.set(result.rows, charColumns);
    return result;
  };
  internals.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsByRows.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
}

/**
 * Opens an adapter-pg connection on its own pool with our fixes applied:
 * - `"char"` columns (see {@link supportCharColumns}), also inside transactions;
 * - `executeScript` as ONE simple-protocol query: adapter-pg splits scripts on `;` (breaking
 *   `'a;b'` literals and `$$` bodies) and runs the pieces separately (a failing migration would
 *   leave half its tables). One multi-statement query runs as one implicit transaction.
 * `dispose()` ends the pool, then runs `afterDispose` (used to drop a shadow database).
 */
async function connectFixed(fields: ConnectionFields, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  // max 1: the engine's session-level advisory lock and everything it runs share one session,
  // exactly like the native engine's single connection.
  const pool = new pg.Pool({ ...fields, max: 1, idleTimeoutMillis: 1_000 });
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  supportCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const transaction = await startTransaction(isolationLevel);
    supportCharColumns(transaction);
    return transaction;
  };
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      (adapter as unknown as PgQueryableInternals).onError(error);
    }
  };
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await afterDispose?.();
  };
  return adapter;
}

/** Runs one statement as the connection's user on the main database, in a client of its own. */
async function adminQuery(fields: ConnectionFields, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client(fields);
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Connects to a fresh `prisma_shadow_<uuid>` database on the same server. Its dispose() ends the
 * shadow pool first and then drops the database WITH (FORCE) (adapter-pg drops before ending its
 * pool, which fails and leaks shadow databases).
 */
async function connectToShadow(fields: ConnectionFields): Promise<SqlDriverAdapter> {
  const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
  await adminQuery(fields, `CREATE DATABASE ${quoteIdent(name)}`);
  const drop = async () => {
    await adminQuery(fields, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  };
  let adapter: SqlDriverAdapter | undefined;
  try {
    adapter = await connectFixed(withDatabase(fields, name), drop);
    // A proxy or pooler that ignores the database name would make the engine replay the whole
    // history into the main database: refuse instead.
    const reached = await adapter.queryRaw({ sql: 'SELECT current_database()', args: [], argTypes: [] });
    if (reached.rows[0]?.[0] !== name) {
      throw new Error(
        `this server ignored the database name when connecting to shadow database ${name}; ` +
          'creating or diffing migrations needs a PostgreSQL server reached directly',
      );
    }
    return adapter;
  } catch (error) {
    if (adapter) await adapter.dispose();
    else await drop().catch(() => {});
    throw error;
  }
}

/**
 * The migration-aware adapter factory for the wasm schema engine, built on adapter-pg.
 * Stock `PrismaPg` cannot serve here: it fails on `"char"` columns, splits
 * scripts on `;`, and its connectToShadowDb() ignores the database (with a connection string
 * the "shadow" is the main database) and leaks the databases it creates.
 */
export function createMigrationAdapterFactory(fields: ConnectionFields): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectFixed(fields),
    connectToShadowDb: () => connectToShadow(fields),
  };
}
