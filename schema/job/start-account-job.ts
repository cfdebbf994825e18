import { rowIdOf } from '#schema/global-ids.ts';
import type { Context } from '#src/context.ts';
import type { JobKind } from '#src/generated/prisma/enums.ts';
import { findActiveAccount } from '#src/services/accounts.ts';
import { enqueueJob } from '#src/services/jobs.ts';

/**
 * Starts a per-account background job (the sync mutations): the account must be a bound account
 * of the caller's workspace (else NotFoundError, also for malformed or foreign ids), and only one
 * job of the kind may be queued or running for it (else ConflictError). Returns the job row.
 */
export async function startAccountJob(
  ctx: Context,
  accountGlobalId: string | number,
  job: { kind: JobKind; jobName: string; params?: Record<string, unknown> },
) {
  const account = await findActiveAccount(ctx.db, rowIdOf('Account', accountGlobalId));
  return enqueueJob(
    { prisma: ctx.app.prisma, pubsub: ctx.app.pubsub, agenda: ctx.app.agenda },
    { workspaceId: ctx.viewer.workspaceId, accountId: account.id, ...job, exclusivePerAccount: true },
  );
}
