import type { SentArticle } from '#src/wechat-simulator/state.ts';
import type { CopyrightCheckItem, MassSendJobFinishEvent, NewsArticle } from '#src/wechat/types.ts';

/**
 * The originality check's verdict on one article (the MASSSENDJOBFINISH event's `CopyrightCheckResult`):
 *  - `original`: not a reprint, sent.
 *  - `reprint-allowed`: a reprint of an article that may be reprinted: sent (with the source
 *    shown) only when the sender set `send_ignore_reprint: 1`, else the job fails `err(30003)`.
 *  - `reprint-forbidden`: a reprint that may not be reprinted: the job fails — `err(30003)`
 *    with `send_ignore_reprint: 0`, `err(30002)` ("not allowed to mass-send") with 1.
 *  - `check-error`: the check itself failed: `err(30001)` with `send_ignore_reprint: 0`, sent with 1.
 */
export type CopyrightOutcome = 'original' | 'reprint-allowed' | 'reprint-forbidden' | 'check-error';

const OUTCOMES: readonly CopyrightOutcome[] = ['original', 'reprint-allowed', 'reprint-forbidden', 'check-error'];

/** A verdict set by a test for articles of this title (and account, when given). */
export interface CopyrightRule {
  title: string;
  appid?: string;
  outcome: CopyrightOutcome;
  /** The original article's link reported in the event. */
  originalArticleUrl?: string;
}

/** Validates a rule from the control API. */
export function readCopyrightRule(body: Record<string, unknown>): CopyrightRule {
  if (typeof body.title !== 'string' || !body.title) throw new Error('copyright rule needs the article title');
  if (!OUTCOMES.includes(body.outcome as CopyrightOutcome)) throw new Error(`outcome must be one of ${OUTCOMES.join(', ')}`);
  const appid = body.appid ?? body.appId;
  return {
    title: body.title,
    outcome: body.outcome as CopyrightOutcome,
    ...(typeof appid === 'string' ? { appid } : {}),
    ...(typeof body.originalArticleUrl === 'string' ? { originalArticleUrl: body.originalArticleUrl } : {}),
  };
}

/** The verdict for an article when its job is submitted: the latest matching rule, else original. */
export function verdictFor(rules: readonly CopyrightRule[], appId: string, article: NewsArticle): CopyrightRule | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (rule.title === article.title && (!rule.appid || rule.appid === appId)) return rule;
  }
  return undefined;
}

/** The `err(N)` status a job's articles force (undefined: the check lets it be sent). */
export function copyrightStatus(articles: readonly SentArticle[], sendIgnoreReprint: boolean): string | undefined {
  const outcomes = articles.map((a) => a.copyright);
  if (outcomes.includes('reprint-forbidden')) return sendIgnoreReprint ? 'err(30002)' : 'err(30003)';
  if (!sendIgnoreReprint && outcomes.includes('reprint-allowed')) return 'err(30003)';
  if (!sendIgnoreReprint && outcomes.includes('check-error')) return 'err(30001)';
  return undefined;
}

/**
 * The event's `CopyrightCheckResult`. CheckState: 1 not a reprint (sent), 2 reprint (sent),
 * 3 reprint (not sent); non-article sends report 0. The per-article state enumerations are not
 * documented; reprints use the values of WeChat's sample (AuditState 2, OriginalArticleType 1).
 */
export function copyrightResult(
  articles: readonly SentArticle[],
  news: boolean,
  sent: boolean,
): MassSendJobFinishEvent['CopyrightCheckResult'] {
  const reprint = (a: SentArticle) => a.copyright === 'reprint-allowed' || a.copyright === 'reprint-forbidden';
  const anyReprint = articles.some(reprint);
  const item = (a: SentArticle, i: number): CopyrightCheckItem => ({
    ArticleIdx: i + 1,
    UserDeclareState: 0,
    AuditState: reprint(a) ? 2 : 0,
    OriginalArticleUrl: reprint(a) ? (a.originalArticleUrl ?? '') : '',
    OriginalArticleType: reprint(a) ? 1 : 0,
    CanReprint: a.copyright === 'reprint-allowed' ? 1 : 0,
    NeedReplaceContent: a.copyright === 'reprint-allowed' ? 1 : 0,
    NeedShowReprintSource: a.copyright === 'reprint-allowed' ? 1 : 0,
  });
  return {
    Count: articles.length,
    ResultList: articles.map(item),
    CheckState: !news ? 0 : !anyReprint ? 1 : sent ? 2 : 3,
  };
}
