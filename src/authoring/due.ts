import type { Db } from '#src/db/client.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import type { Clock } from '#src/clock.ts';
import { logger } from '#src/logger.ts';
import { publishBroadcastStatus } from '#src/authoring/events.ts';

export interface DueDeps {
  prisma: Db;
  pubsub: WxPubSub;
  clock: Clock;
  /** A send later than this past its time is marked missed rather than sent late. */
  graceMs: number;
}

export interface DueParams {
  slot: 'TASK' | 'AB_TEST_GROUP';
  slotId: string;
  planVersion: number;
}

export type DueOutcome = 'DUE' | 'MISSED' | 'STALE';

/**
 * What a planned send's job does when it fires: if the plan it was made for still stands (same
 * plan version, still SCHEDULED), the send becomes DUE for the sending engine and the broadcast
 * SENDING; if its time passed by more than the grace period (no worker ran), it becomes MISSED and
 * the broadcast MISSED, so nothing goes out silently late. Otherwise (rescheduled, cancelled,
 * deleted, or already handled by an earlier delivery) it does nothing.
 */
export async function markSendDue(deps: DueDeps, params: DueParams): Promise<DueOutcome> {
  const table = params.slot === 'TASK' ? 'broadcast_tasks' : 'ab_test_groups';
  const outcome = await deps.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ sendAt: Date; planVersion: number; slotState: string; broadcastId: string }[]>(
      params.slot === 'TASK'
        ? `SELECT s.send_at AS "sendAt", s.plan_version AS "planVersion", s.slot_state::text AS "slotState", s.broadcast_id AS "broadcastId"
           FROM ${table} s WHERE s.id = $1::uuid FOR UPDATE`
        : `SELECT s.send_at AS "sendAt", s.plan_version AS "planVersion", s.slot_state::text AS "slotState", t.broadcast_id AS "broadcastId"
           FROM ${table} s JOIN broadcast_tasks t ON t.id = s.task_id WHERE s.id = $1::uuid FOR UPDATE OF s`,
      params.slotId,
    );
    const slot = rows[0];
    if (!slot || slot.planVersion !== params.planVersion || slot.slotState !== 'SCHEDULED') return { outcome: 'STALE' as DueOutcome, broadcast: null };
    const now = deps.clock.now();
    const missed = now.getTime() - slot.sendAt.getTime() > deps.graceMs;
    const slotState: DueOutcome = missed ? 'MISSED' : 'DUE';
    await tx.$executeRawUnsafe(`UPDATE ${table} SET slot_state = $2::"SendSlotState", due_at = $3 WHERE id = $1::uuid`, params.slotId, slotState, missed ? null : now);
    const broadcast = await tx.broadcast.update({
      where: { id: slot.broadcastId },
      data: { state: missed ? 'MISSED' : 'SENDING', version: { increment: 1 } },
      select: { id: true, accountId: true, state: true, version: true },
    });
    return { outcome: slotState, broadcast };
  });
  if ('broadcast' in outcome && outcome.broadcast) {
    if (outcome.outcome === 'MISSED') logger.warn({ ...params }, 'a planned send was missed: its time passed while no worker ran');
    publishBroadcastStatus(deps.pubsub, outcome.broadcast);
  }
  return outcome.outcome;
}
