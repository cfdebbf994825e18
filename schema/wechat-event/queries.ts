import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';
import { WeChatEvent } from '#schema/wechat-event/types.ts';

builder.queryFields((t) => ({
  wechatEvents: t.prismaConnection({
    type: WeChatEvent,
    cursor: 'id',
    authScopes: { scope: 'admin' },
    description: 'Messages WeChat pushed to an account\'s callback URL, newest first, with how their handling went',
    args: {
      accountId: t.arg.globalID({ for: Account, required: true }),
      type: t.arg.string({ description: 'Only this type: an event (MASSSENDJOBFINISH, subscribe…) or a user message type (text…)' }),
    },
    totalCount: (_parent, args, ctx) => ctx.db.weChatEvent.count({ where: eventFilter(args.accountId.id, args.type) }),
    resolve: (query, _parent, args, ctx) =>
      ctx.db.weChatEvent.findMany({ ...query, where: eventFilter(args.accountId.id, args.type), orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }] }),
  }),
}));

function eventFilter(accountId: string, type: string | null | undefined) {
  return { accountId, ...(type ? { OR: [{ event: type }, { event: null, msgType: type }] } : {}) };
}
