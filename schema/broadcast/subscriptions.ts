import { builder } from '#schema/builder.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { Broadcast, BroadcastStateEnum } from '#schema/broadcast/types.ts';
import { SendRecordUpdate } from '#schema/sending/types.ts';
import { workspaceAccountId } from '#src/services/accounts.ts';
import type { BroadcastStatusEvent } from '#src/pubsub.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';

const BroadcastStatusChanged = builder.objectRef<BroadcastStatusEvent>('BroadcastStatusChanged').implement({
  description: 'A broadcast\'s plan state as of one change (in commit order), and the broadcast as it is now',
  fields: (t) => ({
    broadcastId: t.id({ resolve: (event) => encodeGlobalID('Broadcast', event.broadcastId) }),
    state: t.field({ type: BroadcastStateEnum, nullable: true, description: 'null: the broadcast was deleted', resolve: (event) => event.state }),
    version: t.exposeInt('version', { description: 'The broadcast\'s version after the change; increases with every event of a broadcast' }),
    record: t.field({
      type: SendRecordUpdate,
      nullable: true,
      description: 'Set when a send record of the broadcast changed state: the record with its counts as committed',
      resolve: (event) => event.record ?? null,
    }),
    broadcast: t.prismaField({
      type: Broadcast,
      nullable: true,
      description: 'The broadcast now (null once deleted)',
      resolve: (query, event, _args, ctx) => ctx.db.broadcast.findFirst({ ...query, where: { id: event.broadcastId } }),
    }),
  }),
});

builder.subscriptionFields((t) => ({
  broadcastStatusChanged: t.field({
    type: BroadcastStatusChanged,
    description: 'Every state change of the account\'s broadcasts (created, saved, scheduled, due, missed, cancelled, deleted), in the order they were committed',
    authScopes: { scope: 'read' },
    args: { accountId: t.arg.id({ required: true }) },
    subscribe: async (_root, { accountId }, ctx) => {
      // An account of another workspace is refused before the stream starts (NOT_FOUND).
      const id = await workspaceAccountId(ctx.db, rowIdOf('Account', accountId));
      return ctx.app.pubsub.subscribe('broadcast:status', id);
    },
    resolve: (event) => event,
  }),
}));
