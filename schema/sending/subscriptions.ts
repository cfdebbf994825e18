import { builder } from '#schema/builder.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { BatchResult } from '#schema/sending/types.ts';
import { NotFoundError } from '#src/errors.ts';

builder.subscriptionFields((t) => ({
  batchResult: t.field({
    type: BatchResult,
    description: 'Every change of the broadcast\'s batches (submitted, refused, WeChat\'s result in), in the order they were committed',
    authScopes: { scope: 'read' },
    args: { broadcastId: t.arg.id({ required: true }) },
    subscribe: async (_root, { broadcastId }, ctx) => {
      // A broadcast of another workspace is refused before the stream starts (NOT_FOUND).
      const id = rowIdOf('Broadcast', broadcastId);
      if (!(await ctx.db.broadcast.findFirst({ where: { id }, select: { id: true } }))) throw new NotFoundError('Broadcast', String(broadcastId));
      return ctx.app.pubsub.subscribe('send:batch', id);
    },
    resolve: (event) => event,
  }),
}));
