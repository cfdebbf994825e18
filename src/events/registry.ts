import type { Prisma } from '#src/generated/prisma/client.ts';
import type { CallbackMessage } from '#src/wechat/callback-message.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { recordMassSendResult } from '#src/services/mass-send-results.ts';
import { attachResult, lockMsgId, noNews, publishSendingNews } from '#src/sending/results.ts';
import { FINAL_RECORD_STATES } from '#src/sending/record-state.ts';
import { releaseIfSendGaveUp } from '#src/sending/gave-up.ts';
import type { Db } from '#src/db/client.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';

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

/** The process's parts a handler's after-commit step may use. */
export interface AfterCommitDeps {
  prisma: Db;
  pubsub: WxPubSub;
  wechat: Pick<WeChatAccess, 'sendingClientFor'>;
}

/**
 * What a handler does once its transaction committed: announcements (live subscriptions) and
 * calls to WeChat, which must not run inside the transaction. Its failure is logged; the
 * event stays handled.
 */
export type AfterCommit = (deps: AfterCommitDeps) => Promise<void>;

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
    return async (deps) => {
      publishSendingNews(deps.pubsub, news);
      // A record this result finished after its send job gave up has no run left to remove its tag and drafts.
      await releaseIfSendGaveUp(deps, news.moves.flatMap((move) => (move && FINAL_RECORD_STATES.includes(move.event.record.state) ? [move.event.record.recordId] : [])));
    };
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
