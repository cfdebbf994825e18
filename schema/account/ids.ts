import type { ScopedDb } from '#src/db/scoped.ts';
import { workspaceAccountId } from '#src/services/accounts.ts';
import { rowIdOf, withIdsAsGiven } from '#schema/global-ids.ts';

/**
 * The row id of an Account global id naming an account of the workspace, bound or not (lists of
 * its history stay readable); NotFoundError naming the id as sent otherwise.
 */
export function accountIdOf(db: ScopedDb, globalId: string | number): Promise<string> {
  return withIdsAsGiven([globalId], () => workspaceAccountId(db, rowIdOf('Account', globalId)));
}
