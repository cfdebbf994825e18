import { builder } from '#schema/builder.ts';
import { Job, JobStatusEnum } from '#schema/job/types.ts';
import { NotFoundError } from '#src/errors.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import type { Context } from '#src/context.ts';
import type { JobProgressEvent } from '#src/pubsub.ts';

const FINISHED = new Set(['SUCCEEDED', 'FAILED']);

/**
 * The job's current state first, then one event per change, completing after the final one. The
 * topic is subscribed before the state is read, so no change between the two is missed. An unknown
 * (or foreign) job is refused before the stream starts, so the client gets a NotFound error result.
 */
async function jobEvents(globalId: string | number, ctx: Context): Promise<AsyncGenerator<JobProgressEvent>> {
  const jobId = rowIdOf('Job', globalId);
  const events = ctx.app.pubsub.subscribe('job:progress', jobId);
  const job = await ctx.db.jobRun.findFirst({ where: { id: jobId }, select: { status: true, done: true, total: true } });
  if (!job) {
    await events.return?.();
    throw new NotFoundError('Job', String(globalId));
  }
  const stream = (async function* () {
    try {
      yield { jobId, ...job };
      if (FINISHED.has(job.status)) return;
      for await (const event of events) {
        yield event;
        if (FINISHED.has(event.status)) return;
      }
    } finally {
      await events.return?.();
    }
  })();
  // A client that leaves before the first event never starts the generator, so its finally
  // would not run: release the topic subscription on return() as well.
  const finish = stream.return.bind(stream);
  stream.return = async (value) => {
    await events.return?.();
    return finish(value);
  };
  return stream;
}

const JobProgress = builder.objectRef<JobProgressEvent>('JobProgress').implement({
  description: 'One step of a job: its state as of that step, and the job as it is now',
  fields: (t) => ({
    status: t.field({ type: JobStatusEnum, resolve: (event) => event.status }),
    done: t.exposeInt('done'),
    total: t.exposeInt('total', { nullable: true }),
    job: t.prismaField({
      type: Job,
      resolve: (query, event, _args, ctx) => ctx.db.jobRun.findUniqueOrThrow({ ...query, where: { id: event.jobId } }),
    }),
  }),
});

builder.subscriptionFields((t) => ({
  jobProgress: t.field({
    type: JobProgress,
    description: 'Live progress of a job: its state now, then every change until it finishes',
    authScopes: { scope: 'read' },
    args: { jobId: t.arg.id({ required: true }) },
    subscribe: (_root, { jobId }, ctx) => jobEvents(jobId, ctx),
    resolve: (event) => event,
  }),
}));
