import { builder } from '#schema/builder.ts';
import { Job } from '#schema/job/types.ts';
import { schedulePing } from '#src/services/jobs.ts';

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
    authScopes: { scope: 'admin' },
    errors: {},
    args: { input: t.arg({ type: SchedulePingInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const run = await schedulePing(ctx.app, ctx.viewer.workspaceId, input);
      return ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
