import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { enqueueJob } from '#src/services/jobs.ts';
import { PING_JOB } from '#jobs/ping.ts';
import { ValidationError } from '#src/errors.ts';

const SchedulePingInput = builder.inputType('SchedulePingInput', {
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When to run; default now' }),
    message: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  schedulePing: t.prismaField({
    type: Job,
    description: 'Schedules a trivial job that echoes the message at the given time: a check that workers run jobs',
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: SchedulePingInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      if (input.message.length > 200) throw ValidationError.field(['input', 'message'], 'must be at most 200 characters');
      const run = await enqueueJob(
        { prisma: ctx.app.prisma, pubsub: ctx.app.pubsub, agenda: ctx.app.agenda },
        { workspaceId: ctx.viewer.workspaceId, kind: 'PING', jobName: PING_JOB, params: { message: input.message }, runAt: input.at ?? new Date() },
      );
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
