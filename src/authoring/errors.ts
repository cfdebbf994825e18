import { AppError } from '#src/errors.ts';

/** Why a broadcast's content cannot be sent; `path` names the input field. */
export type ContentProblem =
  | 'NOT_A_DRAFT'
  | 'MATERIAL_REMOVED'
  | 'NO_SUCH_ARTICLE'
  | 'TOO_MANY_ARTICLES'
  | 'LINK_NOT_ALLOWED'
  | 'MINI_PROGRAM_NOT_BOUND'
  | 'IMAGE_NOT_MATERIAL'
  | 'CARD_NOT_USABLE'
  | 'NOT_FOUND'
  | 'EMPTY';

/** Content that WeChat would refuse for a mass send (or that does not exist for the account). */
export class ContentError extends AppError {
  override name = 'ContentError';
  constructor(
    readonly path: string[],
    readonly problem: ContentProblem,
    message: string,
  ) {
    super(`${path.join('.')}: ${message}`);
  }
}

/** The update was read at another version: someone changed the broadcast in between. */
export class StaleVersionError extends AppError {
  override name = 'StaleVersionError';
  constructor(
    readonly givenVersion: number,
    readonly currentVersion: number,
  ) {
    super(`the broadcast changed since it was read (version ${givenVersion}, now ${currentVersion}); read it again`);
  }
}

/** Base of the A/B test rules: each rule is its own subclass, `path` names the field. */
export class AbTestRuleError extends AppError {
  constructor(
    readonly path: string[],
    message: string,
  ) {
    super(`${path.join('.')}: ${message}`);
  }
}
/** A/B tests are only for audiences of customer groups. */
export class AbTestAudienceError extends AbTestRuleError {
  override name = 'AbTestAudienceError';
}
/** A/B tests are only for news content. */
export class AbTestContentError extends AbTestRuleError {
  override name = 'AbTestContentError';
}
/** Test group percentages must sum to less than 100 (a remainder must be left). */
export class AbTestPercentageError extends AbTestRuleError {
  override name = 'AbTestPercentageError';
}
/** A test group's send time must be at least one hour after it is set (sampling takes time). */
export class AbTestLeadTimeError extends AbTestRuleError {
  override name = 'AbTestLeadTimeError';
}
/** The remainder must go at or after 10:00 on the day after the latest test (read data exist then). */
export class AbTestRemainderTimeError extends AbTestRuleError {
  override name = 'AbTestRemainderTimeError';
}
/** A/B test times cannot change once the broadcast is scheduled. */
export class AbTestTimeLockedError extends AbTestRuleError {
  override name = 'AbTestTimeLockedError';
}

/**
 * A plan would exceed WeChat's sending quota: a subscription account's one send per calendar day.
 * `day` is the day in the account's time zone; `otherBroadcastId` the broadcast already sending
 * that day (null when the conflict is inside this broadcast).
 */
export class QuotaExceededError extends AppError {
  override name = 'QuotaExceededError';
  constructor(
    readonly day: string,
    readonly otherBroadcastId: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** WeChat's 100 previews a day to WeChat ids (errcode 45009) are used up. */
export class PreviewLimitError extends AppError {
  override name = 'PreviewLimitError';
  constructor(
    readonly remaining: number,
    message: string,
  ) {
    super(message);
  }
}
