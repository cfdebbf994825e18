import { builder } from '#schema/builder.ts';
import { Broadcast } from '#schema/broadcast/types.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { BROADCAST_RULE_ERRORS } from '#schema/broadcast/errors.ts';
import { authoringDeps } from '#schema/broadcast/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '#src/errors.ts';
import { QuotaExceededError, StaleVersionError } from '#src/authoring/errors.ts';
import { cancelBroadcastSchedule, scheduleBroadcast, sendBroadcastNow } from '#src/authoring/plan.ts';

const TaskTimeInput = builder.inputType('TaskTimeInput', {
  fields: (t) => ({ taskId: t.id({ required: true }), sendAt: t.field({ type: 'DateTime', required: true }) }),
});

const ScheduleBroadcastInput = builder.inputType('ScheduleBroadcastInput', {
  fields: (t) => ({
    broadcastId: t.id({ required: true }),
    version: t.int({ required: true }),
    sendAt: t.field({ type: 'DateTime', description: 'One time for every group without an A/B test' }),
    taskTimes: t.field({ type: [TaskTimeInput], description: 'A time per group (wins over sendAt); groups with an A/B test keep the A/B test\'s times' }),
  }),
});

const PlanBroadcastInput = builder.inputType('PlanBroadcastInput', {
  fields: (t) => ({ broadcastId: t.id({ required: true }), version: t.int({ required: true }) }),
});

const PLAN_ERRORS = [ValidationError, NotFoundError, ConflictError, StaleVersionError, QuotaExceededError, ...BROADCAST_RULE_ERRORS];

builder.mutationFields((t) => ({
  scheduleBroadcast: t.prismaField({
    type: Broadcast,
    authScopes: { scope: 'write' },
    description: 'Plans a broadcast (or re-plans one before it runs): every send gets a job at its time. Far-ahead times are fine; times are stored in UTC and rules use the account\'s time zone.',
    errors: { types: PLAN_ERRORS },
    args: { input: t.arg({ type: ScheduleBroadcastInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const updated = await scheduleBroadcast(authoringDeps(ctx), {
        broadcastId: rowIdOf('Broadcast', input.broadcastId),
        version: input.version,
        ...(input.sendAt ? { sendAt: input.sendAt } : {}),
        ...(input.taskTimes ? { taskTimes: input.taskTimes.map((entry) => ({ taskId: rowIdOf('BroadcastTask', entry.taskId), sendAt: entry.sendAt })) } : {}),
      });
      return ctx.db.broadcast.findUniqueOrThrow({ ...query, where: { id: updated.id } });
    },
  }),
  sendBroadcastNow: t.prismaField({
    type: Broadcast,
    authScopes: { scope: 'write' },
    description: 'Sends every group now, except groups with an A/B test, which keep their times (also for a missed broadcast)',
    errors: { types: PLAN_ERRORS },
    args: { input: t.arg({ type: PlanBroadcastInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const updated = await sendBroadcastNow(authoringDeps(ctx), { broadcastId: rowIdOf('Broadcast', input.broadcastId), version: input.version });
      return ctx.db.broadcast.findUniqueOrThrow({ ...query, where: { id: updated.id } });
    },
  }),
  cancelBroadcastSchedule: t.prismaField({
    type: Broadcast,
    authScopes: { scope: 'write' },
    description: 'Takes a scheduled (or missed) broadcast back to READY; its jobs are removed',
    errors: { types: [NotFoundError, ConflictError, StaleVersionError] },
    args: { input: t.arg({ type: PlanBroadcastInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const updated = await cancelBroadcastSchedule(authoringDeps(ctx), { broadcastId: rowIdOf('Broadcast', input.broadcastId), version: input.version });
      return ctx.db.broadcast.findUniqueOrThrow({ ...query, where: { id: updated.id } });
    },
  }),
}));
