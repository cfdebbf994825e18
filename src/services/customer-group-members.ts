import type pg from 'pg';
import { z } from 'zod';
import type { ScopedDb } from '#src/db/scoped.ts';
import { NotFoundError, ValidationError } from '#src/errors.ts';
import { parseInput } from '#src/services/validate.ts';
import { findActiveAccount } from '#src/services/accounts.ts';
import { findCustomerGroup } from '#src/services/customer-groups.ts';
import { isUuid } from '#src/services/unique.ts';
import { IdFileError, readIdRows, type IdRow } from '#src/services/csv-id-rows.ts';
import { importMembers, type MemberImportCounts, type MemberMatch } from '#src/services/member-import.ts';

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
    csv: z.custom<Blob>((value) => typeof value === 'object' && value !== null && 'stream' in value, { message: 'must be a file' }).optional(),
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
  /** Ids (or CSV rows) received; each is counted once as added, already a member or unknown. */
  received: number;
  /** New memberships. */
  added: number;
  /** Rows naming a customer who was a member already (or was added by an earlier row). */
  alreadyMembers: number;
  /** Rows that matched nothing, in input order, at most MAX_UNKNOWN_LISTED of them. */
  unknown: string[];
  unknownCount: number;
}

/**
 * Adds customers to a static group. Rows are staged in PostgreSQL in batches and matched and
 * inserted by one statement (see importMembers), so a CSV is never held in memory as text or rows,
 * and repeating a call changes nothing. Rows that match nothing are reported, never
 * dropped silently. Invalid input (no source or several, an oversized or unreadable CSV, an
 * account or group outside the workspace) is refused and nothing is written.
 */
export async function addCustomerGroupMembers(
  deps: { db: ScopedDb; importPool: pg.Pool },
  groupId: string,
  rawInput: AddMembersInput,
): Promise<AddMembersResult> {
  const { db } = deps;
  const input = parseInput(addSchema, rawInput);
  const group = await findCustomerGroup(db, groupId);
  let match: MemberMatch;
  let rows: AsyncIterable<IdRow[]>;
  if (input.customerIds) {
    match = { by: 'customerId' };
    rows = listed(input.customerIds);
  } else if (input.openids) {
    match = { by: 'openid', accountId: (await findAccount(db, input.openids.accountId)).id };
    rows = listed(input.openids.openids);
  } else {
    const accountId = input.csvAccountId === undefined ? null : (await findAccount(db, input.csvAccountId)).id;
    match = { by: 'openidOrUnionid', accountId };
    rows = readIdRows(input.csv!.stream() as unknown as AsyncIterable<Uint8Array>);
  }
  let counts: MemberImportCounts;
  try {
    counts = await importMembers(deps.importPool, { workspaceId: group.workspaceId, groupId: group.id, match }, rows, MAX_UNKNOWN_LISTED);
  } catch (error) {
    if (error instanceof IdFileError) throw ValidationError.field(['input', 'csv'], error.message);
    throw error;
  }
  if (counts.received === 0) throw ValidationError.field(['input', 'csv'], 'contains no ids');
  return { groupId: group.id, ...counts };
}

/** A list argument as rows (the list is in memory already, and at most MAX_LISTED_IDS long). */
async function* listed(ids: string[]): AsyncGenerator<IdRow[]> {
  yield ids.map((id) => ({ id, given: null }));
}

/** A bound account of the workspace; a malformed id is as absent as a foreign one. */
async function findAccount(db: ScopedDb, id: string) {
  if (!isUuid(id)) throw new NotFoundError('Account', id);
  return findActiveAccount(db, id);
}
