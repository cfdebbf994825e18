import type { Prisma } from '#src/generated/prisma/client.ts';
import type { BroadcastStatusEvent, SendRecordEvent, WxPubSub } from '#src/pubsub.ts';

export type SendRecordState = SendRecordEvent['state'];

/** The states a record may move to from each state; a record never moves backwards. */
const NEXT: Record<SendRecordState, readonly SendRecordState[]> = {
  SELECTING: ['PREPARING', 'FAILED'],
  PREPARING: ['QUEUED', 'FAILED'],
  QUEUED: ['SENDING', 'FAILED'],
  SENDING: ['SENT', 'PARTLY_FAILED', 'FAILED'],
  SENT: [],
  PARTLY_FAILED: [],
  FAILED: [],
};

export const FINAL_RECORD_STATES: readonly SendRecordState[] = ['SENT', 'PARTLY_FAILED', 'FAILED'];

/** What a committed move announces: publish it with {@link publishRecordMove} after the commit. */
export interface RecordMove {
  accountId: string;
  event: BroadcastStatusEvent & { record: SendRecordEvent };
}

export interface MoveOptions {
  /** Counts to store with the move (the frozen audience's size, the results' sums). */
  counts?: Partial<Pick<SendRecordEvent, 'recipientCount' | 'batchCount' | 'sentCount' | 'errorCount' | 'filteredOut'>>;
  failureReason?: string;
}

/**
 * Moves a send record from `from` to `to` by compare-and-set: the UPDATE names the state the
 * caller read, so of two workers (or a worker and a results handler) only one moves it, and the
 * other gets null and does nothing. The broadcast's version is incremented in the same
 * transaction, so status events of one broadcast carry increasing versions in commit order; the
 * last record of a broadcast to finish makes the broadcast DONE.
 */
export async function moveRecord(tx: Prisma.TransactionClient, recordId: string, from: SendRecordState, to: SendRecordState, options: MoveOptions = {}): Promise<RecordMove | null> {
  if (!NEXT[from].includes(to)) throw new Error(`a send record cannot move from ${from} to ${to}`);
  const c = options.counts ?? {};
  const final = FINAL_RECORD_STATES.includes(to);
  // The broadcast's row is locked first, so moves of its records commit one after the other and
  // each later statement sees the records finished before it (two last records finishing at once
  // would otherwise each miss the other and leave the broadcast SENDING).
  await tx.$queryRaw`SELECT 1 FROM broadcasts WHERE id = (SELECT broadcast_id FROM send_records WHERE id = ${recordId}::uuid) FOR UPDATE`;
  const rows = await tx.$queryRaw<(Omit<SendRecordEvent, 'updatedAt'> & { updatedAt: Date; broadcastId: string; accountId: string })[]>`
    UPDATE send_records SET state = ${to}::"SendRecordState", updated_at = clock_timestamp(),
      finished_at = CASE WHEN ${final} THEN clock_timestamp() ELSE finished_at END,
      recipient_count = COALESCE(${c.recipientCount ?? null}::int, recipient_count),
      batch_count = COALESCE(${c.batchCount ?? null}::int, batch_count),
      sent_count = COALESCE(${c.sentCount ?? null}::int, sent_count),
      error_count = COALESCE(${c.errorCount ?? null}::int, error_count),
      filtered_out = COALESCE(${c.filteredOut ?? null}::int, filtered_out),
      failure_reason = COALESCE(${options.failureReason ?? null}::text, failure_reason)
    WHERE id = ${recordId}::uuid AND state = ${from}::"SendRecordState"
    RETURNING id AS "recordId", task_id AS "taskId", broadcast_id AS "broadcastId", account_id AS "accountId",
      state::text AS state, recipient_count AS "recipientCount", batch_count AS "batchCount", sent_count AS "sentCount",
      error_count AS "errorCount", filtered_out AS "filteredOut", failure_reason AS "failureReason", updated_at AS "updatedAt"`;
  const row = rows[0];
  if (!row) return null;
  // DONE once every record of the broadcast is final and no planned send is still waiting: no
  // task or A/B test group slot SCHEDULED, and none DUE without its record (the task's slot is
  // sent by its `TASK` or A/B `REMAINDER` record, a test group's by `AB_TEST_GROUP:<position>`).
  const [broadcast] = await tx.$queryRaw<{ state: BroadcastStatusEvent['state']; version: number }[]>`
    UPDATE broadcasts b SET version = b.version + 1, updated_at = clock_timestamp(),
      state = CASE WHEN ${final} AND b.state = 'SENDING'
        AND NOT EXISTS (SELECT 1 FROM send_records r WHERE r.broadcast_id = b.id AND r.state NOT IN ('SENT', 'PARTLY_FAILED', 'FAILED'))
        AND NOT EXISTS (SELECT 1 FROM broadcast_tasks t WHERE t.broadcast_id = b.id AND (t.slot_state = 'SCHEDULED'
              OR (t.slot_state = 'DUE' AND NOT EXISTS (SELECT 1 FROM send_records r WHERE r.task_id = t.id AND r.part IN ('TASK', 'REMAINDER')))))
        AND NOT EXISTS (SELECT 1 FROM ab_test_groups g JOIN broadcast_tasks t ON t.id = g.task_id WHERE t.broadcast_id = b.id AND (g.slot_state = 'SCHEDULED'
              OR (g.slot_state = 'DUE' AND NOT EXISTS (SELECT 1 FROM send_records r WHERE r.task_id = t.id AND r.part = 'AB_TEST_GROUP:' || g.position))))
        THEN 'DONE'::"BroadcastState" ELSE b.state END
    WHERE b.id = ${row.broadcastId}::uuid
    RETURNING b.state::text AS state, b.version`;
  const { broadcastId, accountId, updatedAt, ...record } = row;
  return {
    accountId,
    event: { broadcastId, state: broadcast!.state, version: broadcast!.version, record: { ...record, updatedAt: updatedAt.toISOString() } },
  };
}

/** Publishes committed moves in the order they were made. */
export function publishRecordMoves(pubsub: WxPubSub, moves: readonly (RecordMove | null)[]): void {
  for (const move of moves) if (move) pubsub.publish('broadcast:status', move.accountId, move.event);
}
