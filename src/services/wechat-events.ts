import type { Db } from '#src/db/client.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { logger } from '#src/logger.ts';
import { eventHandlerFor, type AfterCommitDeps } from '#src/events/registry.ts';
import { parseCallbackFields } from '#src/wechat/callback-message.ts';

/**
 * Runs a stored event's handler and marks the event HANDLED in the same transaction, so the
 * effect happens once however often this runs. A failure is recorded on the event (visible in
 * `wechatEvents`) and rethrown for the job engine to retry; after the last attempt the event is
 * marked FAILED.
 */
export async function handleStoredEvent(prisma: Db, eventId: string, options: { lastAttempt: boolean; pubsub: WxPubSub; wechat: AfterCommitDeps['wechat'] }) {
  const event = await prisma.weChatEvent.findUniqueOrThrow({ where: { id: eventId } });
  if (event.handling === 'HANDLED') return { eventId, handling: 'HANDLED', already: true };
  const message = parseCallbackFields(event.payload as Record<string, unknown>);
  const handler = eventHandlerFor(message.common.Event ?? message.common.MsgType);
  if (!handler) {
    await prisma.weChatEvent.update({ where: { id: eventId }, data: { handling: 'UNHANDLED' } });
    return { eventId, handling: 'UNHANDLED' };
  }
  try {
    const afterCommit = await prisma.$transaction(async (tx) => {
      // Locks the event: two runs of its handler cannot both pass the check.
      const [current] = await tx.$queryRaw<{ handling: string }[]>`SELECT handling::text FROM wechat_events WHERE id = ${eventId}::uuid FOR UPDATE`;
      if (current?.handling === 'HANDLED') return undefined;
      const announce = await handler(tx, { id: event.id, accountId: event.accountId }, message);
      await tx.weChatEvent.update({ where: { id: eventId }, data: { handling: 'HANDLED', handledAt: new Date(), handlingError: null } });
      return announce;
    });
    if (afterCommit) {
      // Committed: what follows cannot undo the handling, so its failure is logged, not retried.
      await afterCommit({ prisma, pubsub: options.pubsub, wechat: options.wechat }).catch((error: unknown) => {
        logger.error({ err: error, eventId, event: event.event }, 'what a handled WeChat event does after its commit failed');
      });
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn({ err: error, eventId, event: event.event, lastAttempt: options.lastAttempt }, 'a WeChat event handler failed');
    await prisma.weChatEvent.update({ where: { id: eventId }, data: { handlingError: reason, ...(options.lastAttempt ? { handling: 'FAILED' } : {}) } });
    throw error;
  }
  return { eventId, handling: 'HANDLED' };
}
