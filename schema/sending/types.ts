import { builder } from '#schema/builder.ts';
import { AbTestRule, SendBatchState, SendRecordState } from '#src/generated/prisma/enums.ts';
import type { BatchResultEvent, SendRecordEvent } from '#src/pubsub.ts';
import type { AbVariant } from '#src/sending/ab-winner.ts';
import { abTestGroupPosition } from '#src/sending/record-part.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';

export const SendRecordStateEnum = builder.enumType(SendRecordState, {
  name: 'SendRecordState',
  description:
    'SELECTING: the audience is being frozen. PREPARING: recipients frozen, content and (subscription accounts) the WeChat tag being prepared. ' +
    'QUEUED: ready to submit. SENDING: batches submitted, waiting for WeChat\'s results. SENT: every batch delivered. ' +
    'PARTLY_FAILED: some batches or deliveries failed. FAILED: nothing was delivered (see failureReason).',
});

export const SendBatchStateEnum = builder.enumType(SendBatchState, {
  name: 'SendBatchState',
  description:
    'PENDING: not submitted yet. SUBMITTING: being submitted (or its answer was lost; it is resubmitted with the same clientmsgid, which WeChat deduplicates). ' +
    'SUBMITTED: WeChat accepted it (msgId), result pending. SENT / PARTLY_FAILED / FAILED: WeChat\'s result, or a refusal (errcode, reason).',
});

/** What a batch's filteredOut means, for both of its types. */
const FILTERED_OUT =
  'Recipients of this batch WeChat left out before sending: TotalCount − FilterCount (FilterCount counts those left after filtering). On a service account these are mostly followers who already received 4 mass messages this calendar month; also followers who turned messages off or unfollowed. Null until WeChat\'s result is in, when the result came from message/mass/get (no counts), and for a refusal by WeChat\'s review (err(N)), which stops the job before filtering';

export const SendBatch = builder.prismaObject('SendBatch', {
  description: 'One submission to WeChat: at most 10,000 openids (service accounts), a tag (subscription accounts) or every follower',
  fields: (t) => ({
    batchNo: t.exposeInt('batchNo', { description: '0-based position in the record' }),
    state: t.expose('state', { type: SendBatchStateEnum }),
    recipientCount: t.exposeInt('recipientCount'),
    attempts: t.exposeInt('attempts', { description: 'Submissions made (a retry reuses the clientmsgid)' }),
    clientMsgId: t.exposeString('clientMsgId', { description: 'The clientmsgid WeChat deduplicates this batch by for 24 hours' }),
    msgId: t.string({ nullable: true, description: 'WeChat\'s msg_id once accepted', resolve: (batch) => batch.msgId?.toString() ?? null }),
    totalCount: t.exposeInt('totalCount', { nullable: true, description: 'WeChat\'s TotalCount' }),
    filterCount: t.exposeInt('filterCount', { nullable: true, description: 'WeChat\'s FilterCount: recipients left after filtering (4 a month reached, messages turned off)' }),
    filteredOut: t.exposeInt('filteredOut', { nullable: true, description: FILTERED_OUT }),
    sentCount: t.exposeInt('sentCount', { nullable: true }),
    errorCount: t.exposeInt('errorCount', { nullable: true }),
    errcode: t.exposeInt('errcode', { nullable: true, description: 'WeChat\'s errcode of a refusal or a failed result' }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why the batch failed or partly failed; for a result read from message/mass/get because WeChat\'s event never arrived, says so (the counts are then unknown)',
    }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const AbTestRuleEnum = builder.enumType(AbTestRule, {
  name: 'AbTestRule',
  description:
    'How an A/B test\'s winner was chosen among the test groups with figures. HIGHEST_READ_RATE: one group had the highest read rate. ' +
    'TIE_MORE_DELIVERED: the highest read rate was shared; of those groups, the one delivered to more followers won. ' +
    'TIE_LOWER_POSITION: rate and delivered were both equal; the earlier test group won. ' +
    'NO_DATA_FIRST_GROUP: no test group had figures (WeChat\'s read data were not ready by the deadline, 24 hours after the remainder\'s planned time, ' +
    'or no test group delivered anything); the first test group\'s news was sent. ' +
    'Read rate = reads ÷ delivered; equal rates are compared exactly.',
});

const AbTestVariant = builder.objectRef<AbVariant>('AbTestVariant').implement({
  description: 'One test group\'s figures when the winner was chosen; all null when it had none (it was left out)',
  fields: (t) => ({
    position: t.exposeInt('position', { description: '0-based position of the test group in the A/B test' }),
    reads: t.exposeInt('reads', { nullable: true, description: 'Followers who read the news\' first article (WeChat\'s int_page_read_user from getarticletotal, summed over the group\'s batches)' }),
    delivered: t.exposeInt('delivered', { nullable: true, description: 'Followers WeChat delivered the group\'s news to (SentCount of its batches)' }),
    readRate: t.exposeFloat('readRate', { nullable: true, description: 'reads ÷ delivered' }),
  }),
});

export const AbTestResultRef = builder.prismaObject('AbTestResult', {
  description: 'How the news sent to an A/B test\'s remainder was chosen',
  fields: (t) => ({
    winnerPosition: t.exposeInt('winnerPosition', { description: 'The test group whose news went to the remainder' }),
    rule: t.expose('rule', { type: AbTestRuleEnum }),
    missingData: t.exposeBoolean('missingData', { description: 'True when at least one test group had no figures and was left out' }),
    variants: t.field({ type: [AbTestVariant], description: 'Every test group, by position', resolve: (result) => result.variants as unknown as AbVariant[] }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', description: 'When the winner was chosen (the remainder\'s audience is frozen right after)' }),
  }),
});

export const SendRecord = builder.prismaNode('SendRecord', {
  id: { field: 'id' },
  nullable: true,
  description: 'What one send of a broadcast task became: its frozen recipients, batches and results',
  fields: (t) => ({
    state: t.expose('state', { type: SendRecordStateEnum }),
    task: t.relation('task'),
    abTestPosition: t.int({
      nullable: true,
      description: 'For a send to an A/B test group\'s sample: the test group\'s position; null for a plain task and for the A/B remainder',
      select: { part: true },
      resolve: (record) => abTestGroupPosition(record.part),
    }),
    isAbTestRemainder: t.boolean({ description: 'True for the send of an A/B test\'s remainder (it gets the winner\'s news)', select: { part: true }, resolve: (record) => record.part === 'REMAINDER' }),
    abTestResult: t.relation('abTestResult', { nullable: true, description: 'For an A/B remainder: how the winner was chosen (null until it is)' }),
    recipientCount: t.exposeInt('recipientCount', { description: 'Followers frozen as recipients when the send began' }),
    batchCount: t.exposeInt('batchCount'),
    sentCount: t.exposeInt('sentCount', { description: 'Delivered, by WeChat\'s results' }),
    errorCount: t.exposeInt('errorCount', { description: 'Deliveries that failed, by WeChat\'s results' }),
    filteredOut: t.exposeInt('filteredOut', { description: 'Recipients WeChat left out before sending, summed over the batches (each batch\'s TotalCount − FilterCount): mostly followers who already received 4 mass messages this month (service accounts)' }),
    untaggedCount: t.exposeInt('untaggedCount', { description: 'Subscription accounts: recipients who could not be given the send\'s tag (not reached)' }),
    failureReason: t.exposeString('failureReason', { nullable: true }),
    batches: t.relation('batches', { query: { orderBy: { batchNo: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

/** A record's state and counts as one change committed them (carried by the event: no query). */
export const SendRecordUpdate = builder.objectRef<SendRecordEvent>('SendRecordUpdate').implement({
  description: 'A send record as one of its state changes committed it',
  fields: (t) => ({
    recordId: t.id({ resolve: (event) => encodeGlobalID('SendRecord', event.recordId) }),
    taskId: t.id({ resolve: (event) => encodeGlobalID('BroadcastTask', event.taskId) }),
    state: t.field({ type: SendRecordStateEnum, resolve: (event) => event.state }),
    recipientCount: t.exposeInt('recipientCount'),
    batchCount: t.exposeInt('batchCount'),
    sentCount: t.exposeInt('sentCount'),
    errorCount: t.exposeInt('errorCount'),
    filteredOut: t.exposeInt('filteredOut'),
    failureReason: t.exposeString('failureReason', { nullable: true }),
    updatedAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.updatedAt) }),
  }),
});

export const BatchResult = builder.objectRef<BatchResultEvent>('BatchResult').implement({
  description: 'A batch as one change committed it: submitted (msgId), refused, or WeChat\'s result in',
  fields: (t) => ({
    recordId: t.id({ resolve: (event) => encodeGlobalID('SendRecord', event.recordId) }),
    batchNo: t.exposeInt('batchNo'),
    state: t.field({ type: SendBatchStateEnum, resolve: (event) => event.state }),
    recipientCount: t.exposeInt('recipientCount'),
    msgId: t.exposeString('msgId', { nullable: true }),
    totalCount: t.exposeInt('totalCount', { nullable: true }),
    filterCount: t.exposeInt('filterCount', { nullable: true }),
    filteredOut: t.exposeInt('filteredOut', { nullable: true, description: FILTERED_OUT }),
    sentCount: t.exposeInt('sentCount', { nullable: true }),
    errorCount: t.exposeInt('errorCount', { nullable: true }),
    errcode: t.exposeInt('errcode', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});
