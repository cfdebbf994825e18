import { builder } from '#schema/builder.ts';
import { WeChatEventHandling } from '#src/generated/prisma/enums.ts';
import { Account } from '#schema/account/types.ts';

export const WeChatEventHandlingEnum = builder.enumType(WeChatEventHandling, {
  name: 'WeChatEventHandling',
  description: 'Where an event stands with its handler',
  values: {
    PENDING: { description: 'Stored; its handler has not finished yet (it may be retrying: see handlingError)' },
    HANDLED: { description: 'Its handler ran and its effect is recorded' },
    FAILED: { description: 'Its handler failed on every attempt; handlingError says why' },
    UNHANDLED: { description: 'wxcast has no handler for this type: stored for the record only' },
  },
});

/** A message WeChat pushed to the account's callback URL, stored once. */
export const WeChatEvent = builder.prismaNode('WeChatEvent', {
  id: { field: 'id' },
  nullable: true,
  description: 'A message WeChat pushed to the account\'s callback URL (an event such as MASSSENDJOBFINISH, or a user message), stored once',
  fields: (t) => ({
    type: t.string({ description: 'The event (`Event`, e.g. MASSSENDJOBFINISH) or, for user messages, the `MsgType`', resolve: (row) => row.event ?? row.msgType }),
    msgType: t.exposeString('msgType'),
    msgId: t.string({ nullable: true, description: 'MsgID (mass sends) or MsgId (user messages), when present', resolve: (row) => row.msgId?.toString() ?? null }),
    payload: t.expose('payload', { type: 'JSON', description: 'Every field WeChat sent, as parsed (decrypted in safe mode)' }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    handling: t.expose('handling', { type: WeChatEventHandlingEnum }),
    handledAt: t.expose('handledAt', { type: 'DateTime', nullable: true }),
    handlingError: t.exposeString('handlingError', { nullable: true, description: 'The last handler failure, kept while it is retried' }),
    handlerAttempts: t.int({
      description: 'How many times its handler ran',
      select: { jobRun: { select: { attempts: true } } },
      resolve: (row) => row.jobRun?.attempts ?? 0,
    }),
    account: t.relation('account', { type: Account }),
  }),
});
