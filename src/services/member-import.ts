import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { IdRow } from '#src/services/csv-id-rows.ts';

/** Rows sent to PostgreSQL per statement: bounds what an import holds in memory at once. */
export const IMPORT_BATCH_ROWS = 10_000;

/** How the rows of an import name customers. */
export type MemberMatch =
  | { by: 'customerId' }
  | { by: 'openid'; accountId: string }
  /** Openids of the account if one matches (no account: none do), else unionids of the workspace. */
  | { by: 'openidOrUnionid'; accountId: string | null };

export interface MemberImportTarget {
  workspaceId: string;
  groupId: string;
  match: MemberMatch;
}

export interface MemberImportCounts {
  received: number;
  added: number;
  alreadyMembers: number;
  unknownCount: number;
  /** Rows that matched nothing (the id, or the row as given when it had none), in input order. */
  unknown: string[];
}

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The customer a staged row `r` names, given the import's target `t`: joins and the customer id column. */
const MATCHERS: Record<MemberMatch['by'], { joins: string; customer: string }> = {
  // CASE, not AND: PostgreSQL may cast before testing the pattern in a join condition.
  customerId: {
    joins: `LEFT JOIN customers c ON c.id = CASE WHEN r.id ~* '${UUID}' THEN r.id::uuid END AND c.workspace_id = t.workspace_id`,
    customer: 'c.id',
  },
  openid: {
    joins: `LEFT JOIN followers f ON f.account_id = t.account_id AND f.openid = r.id
            LEFT JOIN customers c ON c.id = f.customer_id AND c.workspace_id = t.workspace_id`,
    customer: 'c.id',
  },
  openidOrUnionid: {
    joins: `LEFT JOIN followers f ON f.account_id = t.account_id AND f.openid = r.id
            LEFT JOIN customers cf ON cf.id = f.customer_id AND cf.workspace_id = t.workspace_id
            LEFT JOIN customers cu ON cu.workspace_id = t.workspace_id AND cu.unionid = r.id`,
    customer: 'coalesce(cf.id, cu.id)',
  },
};

/**
 * Adds the customers a stream of rows names to a group, in batches through PostgreSQL: rows go
 * into a temporary table IMPORT_BATCH_ROWS at a time (never all in memory), then one statement
 * matches them all and inserts the new memberships, so the import is all or nothing and the
 * rows may come from a file of any size. Every row is counted once: added (the first row naming
 * a customer who was not a member), already a member (any other row naming a customer, also a
 * repeated row), or unknown. A reading error (a bad file) leaves the group unchanged.
 *
 * Uses a connection of its own pool: a temporary table lives in one session, and imports wait for
 * a connection there instead of taking the connections every other query needs.
 */
export async function importMembers(pool: pg.Pool, target: MemberImportTarget, batches: AsyncIterable<IdRow[]>, unknownListed: number): Promise<MemberImportCounts> {
  const client = await pool.connect();
  // A unique name: the embedded database serves every connection from one session.
  const table = `member_import_${randomBytes(8).toString('hex')}`;
  try {
    await client.query(`CREATE TEMPORARY TABLE ${table} (ord int NOT NULL, id text, given text)`);
    let staged = 0;
    let batch: IdRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await client.query(
        `INSERT INTO ${table} (ord, id, given) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`,
        [batch.map((_, i) => staged + i), batch.map((row) => row.id), batch.map((row) => row.given)],
      );
      staged += batch.length;
      batch = [];
    };
    for await (const rows of batches) {
      for (const row of rows) {
        batch.push(row);
        if (batch.length >= IMPORT_BATCH_ROWS) await flush();
      }
    }
    await flush();
    if (staged === 0) return { received: 0, added: 0, alreadyMembers: 0, unknownCount: 0, unknown: [] };
    // Statistics for the planner: a fresh temporary table has none.
    await client.query(`ANALYZE ${table}`);
    const { joins, customer } = MATCHERS[target.match.by];
    const accountId = target.match.by === 'customerId' ? null : target.match.accountId;
    const { rows } = await client.query<{ received: number; matched: number; added: number; unknown: string[] }>(
      `WITH t AS (SELECT $1::uuid AS workspace_id, $2::uuid AS account_id, $3::uuid AS group_id),
       matched AS (SELECT r.ord, coalesce(r.id, r.given) AS given, ${customer} AS customer_id FROM ${table} r CROSS JOIN t ${joins}),
       inserted AS (
         INSERT INTO customer_group_members (group_id, customer_id)
         SELECT g.id, m.customer_id
         FROM (SELECT DISTINCT customer_id FROM matched WHERE customer_id IS NOT NULL) m
         JOIN customer_groups g ON g.id = (SELECT group_id FROM t) AND g.workspace_id = (SELECT workspace_id FROM t)
         ON CONFLICT DO NOTHING
         RETURNING customer_id
       )
       SELECT (SELECT count(*) FROM matched)::int AS received,
              (SELECT count(*) FROM matched WHERE customer_id IS NOT NULL)::int AS matched,
              (SELECT count(*) FROM inserted)::int AS added,
              ARRAY(SELECT given FROM matched WHERE customer_id IS NULL ORDER BY ord LIMIT $4::int) AS unknown`,
      [target.workspaceId, accountId, target.groupId, unknownListed],
    );
    const counts = rows[0]!;
    return {
      received: counts.received,
      added: counts.added,
      alreadyMembers: counts.matched - counts.added,
      unknownCount: counts.received - counts.matched,
      unknown: counts.unknown,
    };
  } finally {
    // A connection that cannot drop its table is closed rather than reused.
    await client.query(`DROP TABLE IF EXISTS ${table}`).then(() => client.release(), (error: Error) => client.release(error));
  }
}
