import type { Db } from '#src/db/client.ts';
import type { JobRun, WeChatEvent } from '#src/generated/prisma/client.ts';
import type { CallbackMessage } from '#src/wechat/callback-message.ts';
import { hasEventHandler, handlerKeyOf } from '#src/events/registry.ts';

/**
 * The identity of a pushed message, per WeChat's advice: MASSSENDJOBFINISH by its MsgID, other
 * messages by MsgId, events by FromUserName + CreateTime. Redeliveries share it.
 */
export function dedupKeyOf(message: CallbackMessage): string {
  const { common } = message;
  if (message.type === 'MASSSENDJOBFINISH') return `masssend:${message.event.MsgID}`;
  if (common.MsgId) return `msg:${common.MsgId}`;
  return `event:${common.FromUserName}:${common.CreateTime}:${common.Event ?? ''}`;
}

/**
 * Stores a pushed message once, and in the same transaction the job run of its handler (when
 * its type has one; otherwise it is stored as UNHANDLED). Returns the new row with its run, or
 * 'duplicate' when the same message was already stored (a WeChat retry or a replay): its handling
 * was set up with the first copy. With `nonce` (plaintext mode) the nonce is remembered in the
 * same transaction, and a nonce seen before with another message stores nothing. The caller hands the run to the job store; a run whose hand-over
 * is lost is found by the reconciler, so a stored event's handler always runs.
 */
/** The stored event (and its handler's run), or why nothing was stored. */
export type StoredCallback =
  | { event: WeChatEvent; run: JobRun | null }
  /** Already stored: a WeChat retry or a replay of the same message. */
  | 'duplicate'
  /** Plaintext mode: the nonce came before with another message. */
  | 'replayed-nonce';

export async function storeCallbackEvent(
  prisma: Db,
  account: { id: string; workspaceId: string },
  message: CallbackMessage,
  nonce?: { nonce: string; timestamp: number; windowSeconds: number },
): Promise<StoredCallback> {
  const { common } = message;
  const handled = hasEventHandler(handlerKeyOf(message));
  const dedupKey = dedupKeyOf(message);
  return prisma.$transaction(async (tx) => {
    if (nonce) {
      const [fresh] = await tx.callbackNonce.createManyAndReturn({
        data: [{ accountId: account.id, nonce: nonce.nonce, timestamp: BigInt(nonce.timestamp), dedupKey }],
        skipDuplicates: true,
      });
      if (!fresh) {
        const seen = await tx.callbackNonce.findUnique({ where: { accountId_nonce: { accountId: account.id, nonce: nonce.nonce } } });
        // WeChat's own retry repeats the query string with the same message: answer it again.
        if (seen?.dedupKey !== dedupKey) return 'replayed-nonce';
      }
      // Nonces older than two windows cannot be replayed any more (the timestamp check refuses them).
      await tx.$executeRaw`DELETE FROM callback_nonces WHERE seen_at < clock_timestamp() - make_interval(secs => ${nonce.windowSeconds * 2})`;
    }
    const [event] = await tx.weChatEvent.createManyAndReturn({
      data: [
        {
          accountId: account.id,
          dedupKey: dedupKeyOf(message),
          msgType: common.MsgType,
          event: common.Event ?? null,
          msgId: common.MsgId && /^\d+$/.test(common.MsgId) ? BigInt(common.MsgId) : null,
          payload: common.fields as object,
          handling: handled ? 'PENDING' : 'UNHANDLED',
        },
      ],
      skipDuplicates: true,
    });
    if (!event || !handled) return event ? { event, run: null } : 'duplicate';
    const run = await tx.jobRun.create({
      data: { workspaceId: account.workspaceId, accountId: account.id, kind: 'HANDLE_WECHAT_EVENT', params: { eventId: event.id } },
    });
    await tx.weChatEvent.update({ where: { id: event.id }, data: { jobRunId: run.id } });
    return { event, run };
  });
}
