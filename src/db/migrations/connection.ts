import type { ClientConfig } from 'pg';

/**
 * A PostgreSQL connection as discrete fields. Migration pools are built from these, never from
 * `connectionString` + `database`: pg lets the connection string win over a `database` override,
 * so a "shadow" pool built that way silently lands in the main database.
 */
export interface ConnectionFields {
  host: string;
  port: number;
  /** Unset: pg's own default (PGUSER, else the OS user), as for the app's pools. */
  user?: string;
  password?: string;
  /** Unset: pg's own default (PGDATABASE, else the user name). */
  database?: string;
  ssl?: ClientConfig['ssl'];
  /** Server options (`-c search_path=…`), as the `options` URL parameter gives them. */
  options?: string;
}

/**
 * Splits a `postgres://` / `postgresql://` URL into {@link ConnectionFields}. Supports
 * `?host=/socket/dir`, `?sslmode=` (disable | prefer | require | verify-*) and `?options=`.
 */
export function parseConnectionUrl(connectionString: string): ConnectionFields {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new Error('invalid PostgreSQL connection URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`not a PostgreSQL URL (protocol ${url.protocol})`);
  }
  const params = url.searchParams;
  const sslmode = params.get('sslmode');
  const fields: ConnectionFields = {
    host: params.get('host') ?? (decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1') || 'localhost'),
    port: Number(url.port || params.get('port') || 5432),
  };
  const user = decodeURIComponent(url.username) || params.get('user');
  if (user) fields.user = user;
  if (url.password) fields.password = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.slice(1));
  if (database) fields.database = database;
  if (sslmode === 'require' || sslmode === 'prefer' || sslmode === 'no-verify') fields.ssl = { rejectUnauthorized: false };
  else if (sslmode === 'verify-ca' || sslmode === 'verify-full') fields.ssl = true;
  const options = params.get('options');
  if (options) fields.options = options;
  return fields;
}

/** The same server and credentials, another database. */
export function withDatabase(fields: ConnectionFields, database: string): ConnectionFields {
  return { ...fields, database };
}

/** Double-quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
