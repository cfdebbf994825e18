import type { Prisma } from '#src/generated/prisma/client.ts';
import type { MassSendJobFinishEvent } from '#src/wechat/types.ts';

/**
 * Records WeChat's report of a finished mass send against its msg_id (one row per account and
 * msg_id; sending batches find their outcome there). A second report of the same msg_id (a
 * redelivery stored under another key, or a handler run twice) changes nothing.
 */
export async function recordMassSendResult(tx: Prisma.TransactionClient, event: { id: string; accountId: string }, report: MassSendJobFinishEvent) {
  await tx.massSendResult.createMany({
    data: [
      {
        accountId: event.accountId,
        msgId: BigInt(report.MsgID),
        status: report.Status,
        totalCount: report.TotalCount,
        filterCount: report.FilterCount,
        sentCount: report.SentCount,
        errorCount: report.ErrorCount,
        details: { copyrightCheck: report.CopyrightCheckResult, articleUrls: report.ArticleUrlResult } as object,
        finishedAt: new Date(report.CreateTime * 1000),
        eventId: event.id,
      },
    ],
    skipDuplicates: true,
  });
}
