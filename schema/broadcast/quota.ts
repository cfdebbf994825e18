import { builder } from '#schema/builder.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { AccountTypeEnum } from '#schema/account/types.ts';
import { accountQuota, type AccountQuota } from '#src/authoring/quota.ts';
import { NotFoundError } from '#src/errors.ts';
import { isUuid } from '#src/services/unique.ts';

const QuotaPeriod = builder.enumType('QuotaPeriod', { values: ['DAY', 'MONTH'] as const });

const Quota = builder.objectRef<AccountQuota>('Quota').implement({
  description:
    'WeChat\'s sending quota of an account as wxcast knows it: a subscription account sends once per calendar day; a service account\'s followers ' +
    'receive at most 4 mass messages per calendar month (both in the account\'s time zone). Counted from what WeChat accepted from wxcast and what wxcast plans. ' +
    'Sends made outside wxcast (the WeChat backend, another tool) are known only once WeChat refuses a subscription account\'s send of wxcast\'s with 45028 that day.',
  fields: (t) => ({
    accountType: t.field({ type: AccountTypeEnum, resolve: (q) => q.accountType }),
    period: t.field({ type: QuotaPeriod, resolve: (q) => q.period }),
    periodStart: t.expose('periodStart', { type: 'DateTime' }),
    periodEnd: t.expose('periodEnd', { type: 'DateTime' }),
    limit: t.exposeInt('limit', { description: 'Subscription: sends per day (1). Service: mass messages per follower and month (4).' }),
    used: t.exposeInt('used', {
      description: 'Subscription: sends made that day (WeChat accepted them; a send WeChat later reports failed keeps its day) plus sends planned that day and not made yet. ' +
        'Service: the most any current follower received from wxcast this month.',
    }),
    left: t.exposeInt('left', { description: 'Subscription: sends left that day. Service: current followers who can receive at least one more this month.' }),
    followersAtLimit: t.exposeInt('followersAtLimit', { description: 'Service: current followers already at 4 this month (WeChat filters them out)' }),
    plannedSends: t.exposeInt('plannedSends', { description: 'Sends planned in the period (scheduled, or due and being prepared) that WeChat has not accepted yet' }),
    sendsMade: t.exposeInt('sendsMade', {
      description: 'Subscription: sends that took the day — accepted by WeChat, or 1 when WeChat refused a send with 45028 because one made outside wxcast had taken it. ' +
        'Service: sends of wxcast with a batch WeChat accepted in the month.',
    }),
  }),
});

builder.queryFields((t) => ({
  quota: t.field({
    type: Quota,
    authScopes: { scope: 'read' },
    description: 'What an account may still send in the day (subscription) or month (service) containing `at` (default now)',
    args: { accountId: t.arg.id({ required: true }), at: t.arg({ type: 'DateTime' }) },
    resolve: async (_root, { accountId, at }, ctx) => {
      const id = rowIdOf('Account', accountId);
      const account = isUuid(id) ? await ctx.db.officialAccount.findFirst({ where: { id }, select: { id: true, type: true, timeZone: true } }) : null;
      if (!account) throw new NotFoundError('Account', String(accountId));
      return accountQuota(ctx.app.prisma, account, at ?? ctx.app.clock.now());
    },
  }),
}));
