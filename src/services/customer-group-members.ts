import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { ScopedDb } from '#src/db/scoped.ts';
import { Prisma } from '#src/generated/prisma/client.ts';
import { NotFoundError, ValidationError } from '#src/errors.ts';
import { parseInput } from '#src/services/validate.ts';
import { findActiveAccount } from '#src/services/accounts.ts';
import { findCustomerGroup } from '#src/services/customer-groups.ts';
import { isUuid } from '#src/services/unique.ts';

/** Largest CSV accepted (bytes): about 700,000 openids. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** Most ids accepted in one list argument (larger sets go through a CSV upload). */
export const MAX_LISTED_IDS = 100_000;
/** Most unmatched ids echoed back; `unknownCount` always has the full number. */
export const MAX_UNKNOWN_LISTED = 1000;

const SOURCES = ['customerIds', 'openids', 'csv'] as const;

const idList = z
  .array(z.string().trim().min(1, { message: 'must not be empty' }))
  .min(1, { message: 'must not be empty' })
  .max(MAX_LISTED_IDS, { message: `must have at most ${MAX_LISTED_IDS} entries (upload a CSV for more)` });

const addSchema = z
  .object({
    customerIds: idList.optional(),
    openids: z.object({ accountId: z.string(), openids: idList }).optional(),
    csv: z.custom<Blob>((value) => typeof value === 'object' && value !== null && 'text' in value, { message: 'must be a file' }).optional(),
    csvAccountId: z.string().optional(),
  })
  .superRefine((input, ctx) => {
    const given = SOURCES.filter((source) => input[source] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'give one of customerIds, openids or csv' });
    if (given.length > 1) {
      for (const source of given) ctx.addIssue({ code: 'custom', path: [source], message: 'give only one of customerIds, openids or csv' });
    }
    if (input.csvAccountId !== undefined && input.csv === undefined) {
      ctx.addIssue({ code: 'custom', path: ['csvAccountId'], message: 'applies only with csv' });
    }
    if (input.csv && input.csv.size > MAX_CSV_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['csv'], message: `must be at most ${MAX_CSV_BYTES / 1024 / 1024} MB` });
    }
  });

/**
 * Members to add, from exactly one source: customer ids (uuids), openids of one account, or a CSV
 * whose rows are openids of `csvAccountId` or unionids of the workspace's customers.
 */
export type AddMembersInput = z.input<typeof addSchema>;

export interface AddMembersResult {
  groupId: string;
  /** Distinct ids (or CSV rows) received. */
  received: number;
  /** New memberships. */
  added: number;
  /** Customers matched who were members already. */
  alreadyMembers: number;
  /** Ids that matched nothing, in input order, at most MAX_UNKNOWN_LISTED of them. */
  unknown: string[];
  unknownCount: number;
}

/**
 * Adds customers to a static group. Ids are resolved and inserted by one
 * INSERT … SELECT … ON CONFLICT DO NOTHING, so a list of any size costs one statement and
 * repeating a call changes nothing. Ids that match nothing are reported, never dropped silently.
 * Invalid input (no source or several, an oversized or malformed CSV, an account or group outside
 * the workspace) throws before anything is written.
 */
export async function addCustomerGroupMembers(db: ScopedDb, groupId: string, rawInput: AddMembersInput): Promise<AddMembersResult> {
  const input = parseInput(addSchema, rawInput);
  const group = await findCustomerGroup(db, groupId);
  const ws = group.workspaceId;
  let keys: string[];
  let matched: Prisma.Sql;
  let invalid: string[] = [];
  if (input.customerIds) {
    const all = distinct(input.customerIds);
    invalid = all.filter((id) => !isUuid(id));
    keys = all.filter(isUuid);
    matched = Prisma.sql`
      SELECT i.key, i.ord, c.id AS customer_id
      FROM input i LEFT JOIN customers c ON c.id = i.key::uuid AND c.workspace_id = ${ws}::uuid`;
  } else if (input.openids) {
    const account = await findAccount(db, input.openids.accountId);
    keys = distinct(input.openids.openids);
    matched = Prisma.sql`
      SELECT i.key, i.ord, c.id AS customer_id
      FROM input i
      LEFT JOIN followers f ON f.account_id = ${account.id}::uuid AND f.openid = i.key
      LEFT JOIN customers c ON c.id = f.customer_id AND c.workspace_id = ${ws}::uuid`;
  } else {
    const accountId = input.csvAccountId === undefined ? null : (await findAccount(db, input.csvAccountId)).id;
    keys = await readCsvIds(input.csv!);
    // A row is an openid of the account if one matches, else a unionid of the workspace.
    matched = Prisma.sql`
      SELECT i.key, i.ord, coalesce(cf.id, cu.id) AS customer_id
      FROM input i
      LEFT JOIN followers f ON f.account_id = ${accountId}::uuid AND f.openid = i.key
      LEFT JOIN customers cf ON cf.id = f.customer_id AND cf.workspace_id = ${ws}::uuid
      LEFT JOIN customers cu ON cu.workspace_id = ${ws}::uuid AND cu.unionid = i.key`;
  }
  const [row] = await db.$queryRaw<{ added: number; matched: number; unknownCount: number; unknown: string[] }[]>`
    WITH input AS (SELECT key, ord FROM unnest(${keys}::text[]) WITH ORDINALITY AS t(key, ord)),
    matched AS (${matched}),
    targets AS (SELECT DISTINCT customer_id FROM matched WHERE customer_id IS NOT NULL),
    inserted AS (
      INSERT INTO customer_group_members (group_id, customer_id)
      SELECT g.id, t.customer_id FROM targets t JOIN customer_groups g ON g.id = ${group.id}::uuid AND g.workspace_id = ${ws}::uuid
      ON CONFLICT DO NOTHING
      RETURNING customer_id
    )
    SELECT (SELECT count(*) FROM inserted)::int AS added,
           (SELECT count(*) FROM targets)::int AS matched,
           (SELECT count(*) FROM matched WHERE customer_id IS NULL)::int AS "unknownCount",
           ARRAY(SELECT key FROM matched WHERE customer_id IS NULL ORDER BY ord LIMIT ${MAX_UNKNOWN_LISTED}::int) AS unknown`;
  const result = row!;
  return {
    groupId: group.id,
    received: keys.length + invalid.length,
    added: result.added,
    alreadyMembers: result.matched - result.added,
    unknown: [...invalid, ...result.unknown].slice(0, MAX_UNKNOWN_LISTED),
    unknownCount: invalid.length + result.unknownCount,
  };
}

const HEADER = /^(open_?id|union_?id|id)$/i;

/**
 * The distinct ids of a CSV, one per row. A first row naming a column openid, unionid or id is
 * a header, and that column is read; otherwise the first column is. Blank rows are skipped.
 */
async function readCsvIds(file: Blob): Promise<string[]> {
  let rows: string[][];
  try {
    rows = parse(await file.text(), {
      bom: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw ValidationError.field(['input', 'csv'], `is not valid CSV: ${(error as Error).message}`);
  }
  const headerColumn = rows[0]?.findIndex((cell) => HEADER.test(cell)) ?? -1;
  const column = Math.max(headerColumn, 0);
  const ids = distinct((headerColumn >= 0 ? rows.slice(1) : rows).map((row) => row[column] ?? '').filter((id) => id !== ''));
  if (ids.length === 0) throw ValidationError.field(['input', 'csv'], 'contains no ids');
  return ids;
}

/** A bound account of the workspace; a malformed id is as absent as a foreign one. */
async function findAccount(db: ScopedDb, id: string) {
  if (!isUuid(id)) throw new NotFoundError('Account', id);
  return findActiveAccount(db, id);
}

function distinct(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()))];
}
