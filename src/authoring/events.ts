import type { WxPubSub } from '#src/pubsub.ts';
import type { BroadcastState } from '#src/generated/prisma/enums.ts';

/**
 * Announces a broadcast's state as committed (call after the transaction): subscribers of the
 * account hear each change in commit order. `state` null means the broadcast was deleted.
 */
export function publishBroadcastStatus(
  pubsub: WxPubSub,
  row: { id: string; accountId: string; state: BroadcastState | null; version: number },
) {
  pubsub.publish('broadcast:status', row.accountId, { broadcastId: row.id, state: row.state, version: row.version });
}
