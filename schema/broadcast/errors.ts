import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '#schema/builder.ts';
import { ErrorInterface } from '#schema/errors.ts';
import {
  AbTestAudienceError,
  AbTestContentError,
  AbTestLeadTimeError,
  AbTestPercentageError,
  AbTestRemainderTimeError,
  AbTestTimeLockedError,
  ContentError,
  PreviewLimitError,
  QuotaExceededError,
  StaleVersionError,
  type AbTestRuleError,
} from '#src/authoring/errors.ts';

const ContentProblemEnum = builder.enumType('ContentProblem', {
  description: 'Why content cannot be mass-sent',
  values: ['NOT_A_DRAFT', 'MATERIAL_REMOVED', 'NO_SUCH_ARTICLE', 'TOO_MANY_ARTICLES', 'LINK_NOT_ALLOWED', 'MINI_PROGRAM_NOT_BOUND', 'IMAGE_NOT_MATERIAL', 'CARD_NOT_USABLE', 'NOT_FOUND', 'EMPTY'] as const,
});

builder.objectType(ContentError, {
  name: 'ContentError',
  description: 'The content would be refused by WeChat for a mass send (or does not exist for the account); nothing was changed',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'The offending input field, e.g. ["input", "firstTask", "content", "news", "materialId"]' }),
    problem: t.field({ type: ContentProblemEnum, resolve: (error) => error.problem }),
  }),
});

builder.objectType(StaleVersionError, {
  name: 'StaleVersionError',
  description: 'The broadcast changed since the given version was read; read it again and reapply the change',
  interfaces: [ErrorInterface],
  fields: (t) => ({ givenVersion: t.exposeInt('givenVersion'), currentVersion: t.exposeInt('currentVersion') }),
});

const abTestError = (cls: typeof AbTestRuleError, name: string, description: string) =>
  builder.objectType(cls as typeof AbTestRuleError, {
    name,
    description,
    interfaces: [ErrorInterface],
    fields: (t) => ({ path: t.exposeStringList('path', { description: 'The offending input field' }) }),
  });

abTestError(AbTestAudienceError, 'AbTestAudienceError', 'A/B tests are only for audiences of customer groups');
abTestError(AbTestContentError, 'AbTestContentError', 'A/B tests are only for news content');
abTestError(AbTestPercentageError, 'AbTestPercentageError', 'Test group percentages must be whole numbers that sum to less than 100');
abTestError(AbTestLeadTimeError, 'AbTestLeadTimeError', 'A test group\'s send time must be at least one hour after it is set');
abTestError(AbTestRemainderTimeError, 'AbTestRemainderTimeError', 'The remainder must go at or after 10:00 (account time zone) on the day after the latest test');
abTestError(AbTestTimeLockedError, 'AbTestTimeLockedError', 'A/B test times cannot change once the broadcast is scheduled');

builder.objectType(QuotaExceededError, {
  name: 'QuotaExceededError',
  description: 'The plan would exceed WeChat\'s quota: a subscription account sends once per calendar day (account time zone)',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    day: t.exposeString('day', { description: 'The day, YYYY-MM-DD in the account\'s time zone' }),
    otherBroadcastId: t.id({
      nullable: true,
      description: 'The broadcast already sending that day; null when two sends of this broadcast fall on the day',
      resolve: (error) => (error.otherBroadcastId ? encodeGlobalID('Broadcast', error.otherBroadcastId) : null),
    }),
  }),
});

builder.objectType(PreviewLimitError, {
  name: 'PreviewLimitError',
  description: 'WeChat allows 100 previews a day to WeChat ids (errcode 45009); these would exceed what is left',
  interfaces: [ErrorInterface],
  fields: (t) => ({ remaining: t.exposeInt('remaining', { description: 'Previews to WeChat ids left today' }) }),
});

/** The errors every broadcast-changing mutation can answer with. */
export const BROADCAST_RULE_ERRORS = [
  ContentError, AbTestAudienceError, AbTestContentError, AbTestPercentageError, AbTestLeadTimeError, AbTestRemainderTimeError, AbTestTimeLockedError,
];
