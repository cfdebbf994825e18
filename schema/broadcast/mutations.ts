import { builder } from '#schema/builder.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { Broadcast, BroadcastTask } from '#schema/broadcast/types.ts';
import { BroadcastTaskInput, taskDefinitionOf } from '#schema/broadcast/inputs.ts';
import { BROADCAST_RULE_ERRORS } from '#schema/broadcast/errors.ts';
import { authoringDeps } from '#schema/broadcast/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '#src/errors.ts';
import { StaleVersionError } from '#src/authoring/errors.ts';
import { createBroadcast, deleteBroadcast, updateBroadcast } from '#src/authoring/broadcasts.ts';
import { addComparisonGroup, removeBroadcastTask } from '#src/authoring/tasks.ts';
import { removeBroadcastJobs } from '#src/authoring/plan.ts';

const CreateBroadcastInput = builder.inputType('CreateBroadcastInput', {
  fields: (t) => ({
    accountId: t.id({ required: true }),
    name: t.string({ required: true, description: 'For finding it in wxcast (followers never see it)' }),
    campaignId: t.id(),
    firstTask: t.field({ type: BroadcastTaskInput, required: true, description: 'The first group: audience, content, optional A/B test' }),
    draft: t.boolean({ description: 'Save as a draft: incomplete is fine, sending rules are checked when it is saved without draft or planned' }),
  }),
});

const TaskChangeInput = builder.inputType('BroadcastTaskChangeInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    task: t.field({ type: BroadcastTaskInput, required: true, description: 'The task\'s new definition (replaces the old one as a whole)' }),
  }),
});

const UpdateBroadcastInput = builder.inputType('UpdateBroadcastInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    version: t.int({ required: true, description: 'The version you read; if it changed since, nothing is written (StaleVersionError)' }),
    name: t.string(),
    campaignId: t.id({ description: 'null removes the campaign' }),
    tasks: t.field({ type: [TaskChangeInput] }),
    draft: t.boolean({ description: 'true keeps (or makes) it a draft; false checks every rule (default: as it is)' }),
  }),
});

const AddComparisonGroupInput = builder.inputType('AddComparisonGroupInput', {
  fields: (t) => ({
    broadcastId: t.id({ required: true }),
    version: t.int({ required: true }),
    task: t.field({ type: BroadcastTaskInput, required: true, description: 'Audience GROUPS (minus the first group\'s members) or REMAINING_FOLLOWERS' }),
  }),
});

const DeleteBroadcastInput = builder.inputType('DeleteBroadcastInput', {
  fields: (t) => ({ id: t.id({ required: true }), version: t.int({ required: true }) }),
});
const RemoveBroadcastTaskInput = builder.inputType('RemoveBroadcastTaskInput', {
  fields: (t) => ({ taskId: t.id({ required: true }), version: t.int({ required: true }) }),
});

const COMMON_ERRORS = [ValidationError, NotFoundError, ConflictError, StaleVersionError, ...BROADCAST_RULE_ERRORS];

builder.mutationFields((t) => ({
  createBroadcast: t.prismaField({
    type: Broadcast,
    authScopes: { scope: 'write' },
    description: 'Creates a broadcast with its first group; with draft: true it may be incomplete',
    errors: { types: COMMON_ERRORS },
    args: { input: t.arg({ type: CreateBroadcastInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const created = await createBroadcast(authoringDeps(ctx), {
        accountId: rowIdOf('Account', input.accountId),
        name: input.name,
        ...(input.campaignId != null ? { campaignId: rowIdOf('Campaign', input.campaignId) } : {}),
        firstTask: taskDefinitionOf(input.firstTask),
        draft: input.draft ?? false,
      });
      return ctx.db.broadcast.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  updateBroadcast: t.prismaField({
    type: Broadcast,
    authScopes: { scope: 'write' },
    description: 'Changes a broadcast read at `version`; a stale version changes nothing',
    errors: { types: COMMON_ERRORS },
    args: { input: t.arg({ type: UpdateBroadcastInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const updated = await updateBroadcast(authoringDeps(ctx), {
        id: rowIdOf('Broadcast', input.id),
        version: input.version,
        ...(input.name != null ? { name: input.name } : {}),
        ...(input.campaignId !== undefined ? { campaignId: input.campaignId === null ? null : rowIdOf('Campaign', input.campaignId) } : {}),
        ...(input.tasks ? { tasks: input.tasks.map((change) => ({ taskId: rowIdOf('BroadcastTask', change.taskId), task: taskDefinitionOf(change.task) })) } : {}),
        ...(input.draft != null ? { draft: input.draft } : {}),
      });
      return ctx.db.broadcast.findUniqueOrThrow({ ...query, where: { id: updated.id } });
    },
  }),
  deleteBroadcast: t.id({
    authScopes: { scope: 'write' },
    description: 'Deletes a broadcast that has not started sending (a draft, or a planned one: its jobs are removed). Returns its id.',
    errors: { types: [NotFoundError, ConflictError, StaleVersionError] },
    args: { input: t.arg({ type: DeleteBroadcastInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const deps = authoringDeps(ctx);
      await deleteBroadcast(deps, rowIdOf('Broadcast', input.id), input.version, (jobIds) => removeBroadcastJobs(deps, jobIds));
      return input.id;
    },
  }),
  addComparisonGroup: t.prismaField({
    type: BroadcastTask,
    authScopes: { scope: 'write' },
    description: 'Adds a comparison group (对比组) to a broadcast whose first group goes to customer groups',
    errors: { types: COMMON_ERRORS },
    args: { input: t.arg({ type: AddComparisonGroupInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const task = await addComparisonGroup(authoringDeps(ctx), {
        broadcastId: rowIdOf('Broadcast', input.broadcastId),
        version: input.version,
        task: taskDefinitionOf(input.task),
      });
      return ctx.db.broadcastTask.findUniqueOrThrow({ ...query, where: { id: task.id } });
    },
  }),
  removeBroadcastTask: t.prismaField({
    type: Broadcast,
    authScopes: { scope: 'write' },
    description: 'Removes a comparison group; returns the broadcast',
    errors: { types: [ValidationError, NotFoundError, ConflictError, StaleVersionError] },
    args: { input: t.arg({ type: RemoveBroadcastTaskInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const updated = await removeBroadcastTask(authoringDeps(ctx), { taskId: rowIdOf('BroadcastTask', input.taskId), version: input.version });
      return ctx.db.broadcast.findUniqueOrThrow({ ...query, where: { id: updated.id } });
    },
  }),
}));
