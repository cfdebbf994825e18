/**
 * The job registry: every kind of background job, its Agenda name, its parameter schema and its
 * policy, in one place. API shape (kept stable; other engines build on it):
 *
 *   JOB_KINDS[kind]            → { name, params: zod schema, policy }
 *   JobParams<kind>            → the parameters' type (z.input of the schema)
 *   enqueue(deps, kind, params, { workspaceId, accountId?, runAt? })   (src/services/jobs.ts)
 *                              → the JobRun row; params are validated by the schema first
 *   JobHandler<kind>           → async (ctx: { run, params, progress, checkpoint, signal, deps }) => result
 *   jobs/index.ts              → `JOB_HANDLERS: { [kind]: JobHandler<kind> }` (the type makes it complete)
 *
 * Adding a kind: an entry here, plus its handler file in jobs/ listed in jobs/index.ts (the type of
 * JOB_HANDLERS refuses a kind without one). job_runs.kind holds the kind's key as text; only
 * `enqueue` writes it, from this registry, and the API's JobKind enum is built from it too.
 */
import { z } from 'zod';

export interface JobPolicy {
  /**
   * How long a worker owns a run without renewing its lease. The runner renews it every third of
   * this while the handler runs; a worker that dies loses the run after at most this long, and
   * another worker takes it over.
   */
  lockLifetimeMs: number;
  /** Runs of a failed handler in all (1 = no retry). A retry is scheduled `retryDelayMs` later. */
  maxAttempts: number;
  retryDelayMs: number;
  /**
   * How many times a run may be put back for "try later" (rate limit, WeChat's 45011…) before it
   * fails: WeChat answering "later" for hours is a failure worth seeing. Default 100.
   */
  maxReschedules?: number;
  /** Only one run of this kind may be queued or running per account (a second is refused). */
  exclusivePerAccount: boolean;
  /** The run belongs to an account (`accountId` is required when enqueueing). */
  needsAccount: boolean;
}

export interface JobKindDefinition {
  /** Agenda job name: kebab-case, the handler's file name under jobs/. */
  name: string;
  params: z.ZodType<Record<string, unknown>>;
  policy: JobPolicy;
}

const SYNC_POLICY: JobPolicy = { lockLifetimeMs: 60_000, maxAttempts: 1, retryDelayMs: 0, exclusivePerAccount: true, needsAccount: true };

export const JOB_KINDS = {
  PING: {
    name: 'ping',
    params: z.object({ message: z.string().max(200, 'must be at most 200 characters') }),
    policy: { lockLifetimeMs: 60_000, maxAttempts: 1, retryDelayMs: 0, exclusivePerAccount: false, needsAccount: false },
  },
  SYNC_FOLLOWERS: { name: 'sync-followers', params: z.object({}), policy: SYNC_POLICY },
  SYNC_MATERIALS: {
    name: 'sync-materials',
    params: z.object({ count: z.union([z.literal(20), z.literal(500)]) }),
    policy: SYNC_POLICY,
  },
  SYNC_CARDS: { name: 'sync-cards', params: z.object({}), policy: SYNC_POLICY },
  HANDLE_WECHAT_EVENT: {
    name: 'handle-wechat-event',
    params: z.object({ eventId: z.uuid() }),
    // A failing handler is retried a few times, a little apart; then the event shows FAILED.
    policy: { lockLifetimeMs: 60_000, maxAttempts: 5, retryDelayMs: 5_000, exclusivePerAccount: false, needsAccount: true },
  },
  SEND_BROADCAST_TASK: {
    name: 'send-broadcast-task',
    // One planned send (a task or an A/B test group) and the plan version it was made for: a
    // rescheduled or cancelled send has a newer version, so a stale run does nothing.
    params: z.object({ slot: z.enum(['TASK', 'AB_TEST_GROUP']), slotId: z.uuid(), planVersion: z.number().int().min(1) }),
    // It is rescheduled while it waits for WeChat's results (every 30 s on the tag path, until
    // message/mass/get is asked after WXCAST_RESULT_RECONCILE_AFTER_MINUTES), so it may wait often.
    policy: { lockLifetimeMs: 60_000, maxAttempts: 3, retryDelayMs: 5_000, maxReschedules: 1_000, exclusivePerAccount: false, needsAccount: true },
  },
} as const satisfies Record<string, JobKindDefinition>;

/** A kind of background job: a key of the registry. */
export type JobKind = keyof typeof JOB_KINDS;

/** Every kind, in the registry's order. */
export const JOB_KIND_NAMES = Object.keys(JOB_KINDS) as JobKind[];

/** A stored job_runs.kind as a kind of this registry; an unknown one (a kind since removed) throws. */
export function jobKindOf(stored: string): JobKind {
  if (!Object.hasOwn(JOB_KINDS, stored)) throw new Error(`unknown job kind ${stored}`);
  return stored as JobKind;
}

/** The parameters a kind takes, as callers pass them. */
export type JobParams<K extends JobKind> = z.input<(typeof JOB_KINDS)[K]['params']>;
/** The parameters a kind's handler receives (validated). */
export type ParsedJobParams<K extends JobKind> = z.output<(typeof JOB_KINDS)[K]['params']>;

/** The kind whose Agenda name this is (Agenda hands the runner a name). */
export function kindOfJobName(name: string): JobKind | undefined {
  return (Object.keys(JOB_KINDS) as JobKind[]).find((kind) => JOB_KINDS[kind].name === name);
}

/**
 * Test hook: tests shorten a kind's lock lifetime (or retry delay) to stage a lease expiry in
 * seconds, not minutes. Returns the policy in force.
 */
const overrides = new Map<JobKind, Partial<JobPolicy>>();
export function policyOf(kind: JobKind): JobPolicy {
  return { ...JOB_KINDS[kind].policy, ...overrides.get(kind) };
}
export function overridePolicy(kind: JobKind, policy: Partial<JobPolicy> | undefined) {
  if (policy) overrides.set(kind, policy);
  else overrides.delete(kind);
}

/** WXCAST_JOB_LOCK_LIFETIME_MS: one lock lifetime for every kind (tests of lease expiry, tuning). */
export function overrideAllLockLifetimes(lockLifetimeMs: number) {
  for (const kind of Object.keys(JOB_KINDS) as JobKind[]) overrides.set(kind, { ...overrides.get(kind), lockLifetimeMs });
}
