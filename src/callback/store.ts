import type { Db } from '#src/db/client.ts';
import type { CallbackMessage } from '#src/callback/verify.ts';

/**
 * The identity of a pushed message, per WeChat's advice: MASSSENDJOBFINISH by its MsgID, other
 * messages by MsgId, events by FromUserName + CreateTime. Redeliveries share it.
 */
export function dedupKeyOf(message: CallbackMessage): string {
  const text = (name: string) => (message[name] === undefined ? '' : String(message[name]));
  if (text('Event') === 'MASSSENDJOBFINISH' && text('MsgID')) return `masssend:${text('MsgID')}`;
  if (text('MsgId')) return `msg:${text('MsgId')}`;
  return `event:${text('FromUserName')}:${text('CreateTime')}:${text('Event')}`;
}

/**
 * Stores a pushed message once. Returns the new row, or null when the same message was already
 * stored (a WeChat retry or a replay), so the caller publishes each event exactly once.
 */
export async function storeCallbackEvent(prisma: Db, accountId: string, message: CallbackMessage) {
  const msgId = String(message.MsgID ?? message.MsgId ?? '');
  const rows = await prisma.weChatEvent.createManyAndReturn({
    data: [
      {
        accountId,
        dedupKey: dedupKeyOf(message),
        msgType: String(message.MsgType ?? ''),
        event: message.Event === undefined ? null : String(message.Event),
        msgId: /^\d+$/.test(msgId) ? BigInt(msgId) : null,
        payload: message as object,
      },
    ],
    skipDuplicates: true,
  });
  return rows[0] ?? null;
}
