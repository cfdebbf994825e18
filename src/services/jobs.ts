import type { Agenda } from 'agenda';
import type { Db } from '#src/db/client.ts';
import type { ScopedDb } from '#src/db/scoped.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { ConflictError, ValidationError } from '#src/errors.ts';
import type { JobStatus } from '#src/generated/prisma/enums.ts';
import type { JobRun } from '#src/generated/prisma/client.ts';
import { JOB_KINDS, policyOf, type JobKind, type JobParams } from '#src/jobs/registry.ts';
import { findActiveAccount } from '#src/services/accounts.ts';
import { parseInput } from '#src/services/validate.ts';
import { dispatchRun } from '#src/jobs/dispatch.ts';
import { logger } from '#src/logger.ts';

export interface JobDeps {
  prisma: Db;
  pubsub: WxPubSub;
}

export interface EnqueueDeps extends JobDeps {
  agenda: Agenda;
}

/** Agenda job data of every tracked job: the row that carries its progress and result. */
export interface TrackedJobData {
  jobRunId: string;
}

export interface EnqueueOptions {
  workspaceId: string;
  /** Required by kinds whose policy says `needsAccount`. */
  accountId?: string;
  /** Default now. */
  runAt?: Date;
  /** Root of the field paths in a ValidationError of the params (the GraphQL argument); default `params`. */
  paramsRoot?: string;
}

export const ACTIVE_JOB_STATUSES: JobStatus[] = ['QUEUED', 'RUNNING'];

/**
 * Records a run of `kind` and hands it to Agenda. The params are validated by the kind's schema
 * (ValidationError, nothing written). For kinds exclusive per account, the account row is locked
 * (FOR UPDATE) while checking for an active run of that kind, so two concurrent requests cannot
 * both start one (ConflictError). If Agenda refuses the job, the row is marked FAILED rather than
 * left queued.
 */
export async function enqueue<K extends JobKind>(deps: EnqueueDeps, kind: K, params: JobParams<K>, options: EnqueueOptions): Promise<JobRun> {
  const policy = policyOf(kind);
  const parsed = parseInput(JOB_KINDS[kind].params, params, options.paramsRoot ?? 'params');
  if (policy.needsAccount && !options.accountId) throw ValidationError.field('accountId', `a ${kind} job needs an account`);
  const run = await deps.prisma.$transaction(async (tx) => {
    if (policy.exclusivePerAccount && options.accountId) {
      await tx.$queryRaw`SELECT id FROM official_accounts WHERE id = ${options.accountId}::uuid FOR UPDATE`;
      const active = await tx.jobRun.findFirst({ where: { accountId: options.accountId, kind, status: { in: ACTIVE_JOB_STATUSES } } });
      if (active) throw new ConflictError(`a ${kind} job is already ${active.status.toLowerCase()} for this account`);
    }
    return tx.jobRun.create({
      data: {
        workspaceId: options.workspaceId,
        accountId: options.accountId ?? null,
        kind,
        params: parsed as object,
        runAt: options.runAt ?? new Date(),
      },
    });
  });
  // Test hook: a process that dies here leaves a run no Agenda job knows of (the reconciler's case).
  if (process.env.WXCAST_TEST_DIE_BEFORE_DISPATCH === '1') process.kill(process.pid, 'SIGKILL');
  try {
    await dispatchRun(deps, run);
  } catch (error) {
    // Not lost: the reconciler hands the run to the job store once it is reachable again.
    logger.warn({ err: error, jobRunId: run.id, kind }, 'could not hand a job run to the job store; the reconciler will');
  }
  return run;
}

/**
 * Starts a per-account background job (the sync operations): the account must be a bound account
 * of the caller's workspace (`db` is the caller's scoped client; else NotFoundError), and only one
 * job of the kind may be queued or running for it (else ConflictError). Returns the job row.
 */
export async function startAccountJob<K extends JobKind>(
  deps: EnqueueDeps,
  db: ScopedDb,
  workspaceId: string,
  accountId: string,
  kind: K,
  params: JobParams<K>,
  paramsRoot?: string,
): Promise<JobRun> {
  const account = await findActiveAccount(db, accountId);
  return enqueue(deps, kind, params, { workspaceId, accountId: account.id, ...(paramsRoot ? { paramsRoot } : {}) });
}

/** Progress reporter handed to a job body: `done` of `total` units so far. */
export type ReportProgress = (done: number, total?: number) => Promise<void>;

/** Schedules the trivial ping job: a check that workers run jobs at their time. */
export function schedulePing(deps: EnqueueDeps, workspaceId: string, input: { message: string; at?: Date | null }) {
  return enqueue(deps, 'PING', { message: input.message }, { workspaceId, runAt: input.at ?? new Date(), paramsRoot: 'input' });
}

/** Publishes the row's state as committed: subscribers see each step, even if the job races on. */
export function publishJob(deps: JobDeps, row: Pick<JobRun, 'id' | 'status' | 'done' | 'total'>) {
  deps.pubsub.publish('job:progress', row.id, { jobId: row.id, status: row.status, done: row.done, total: row.total });
}
