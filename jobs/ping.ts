import type { JobHandler } from '#src/jobs/runner.ts';

/** A trivial job that proves scheduling end to end: it runs at its time and echoes a message. */
export const ping: JobHandler<'PING'> = async ({ params }) => ({ message: params.message, ranAt: new Date().toISOString() });
