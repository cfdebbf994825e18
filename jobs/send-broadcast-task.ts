import type { JobHandler } from '#src/jobs/runner.ts';
import { markSendDue } from '#src/authoring/due.ts';

/** Default grace before a late planned send counts as missed (WXCAST_MISSED_SEND_GRACE_MINUTES). */
const DEFAULT_GRACE_MINUTES = 15;

/**
 * Fires at a planned send's time. For now it hands the send to the sending engine by marking it
 * DUE (or MISSED when it fired too late); the engine that sends batches builds on that state.
 */
export const sendBroadcastTask: JobHandler<'SEND_BROADCAST_TASK'> = async ({ params, deps }) => ({
  outcome: await markSendDue(
    { prisma: deps.prisma, pubsub: deps.pubsub, clock: deps.clock, graceMs: (deps.config.missedSendGraceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000 },
    params,
  ),
});
