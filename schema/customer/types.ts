import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';

/** One openid of one account: a person as one Official Account knows them. */
export const Follower = builder.prismaNode('Follower', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    account: t.relation('account', { type: Account }),
    openid: t.exposeString('openid'),
    unionid: t.exposeString('unionid', { nullable: true }),
    subscribed: t.exposeBoolean('subscribed', { description: 'Whether they follow the account now' }),
    subscribeTime: t.expose('subscribeTime', { type: 'DateTime', nullable: true }),
    unsubscribedAt: t.expose('unsubscribedAt', { type: 'DateTime', nullable: true }),
    nickname: t.exposeString('nickname', { nullable: true }),
    remark: t.exposeString('remark', { nullable: true }),
    language: t.exposeString('language', { nullable: true }),
    tagIds: t.exposeIntList('tagIds', { description: 'WeChat tag ids on this account' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime' }),
  }),
});

/**
 * A person across the workspace's accounts: followers sharing a unionid are one customer
 * (accounts under one WeChat Open Platform share unionids). Group membership is per customer;
 * sends reach their followers of one account.
 */
export const Customer = builder.prismaNode('Customer', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    unionid: t.exposeString('unionid', { nullable: true, description: 'Open Platform unionid, when WeChat gives one' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    // A customer has at most one follower per account, so a plain list stays small.
    followers: t.relation('followers', {
      description: 'The customer\'s openids, one per account they follow or followed',
      query: { orderBy: [{ accountId: 'asc' }, { id: 'asc' }] },
    }),
  }),
});
