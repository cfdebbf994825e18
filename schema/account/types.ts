import { builder } from '#schema/builder.ts';
import { AccountType } from '#src/generated/prisma/enums.ts';

export const AccountTypeEnum = builder.enumType(AccountType, {
  name: 'AccountType',
  description: 'Subscription accounts may mass-send once a day; service accounts 4 times a month per follower',
});

/** A bound Official Account. The app secret is write-only: no field returns it. */
export const Account = builder.prismaNode('OfficialAccount', {
  variant: 'Account',
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    appId: t.exposeString('appId'),
    name: t.exposeString('name'),
    type: t.expose('type', { type: AccountTypeEnum }),
    timeZone: t.exposeString('timeZone', { description: 'IANA zone that quota and time rules use' }),
    callbackPath: t.string({
      description: 'Path of the callback URL to enter in WeChat\'s console, after your public host',
      resolve: (account) => `/wechat/callback/${account.id}`,
    }),
    callbackToken: t.exposeString('callbackToken', {
      description: 'Token to enter in WeChat\'s console beside the callback URL',
      authScopes: { scope: 'admin' },
    }),
    safeMode: t.boolean({ description: 'Whether callbacks are AES-encrypted (an EncodingAESKey is set)', resolve: (a) => a.callbackAesKey !== null }),
    bound: t.boolean({ resolve: (account) => account.unboundAt === null }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
