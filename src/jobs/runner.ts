import { randomUUID } from 'node:crypto';
import type { Job } from 'agenda';
import type { AppDeps } from '#src/context.ts';
import type { JobRunEventType } from '#src/generated/prisma/enums.ts';
import { Prisma, type JobRun } from '#src/generated/prisma/client.ts';
import { logger } from '#src/logger.ts';
import { WeChatApiError } from '#src/errors.ts';
import { retryAfterMs } from '#src/wechat/errors.ts';
import { JOB_KINDS, policyOf, type JobKind, type ParsedJobParams } from '#src/jobs/registry.ts';
import { LeaseLostError, RetryLaterError } from '#src/jobs/retry-later.ts';
import { dispatchRun } from '#src/jobs/dispatch.ts';
import { publishJob, type TrackedJobData } from '#src/services/jobs.ts';

/** What every handler may use: the process's long-lived parts. */
export type WorkerDeps = AppDeps;

/** What a handler gets for one run it owns. */
export interface JobContext<K extends JobKind> {
  run: JobRun;
  params: ParsedJobParams<K>;
  deps: WorkerDeps;
  /** What the run's previous owner (or an earlier attempt) committed with `saveCheckpoint`; null at first. */
  checkpoint: unknown;
  /** Stores progress (`done` of `total` units) and publishes it. Throws LeaseLostError once the run is not ours. */
  progress(done: number, total?: number): Promise<void>;
  /** Stores what is committed so far, so a worker that takes the run over continues from there. */
  saveCheckpoint(state: unknown, done?: number, total?: number): Promise<void>;
  /** Aborted when the lease is lost: stop calling WeChat. */
  signal: AbortSignal;
}

/** A job kind's body: returns the run's result; throws to fail it (or RetryLaterError to wait). */
export type JobHandler<K extends JobKind> = (ctx: JobContext<K>) => Promise<unknown>;

/**
 * What a kind does once a run of it failed for good (its last attempt failed, or it was put back
 * too often): the run is already FAILED with `error`. It repairs what the handler left half
 * done (a send record stuck in a state no run will move anymore). Called at most once per run,
 * by the worker that failed it; its own failure is logged, the run stays FAILED either way.
 */
export type JobGaveUpHook<K extends JobKind> = (ctx: { run: JobRun; params: ParsedJobParams<K>; deps: WorkerDeps; error: string }) => Promise<void>;

/** Moves owned by the runner: each is a compare-and-set on the run's token. */
const OWNED = (id: string, token: string) => ({ id, leaseToken: token, status: 'RUNNING' as const });

/**
 * Runs one Agenda delivery of a tracked job. The run is claimed by compare-and-set: a QUEUED run
 * that is due, or a RUNNING one whose lease expired (its owner died). Any other delivery (the run
 * is owned by a live worker, or finished) does nothing. While the handler runs, a heartbeat
 * renews the lease (and Agenda's lock) every third of the kind's lock lifetime; every later move
 * (progress, checkpoint, finish, retry) names the run token, so a worker that lost the run
 * writes nothing, and a finished run is never changed again.
 */
export async function runJob<K extends JobKind>(deps: WorkerDeps, kind: K, handler: JobHandler<K>, job: Job<TrackedJobData>, gaveUp?: JobGaveUpHook<K>): Promise<void> {
  const jobRunId = job.attrs.data.jobRunId;
  const policy = policyOf(kind);
  const token = randomUUID();
  // The claim and its history event are one statement: a run never shows a state its history lacks.
  const [claim] = await deps.prisma.$queryRaw<{ previous: string; attempts: number }[]>`
    WITH prev AS (SELECT id, status::text AS status FROM job_runs WHERE id = ${jobRunId}::uuid FOR UPDATE),
    claimed AS (
      UPDATE job_runs j SET status = 'RUNNING', lease_token = ${token}::uuid,
        lease_expires_at = clock_timestamp() + make_interval(secs => ${policy.lockLifetimeMs / 1000}),
        started_at = COALESCE(j.started_at, clock_timestamp()), attempts = j.attempts + 1
      FROM prev
      WHERE j.id = prev.id AND j.kind = ${kind}
        AND ((j.status = 'QUEUED' AND j.run_at <= clock_timestamp() + interval '1 second')
          OR (j.status = 'RUNNING' AND (j.lease_expires_at IS NULL OR j.lease_expires_at < clock_timestamp())))
      RETURNING j.id, prev.status AS previous, j.attempts),
    event AS (
      INSERT INTO job_run_events (job_run_id, type, attempt)
      SELECT id, (CASE WHEN previous = 'RUNNING' THEN 'TAKEN_OVER' ELSE 'STARTED' END)::"JobRunEventType", attempts FROM claimed)
    SELECT previous, attempts FROM claimed`;
  if (!claim) {
    logger.debug({ jobRunId, kind }, 'job delivery ignored: the run is owned by a live worker or finished');
    return;
  }
  const takeover = claim.previous === 'RUNNING';
  if (takeover) logger.warn({ jobRunId, kind, attempt: claim.attempts }, 'took over a job run whose worker stopped renewing its lease');
  let run = await deps.prisma.jobRun.findUniqueOrThrow({ where: { id: jobRunId } });
  publishJob(deps, run);

  const lost = new AbortController();
  const heartbeat = setInterval(() => {
    void renewLease(deps, jobRunId, token, policy.lockLifetimeMs).then(
      async (owned) => {
        if (!owned) lost.abort(new LeaseLostError(jobRunId));
        else await job.touch().catch((error: unknown) => logger.warn({ err: error, jobRunId }, 'could not renew the Agenda lock'));
      },
      (error: unknown) => logger.warn({ err: error, jobRunId }, 'could not renew a job lease; trying again'),
    );
  }, Math.max(50, Math.floor(policy.lockLifetimeMs / 3)));

  const write = async (data: { done?: number; total?: number; checkpoint?: unknown }) => {
    if (lost.signal.aborted) throw new LeaseLostError(jobRunId);
    const rows = await deps.prisma.jobRun.updateManyAndReturn({
      where: OWNED(jobRunId, token),
      data: {
        ...(data.done === undefined ? {} : { done: data.done }),
        ...(data.total === undefined ? {} : { total: data.total }),
        ...(data.checkpoint === undefined ? {} : { checkpoint: data.checkpoint as object }),
      },
    });
    if (!rows[0]) {
      lost.abort(new LeaseLostError(jobRunId));
      throw new LeaseLostError(jobRunId);
    }
    publishJob(deps, rows[0]);
  };
  try {
    const params = JOB_KINDS[kind].params.parse(run.params) as ParsedJobParams<K>;
    const result = await handler({
      run,
      params,
      deps,
      checkpoint: run.checkpoint,
      progress: (done, total) => write({ done, total }),
      saveCheckpoint: (checkpoint, done, total) => write({ checkpoint, done, total }),
      signal: lost.signal,
    });
    run = await finish(deps, jobRunId, token, claim.attempts, { status: 'SUCCEEDED', result }) ?? run;
  } catch (error) {
    const failed = await settleFailure(deps, kind, jobRunId, token, claim.attempts, lost.signal.aborted ? new LeaseLostError(jobRunId) : error);
    if (failed && gaveUp) await afterGivingUp(deps, kind, failed, gaveUp);
  } finally {
    clearInterval(heartbeat);
  }
}

async function renewLease(deps: WorkerDeps, id: string, token: string, lifetimeMs: number): Promise<boolean> {
  const renewed = await deps.prisma.$executeRaw`
    UPDATE job_runs SET lease_expires_at = clock_timestamp() + make_interval(secs => ${lifetimeMs / 1000})
    WHERE id = ${id}::uuid AND lease_token = ${token}::uuid AND status = 'RUNNING'`;
  return renewed === 1;
}

/** Runs a kind's hook after a run failed for good; the hook's own failure is logged only. */
async function afterGivingUp<K extends JobKind>(deps: WorkerDeps, kind: K, run: JobRun, gaveUp: JobGaveUpHook<K>) {
  try {
    const params = JOB_KINDS[kind].params.parse(run.params) as ParsedJobParams<K>;
    await gaveUp({ run, params, deps, error: run.error ?? 'the job failed' });
  } catch (error) {
    logger.error({ err: error, jobRunId: run.id, kind }, 'the hook of a job run that failed for good failed');
  }
}

/**
 * Fails the run, retries it later (policy or WeChat's "try later"), or lets go of a lost one.
 * Returns the run when this call failed it for good.
 */
async function settleFailure(deps: WorkerDeps, kind: JobKind, id: string, token: string, attempt: number, error: unknown): Promise<JobRun | undefined> {
  if (error instanceof LeaseLostError) {
    logger.warn({ jobRunId: id, kind }, 'a job run was taken over by another worker; this worker stopped it');
    await recordEvent(deps.prisma, id, 'LEASE_LOST', attempt);
    return undefined;
  }
  const later = asRetryLater(error);
  const policy = policyOf(kind);
  const message = error instanceof Error ? error.message : String(error);
  const reschedules = later ? await deps.prisma.jobRunEvent.count({ where: { jobRunId: id, type: 'RESCHEDULED' } }) : 0;
  if (later && reschedules < (policy.maxReschedules ?? 100)) {
    // Waiting is not failing: the attempt is given back.
    if (await requeue(deps, kind, id, token, later.retryAt, later.reason, 'RESCHEDULED', attempt, -1)) return undefined;
  } else if (attempt < policy.maxAttempts) {
    logger.warn({ err: error, jobRunId: id, kind, attempt }, 'job attempt failed; retrying');
    if (await requeue(deps, kind, id, token, new Date(Date.now() + policy.retryDelayMs), message, 'RETRY_SCHEDULED', attempt, 0)) return undefined;
  }
  logger.error({ err: error, jobRunId: id, kind, attempt, reschedules }, 'job failed');
  return finish(deps, id, token, attempt, { status: 'FAILED', error: message, result: (error as { partial?: unknown }).partial });
}

/** A RetryLaterError, or a WeChat answer that names a time to try again (45011, -1 …). */
function asRetryLater(error: unknown): RetryLaterError | undefined {
  if (error instanceof RetryLaterError) return error;
  const cause = error instanceof Error && error.cause instanceof WeChatApiError ? error.cause : error;
  if (cause instanceof WeChatApiError) {
    const wait = retryAfterMs(cause);
    if (wait !== undefined) return RetryLaterError.in(wait, cause.message);
  }
  return undefined;
}

async function requeue(deps: WorkerDeps, kind: JobKind, id: string, token: string, at: Date, reason: string, type: JobRunEventType, attempt: number, attemptsDelta: number) {
  const moved = await moveOwned(
    deps, id, token,
    Prisma.sql`status = 'QUEUED', run_at = ${at}, lease_token = NULL, lease_expires_at = NULL, dispatched_at = NULL, error = ${reason}, attempts = attempts + ${attemptsDelta}`,
    { type, attempt, detail: `${reason} (at ${at.toISOString()})` },
  );
  if (!moved) return false;
  publishJob(deps, moved);
  logger.info({ jobRunId: id, kind, runAt: at, reason }, 'job run put back in the queue');
  await dispatchRun(deps, moved);
  return true;
}

async function finish(deps: WorkerDeps, id: string, token: string, attempt: number, outcome: { status: 'SUCCEEDED' | 'FAILED'; result?: unknown; error?: string }) {
  const result = outcome.result === undefined ? Prisma.sql`result` : Prisma.sql`${JSON.stringify(outcome.result)}::jsonb`;
  const moved = await moveOwned(
    deps, id, token,
    Prisma.sql`status = ${outcome.status}::"JobStatus", finished_at = clock_timestamp(), lease_token = NULL, lease_expires_at = NULL, error = ${outcome.error ?? null}, result = ${result}`,
    { type: outcome.status, attempt, detail: outcome.error },
  );
  if (!moved) {
    logger.warn({ jobRunId: id }, 'a job run finished on a worker that no longer owned it; its outcome was dropped');
    return undefined;
  }
  publishJob(deps, moved);
  return moved;
}

/**
 * A move of a run this worker owns (compare-and-set on its token) and the history event that
 * tells it, in one statement: a reader never sees a finished run without its last event, and a
 * crash cannot leave one without the other. Returns the run as it is then; undefined when the
 * run is not ours.
 */
async function moveOwned(deps: WorkerDeps, id: string, token: string, set: Prisma.Sql, event: { type: JobRunEventType; attempt: number; detail?: string }): Promise<JobRun | undefined> {
  const [moved] = await deps.prisma.$queryRaw<{ id: string }[]>`
    WITH moved AS (
      UPDATE job_runs SET ${set} WHERE id = ${id}::uuid AND lease_token = ${token}::uuid AND status = 'RUNNING' RETURNING id),
    event AS (
      INSERT INTO job_run_events (job_run_id, type, attempt, detail)
      SELECT id, ${event.type}::"JobRunEventType", ${event.attempt}, ${event.detail ?? null} FROM moved)
    SELECT id FROM moved`;
  return moved ? deps.prisma.jobRun.findUniqueOrThrow({ where: { id } }) : undefined;
}

type EventWriter = Pick<WorkerDeps['prisma'], 'jobRunEvent'>;

async function recordEvent(db: EventWriter, jobRunId: string, type: JobRunEventType, attempt: number, detail?: string) {
  await db.jobRunEvent.create({ data: { jobRunId, type, attempt, detail: detail ?? null } });
}
