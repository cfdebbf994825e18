import type { Prisma } from '#src/generated/prisma/client.ts';
import type { CallbackMessage } from '#src/wechat/callback-message.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { recordMassSendResult } from '#src/services/mass-send-results.ts';
import { attachResult, lockMsgId, noNews, publishSendingNews } from '#src/sending/results.ts';

/** A stored event as its handler sees it. */
export interface StoredEvent {
  id: string;
  accountId: string;
}

/**
 * Handles one stored event inside the transaction that marks it HANDLED, so its effect and that
 * mark commit together: a handler run again after a crash finds the event handled and does
 * nothing. Handlers must still tolerate a second run (write with ON CONFLICT DO NOTHING).
 */
export type EventHandler = (tx: Prisma.TransactionClient, event: StoredEvent, message: CallbackMessage) => Promise<AfterCommit | void>;

/** What a handler announces once its transaction committed (live subscriptions). */
export type AfterCommit = (pubsub: WxPubSub) => void;

/**
 * Handlers by event type: `Event` for events (MASSSENDJOBFINISH, subscribe…), `MsgType` for user
 * messages. A type without a handler is stored as UNHANDLED. Adding one: an entry here.
 */
const EVENT_HANDLERS: Record<string, EventHandler> = {
  MASSSENDJOBFINISH: async (tx, event, message) => {
    if (message.type !== 'MASSSENDJOBFINISH') throw new Error('MASSSENDJOBFINISH handler given another event');
    // Under the msg_id's lock, so a batch being marked submitted at the same time sees the result.
    await lockMsgId(tx, event.accountId, message.event.MsgID);
    await recordMassSendResult(tx, event, message.event);
    const news = noNews();
    await attachResult(tx, event.accountId, BigInt(message.event.MsgID), news);
    return (pubsub) => publishSendingNews(pubsub, news);
  },
};

/** The key a message's handler is registered under. */
export function handlerKeyOf(message: CallbackMessage): string {
  return message.common.Event ?? message.common.MsgType;
}

export function hasEventHandler(key: string): boolean {
  return Object.hasOwn(EVENT_HANDLERS, key);
}

export function eventHandlerFor(key: string): EventHandler | undefined {
  return Object.hasOwn(EVENT_HANDLERS, key) ? EVENT_HANDLERS[key] : undefined;
}
