import { builder } from '#schema/builder.ts';
import { JobRunEventType, JobStatus } from '#src/generated/prisma/enums.ts';
import { JOB_KIND_NAMES, jobKindOf } from '#src/jobs/registry.ts';
import { Account } from '#schema/account/types.ts';

export const JobKindEnum = builder.enumType('JobKind', { values: JOB_KIND_NAMES });
export const JobStatusEnum = builder.enumType(JobStatus, { name: 'JobStatus' });
export const JobEventTypeEnum = builder.enumType(JobRunEventType, {
  name: 'JobEventType',
  values: {
    STARTED: { description: 'A worker started an attempt' },
    TAKEN_OVER: { description: 'A worker took the job over from one that stopped renewing its lease (it died); it continues from the last checkpoint' },
    RESCHEDULED: { description: 'WeChat (or the rate limit) asked to try later: the job waits in the queue, the attempt is not counted' },
    RETRY_SCHEDULED: { description: 'An attempt failed; another is scheduled' },
    LEASE_LOST: { description: 'A worker found the job taken over by another and stopped' },
    SUCCEEDED: { description: 'The job finished' },
    FAILED: { description: 'The job failed for good' },
  },
});

/** One step in a job's life. */
export const JobEvent = builder.prismaObject('JobRunEvent', {
  variant: 'JobEvent',
  description: 'One step in a job\'s life: started, taken over, rescheduled, finished…',
  fields: (t) => ({
    type: t.expose('type', { type: JobEventTypeEnum }),
    attempt: t.exposeInt('attempt'),
    detail: t.exposeString('detail', { nullable: true, description: 'Why (for reschedules, retries and failures)' }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

/** A background job as users follow it: progress while it runs, then its result or error. */
export const Job = builder.prismaNode('JobRun', {
  variant: 'Job',
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    kind: t.field({ type: JobKindEnum, resolve: (run) => jobKindOf(run.kind) }),
    status: t.expose('status', { type: JobStatusEnum }),
    done: t.exposeInt('done', { description: 'Units done so far (materials, followers…)' }),
    total: t.exposeInt('total', { nullable: true, description: 'Units in all, once known' }),
    result: t.expose('result', { type: 'JSON', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    account: t.relation('account', { type: Account, nullable: true }),
    runAt: t.expose('runAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    attempts: t.exposeInt('attempts', { description: 'Attempts started so far (a retry or a takeover starts another)' }),
    history: t.relation('history', { type: JobEvent, description: 'Every step of the job, oldest first', query: { orderBy: { id: 'asc' } } }),
  }),
});
