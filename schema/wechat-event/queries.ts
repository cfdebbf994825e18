import { builder } from '#schema/builder.ts';
import { accountIdOf } from '#schema/account/ids.ts';
import { WeChatEvent } from '#schema/wechat-event/types.ts';

builder.queryFields((t) => ({
  wechatEvents: t.prismaConnection({
    type: WeChatEvent,
    cursor: 'id',
    authScopes: { scope: 'admin' },
    description: 'Messages WeChat pushed to an account\'s callback URL, newest first, with how their handling went',
    args: {
      accountId: t.arg.id({ required: true }),
      type: t.arg.string({ description: 'Only this type: an event (MASSSENDJOBFINISH, subscribe…) or a user message type (text…)' }),
    },
    // An unknown, malformed or foreign account is a NotFoundError: an empty list would read as "no events".
    totalCount: async (_parent, args, ctx) => ctx.db.weChatEvent.count({ where: eventFilter(await accountIdOf(ctx.db, args.accountId), args.type) }),
    resolve: async (query, _parent, args, ctx) =>
      ctx.db.weChatEvent.findMany({
        ...query,
        where: eventFilter(await accountIdOf(ctx.db, args.accountId), args.type),
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));

function eventFilter(accountId: string, type: string | null | undefined) {
  return { accountId, ...(type ? { OR: [{ event: type }, { event: null, msgType: type }] } : {}) };
}
