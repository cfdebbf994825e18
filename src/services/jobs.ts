import type { Agenda } from 'agenda';
import type { Db } from '#src/db/client.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { ConflictError } from '#src/errors.ts';
import { logger } from '#src/logger.ts';
import type { JobKind, JobStatus } from '#src/generated/prisma/enums.ts';
import type { JobRun } from '#src/generated/prisma/client.ts';

export interface JobDeps {
  prisma: Db;
  pubsub: WxPubSub;
}

/** Agenda job data of every tracked job: the row that carries its progress and result. */
export interface TrackedJobData {
  jobRunId: string;
}

export interface EnqueueJobInput {
  workspaceId: string;
  accountId?: string;
  kind: JobKind;
  /** Agenda job name (kebab-case, the file name under jobs/). */
  jobName: string;
  params?: Record<string, unknown>;
  runAt?: Date;
  /** Refuse when a job of the same kind is queued or running for the same account. */
  exclusivePerAccount?: boolean;
}

const ACTIVE: JobStatus[] = ['QUEUED', 'RUNNING'];

/**
 * Records a job and hands it to Agenda. With `exclusivePerAccount`, the account row is locked
 * (FOR UPDATE) while checking for an active job of that kind, so two concurrent requests cannot
 * both start one. If Agenda refuses the job, the row is marked FAILED rather than left queued.
 */
export async function enqueueJob(deps: JobDeps & { agenda: Agenda }, input: EnqueueJobInput): Promise<JobRun> {
  const run = await deps.prisma.$transaction(async (tx) => {
    if (input.exclusivePerAccount && input.accountId) {
      await tx.$queryRaw`SELECT id FROM official_accounts WHERE id = ${input.accountId}::uuid FOR UPDATE`;
      const active = await tx.jobRun.findFirst({ where: { accountId: input.accountId, kind: input.kind, status: { in: ACTIVE } } });
      if (active) throw new ConflictError(`a ${input.kind} job is already ${active.status.toLowerCase()} for this account`);
    }
    return tx.jobRun.create({
      data: {
        workspaceId: input.workspaceId,
        accountId: input.accountId ?? null,
        kind: input.kind,
        params: (input.params ?? {}) as object,
        runAt: input.runAt ?? new Date(),
      },
    });
  });
  try {
    const data: TrackedJobData = { jobRunId: run.id };
    await deps.agenda.schedule(run.runAt, input.jobName, data);
  } catch (error) {
    await finishJob(deps, run.id, { status: 'FAILED', error: 'could not be queued' });
    throw error;
  }
  return run;
}

/** Progress reporter handed to a job body: `done` of `total` units so far. */
export type ReportProgress = (done: number, total?: number) => Promise<void>;

/**
 * Runs a tracked job body: moves the row to RUNNING, reports progress, stores the result or the
 * error, and publishes every change on `job:progress`. A row already finished (Agenda delivers
 * at least once) is not run again.
 */
export async function runTrackedJob(
  deps: JobDeps,
  jobRunId: string,
  body: (run: JobRun, progress: ReportProgress) => Promise<unknown>,
): Promise<void> {
  const started = await deps.prisma.jobRun.updateManyAndReturn({
    where: { id: jobRunId, status: { in: ACTIVE } },
    data: { status: 'RUNNING', startedAt: new Date(), error: null },
  });
  const run = started[0];
  if (!run) return;
  publishJob(deps, run);
  const progress: ReportProgress = async (done, total) => {
    publishJob(deps, await deps.prisma.jobRun.update({ where: { id: run.id }, data: { done, ...(total === undefined ? {} : { total }) } }));
  };
  try {
    const result = await body(run, progress);
    await finishJob(deps, run.id, { status: 'SUCCEEDED', result });
  } catch (error) {
    logger.error({ err: error, jobRunId, kind: run.kind }, 'job failed');
    await finishJob(deps, run.id, { status: 'FAILED', error: error instanceof Error ? error.message : String(error), result: (error as { partial?: unknown }).partial });
  }
}

async function finishJob(deps: JobDeps, id: string, outcome: { status: 'SUCCEEDED' | 'FAILED'; result?: unknown; error?: string }) {
  const row = await deps.prisma.jobRun.update({
    where: { id },
    data: {
      status: outcome.status,
      finishedAt: new Date(),
      error: outcome.error ?? null,
      ...(outcome.result === undefined ? {} : { result: outcome.result as object }),
    },
  });
  publishJob(deps, row);
}

/** Publishes the row's state as committed: subscribers see each step, even if the job races on. */
export function publishJob(deps: JobDeps, row: Pick<JobRun, 'id' | 'status' | 'done' | 'total'>) {
  deps.pubsub.publish('job:progress', row.id, { jobId: row.id, status: row.status, done: row.done, total: row.total });
}
