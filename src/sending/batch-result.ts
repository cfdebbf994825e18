import type { MassMsgStatus, MassSendJobFinishEvent } from '#src/wechat/types.ts';

/** A batch's final state; `SENDING` until WeChat's result is in. */
export type BatchStatus = 'SENDING' | 'SENT' | 'PARTLY_FAILED' | 'FAILED';
/** A send record's state once its batches are submitted. */
export type RecordSendStatus = 'SENDING' | 'SENT' | 'PARTLY_FAILED' | 'FAILED';

/** What a MASSSENDJOBFINISH event says about one batch. */
export interface BatchResult {
  status: Exclude<BatchStatus, 'SENDING'>;
  totalCount: number;
  filterCount: number;
  sentCount: number;
  errorCount: number;
  /**
   * TotalCount − FilterCount: recipients WeChat left out before sending (FilterCount is how many
   * remain after filtering: a service account's followers who already received 4 mass messages
   * this month, followers who turned messages off or unfollowed). Null for an audit refusal
   * (`err(N)`): the job stopped before filtering, and WeChat's FilterCount 0 then says nothing
   * about filtering.
   */
  filteredOut: number | null;
  /** Why the batch failed (send fail, `err(N)`) or partly failed. */
  failure?: { errcode: number | null; reason: string };
  /** The originality check: 1 not a reprint (sent), 2 reprint (sent), 3 reprint (not sent); 0 not news. */
  copyrightCheckState: number;
  /** Permanent links of the sent articles, by 1-based article index. */
  articleUrls: { index: number; url: string }[];
}

/** The `err(N)` reasons WeChat documents for audit and originality failures. */
const AUDIT_REASONS: Record<number, string> = {
  10001: 'suspected advertising',
  20001: 'political content',
  20002: 'pornographic content',
  20004: 'socially harmful content',
  20006: 'criminal content',
  20008: 'fraud',
  20013: 'copyright infringement',
  21000: 'other content violation',
  22000: 'mutual promotion between accounts',
  30001: 'the originality check failed and the sender chose to stop on reprints',
  30002: 'judged not allowed to be mass-sent by the originality check',
  30003: 'judged a reprint and the sender chose to stop on reprints',
  40001: 'rejected by the administrator (API mass-send protection)',
  40002: 'the administrator did not confirm within 30 minutes (API mass-send protection)',
};

const AUDIT_STATUS = /^err\((\d+)\)$/;

/**
 * Maps WeChat's result of one batch. `send success` is SENT when no delivery failed, and
 * PARTLY_FAILED when ErrorCount > 0 while some were delivered (FAILED when none were). A
 * batch whose recipients were all filtered out (FilterCount 0) is SENT: WeChat did what it
 * should, and `filteredOut` says how many it left out. `send fail` and `err(N)` are FAILED.
 */
export function batchResultOf(event: MassSendJobFinishEvent): BatchResult {
  const counts = {
    totalCount: event.TotalCount,
    filterCount: event.FilterCount,
    sentCount: event.SentCount,
    errorCount: event.ErrorCount,
    filteredOut: AUDIT_STATUS.test(event.Status.trim()) ? null : Math.max(0, event.TotalCount - event.FilterCount),
    copyrightCheckState: event.CopyrightCheckResult?.CheckState ?? 0,
    articleUrls: (event.ArticleUrlResult?.ResultList ?? []).map((item) => ({ index: item.ArticleIdx, url: item.ArticleUrl })),
  };
  const status = event.Status.trim();
  if (status === 'send success') {
    if (event.ErrorCount === 0) return { status: 'SENT', ...counts };
    const failure = { errcode: null, reason: `${event.ErrorCount} of ${event.FilterCount} deliveries failed` };
    return { status: event.SentCount > 0 ? 'PARTLY_FAILED' : 'FAILED', ...counts, failure };
  }
  const audit = AUDIT_STATUS.exec(status);
  if (audit) {
    const errcode = Number(audit[1]);
    return { status: 'FAILED', ...counts, failure: { errcode, reason: AUDIT_REASONS[errcode] ?? `refused by WeChat's review (${status})` } };
  }
  if (status === 'send fail') return { status: 'FAILED', ...counts, failure: { errcode: null, reason: 'WeChat could not send the batch (send fail)' } };
  return { status: 'FAILED', ...counts, failure: { errcode: null, reason: `unknown result status "${status}"` } };
}

/**
 * A batch's state from `message/mass/get`, for batches whose event did not arrive: it carries no
 * counts, so a finished batch is SENT or FAILED; DELETE means it was sent and later withdrawn.
 */
export function batchStatusOfMassGet(status: MassMsgStatus): BatchStatus {
  switch (status) {
    case 'SENDING':
      return 'SENDING';
    case 'SEND_SUCCESS':
    case 'DELETE':
      return 'SENT';
    case 'SEND_FAIL':
      return 'FAILED';
  }
}

/**
 * A record's state from its batches': SENDING while any batch is, else SENT when all were sent,
 * FAILED when all failed (or there were none), PARTLY_FAILED otherwise — a partly failed batch
 * makes its record partly failed.
 */
export function recordStatusOf(batches: readonly BatchStatus[]): RecordSendStatus {
  if (batches.includes('SENDING')) return 'SENDING';
  if (batches.length === 0 || batches.every((s) => s === 'FAILED')) return 'FAILED';
  if (batches.every((s) => s === 'SENT')) return 'SENT';
  return 'PARTLY_FAILED';
}
