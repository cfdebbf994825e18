import { builder } from '#schema/builder.ts';
import { JobKind, JobStatus } from '#src/generated/prisma/enums.ts';
import { Account } from '#schema/account/types.ts';

export const JobKindEnum = builder.enumType(JobKind, { name: 'JobKind' });
export const JobStatusEnum = builder.enumType(JobStatus, { name: 'JobStatus' });

/** A background job as users follow it: progress while it runs, then its result or error. */
export const Job = builder.prismaNode('JobRun', {
  variant: 'Job',
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    kind: t.expose('kind', { type: JobKindEnum }),
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
  }),
});
