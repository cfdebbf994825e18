import type { Db } from '#src/db/client.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';
import type { WeChatClient } from '#src/wechat/client.ts';
import { batchStatusOfMassGet } from '#src/sending/batch-result.ts';
import { attachMassGetStatus, noNews, publishSendingNews } from '#src/sending/results.ts';

/** Default wait for a batch's MASSSENDJOBFINISH event before asking `message/mass/get` (WXCAST_RESULT_RECONCILE_AFTER_MINUTES). */
export const DEFAULT_RECONCILE_AFTER_MS = 30 * 60_000;

export interface ReconcileDeps {
  prisma: Db;
  pubsub: WxPubSub;
  wechat: Pick<WeChatAccess, 'sendingClientFor'>;
  /** How long a batch waits for its event after it was submitted before WeChat is asked, and between two askings. */
  reconcileAfterMs: number;
}

/**
 * Asks `message/mass/get` about each of the record's SUBMITTED batches that has waited for its
 * MASSSENDJOBFINISH event longer than `reconcileAfterMs`, and records a final status the way the
 * event would (the batch and, with its last batch, the record finish; both are published). A
 * batch WeChat still reports SENDING — or that WeChat could not be asked about (network, errcode)
 * — is asked again `reconcileAfterMs` later.
 * Returns when the record should be looked at again, or null when no batch waits for a result.
 */
export async function reconcileOverdueBatches(deps: ReconcileDeps, record: { id: string; accountId: string }): Promise<Date | null> {
  const waiting = await deps.prisma.$queryRaw<{ msgId: string; submittedAt: Date }[]>`
    SELECT msg_id::text AS "msgId", submitted_at AS "submittedAt" FROM send_batches
    WHERE record_id = ${record.id}::uuid AND state = 'SUBMITTED' AND msg_id IS NOT NULL ORDER BY batch_no`;
  let next = Number.POSITIVE_INFINITY;
  let client: WeChatClient | undefined;
  for (const batch of waiting) {
    const now = Date.now();
    const due = batch.submittedAt.getTime() + deps.reconcileAfterMs;
    if (due > now) {
      next = Math.min(next, due);
      continue;
    }
    client ??= await deps.wechat.sendingClientFor(record.accountId);
    const wechatStatus = await client.massGet(Number(batch.msgId)).then((answer) => answer.msg_status, () => undefined);
    const status = wechatStatus ? batchStatusOfMassGet(wechatStatus) : 'SENDING';
    if (status === 'SENDING' || status === 'PARTLY_FAILED') {
      next = Math.min(next, now + deps.reconcileAfterMs);
      continue;
    }
    const news = noNews();
    await deps.prisma.$transaction((tx) => attachMassGetStatus(tx, record.accountId, BigInt(batch.msgId), wechatStatus!, status, news));
    publishSendingNews(deps.pubsub, news);
  }
  return Number.isFinite(next) ? new Date(next) : null;
}
