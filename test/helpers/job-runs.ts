import type { Db } from '#src/db/client.ts';
import type { JobRun } from '#src/generated/prisma/client.ts';

/** Polls a job run until `done(run)` holds; fails with the run as it was after `timeoutMs`. */
export async function waitForRun(prisma: Db, id: string, done: (run: JobRun) => boolean, timeoutMs = 60_000): Promise<JobRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await prisma.jobRun.findUniqueOrThrow({ where: { id } });
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`job run ${id} did not get there in ${timeoutMs} ms: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const finished = (run: JobRun) => run.status === 'SUCCEEDED' || run.status === 'FAILED';

/** The run's history as event types, in order. */
export async function historyOf(prisma: Db, id: string): Promise<string[]> {
  const events = await prisma.jobRunEvent.findMany({ where: { jobRunId: id }, orderBy: { id: 'asc' } });
  return events.map((event) => event.type);
}
