import { builder } from '#schema/builder.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { authoringDeps } from '#schema/broadcast/deps.ts';
import { NotFoundError, ValidationError, WeChatApiError } from '#src/errors.ts';
import { ContentError, PreviewLimitError } from '#src/authoring/errors.ts';
import { testSendBroadcast, type PreviewOutcome, type TestSendResult } from '#src/authoring/test-send.ts';

const TestSendBroadcastInput = builder.inputType('TestSendBroadcastInput', {
  fields: (t) => ({
    broadcastId: t.id({ required: true }),
    taskId: t.id({ description: 'Which group\'s content (default the first group)' }),
    wechatIds: t.stringList({ description: 'WeChat ids (微信号) of followers: at most 100 previews a day per account' }),
    groupId: t.id({ description: 'A customer group: each of its members who follows the account now gets a preview' }),
  }),
});

const PreviewOutcomeRef = builder.objectRef<PreviewOutcome>('PreviewOutcome').implement({
  fields: (t) => ({
    recipient: t.exposeString('recipient', { description: 'The WeChat id or openid' }),
    byWeChatId: t.exposeBoolean('byWeChatId'),
    msgId: t.float({ nullable: true, resolve: (outcome) => outcome.msgId }),
    error: t.exposeString('error', { nullable: true, description: 'WeChat\'s errcode and message when this preview failed' }),
  }),
});

const TestSendResultRef = builder.objectRef<TestSendResult>('TestSendResult').implement({
  fields: (t) => ({
    previews: t.field({ type: [PreviewOutcomeRef], resolve: (result) => result.previews }),
    previewsLeftToday: t.exposeInt('previewsLeftToday', { description: 'Previews to WeChat ids left today (WeChat\'s day, China time), as wxcast counted them' }),
  }),
});

builder.mutationFields((t) => ({
  testSendBroadcast: t.field({
    type: TestSendResultRef,
    authScopes: { scope: 'write' },
    description: 'Sends a group\'s content as WeChat previews (temporary links), one message per recipient; never counts against mass-send quotas',
    errors: { types: [ValidationError, NotFoundError, ContentError, PreviewLimitError, WeChatApiError] },
    args: { input: t.arg({ type: TestSendBroadcastInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      testSendBroadcast({ ...authoringDeps(ctx), wechat: ctx.app.wechat }, {
        broadcastId: rowIdOf('Broadcast', input.broadcastId),
        ...(input.taskId != null ? { taskId: rowIdOf('BroadcastTask', input.taskId) } : {}),
        ...(input.wechatIds ? { wechatIds: input.wechatIds } : {}),
        ...(input.groupId != null ? { groupId: rowIdOf('CustomerGroup', input.groupId) } : {}),
      }),
  }),
}));
