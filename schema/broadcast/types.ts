import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';
import { Campaign } from '#schema/campaign/types.ts';
import { BroadcastAudience, BroadcastContentKind, BroadcastState, SendSlotState } from '#src/generated/prisma/enums.ts';
import { isComposedInWxcast, type StoredContent } from '#src/authoring/content.ts';
import { audienceSizes, type AudienceSize } from '#src/authoring/audience.ts';
import type { Context } from '#src/context.ts';

export const BroadcastStateEnum = builder.enumType(BroadcastState, {
  name: 'BroadcastState',
  description:
    'DRAFT: saved incomplete or as a draft. READY: complete, not planned. SCHEDULED: every send has a time and a job. ' +
    'SENDING: a send became due and went to the sending engine. DONE: sent. MISSED: a send\'s time passed while no worker ran; send it now or reschedule.',
});
export const BroadcastAudienceEnum = builder.enumType(BroadcastAudience, {
  name: 'BroadcastAudience',
  description: 'ALL_FOLLOWERS (first group only), GROUPS (customer groups; current followers only), REMAINING_FOLLOWERS (comparison groups only: every follower not in the first group)',
});
export const BroadcastContentKindEnum = builder.enumType(BroadcastContentKind, { name: 'BroadcastContentKind' });
export const SendSlotStateEnum = builder.enumType(SendSlotState, {
  name: 'SendSlotState',
  description: 'UNPLANNED, SCHEDULED (a job waits for the time), DUE (handed to the sending engine), MISSED (the time passed while no worker ran)',
});

// The size fields of one task share one query per request (they are usually selected together).
const sizesByRequest = new WeakMap<Context, Map<string, Promise<AudienceSize | undefined>>>();
function sizeOf(taskId: string, ctx: Context) {
  let sizes = sizesByRequest.get(ctx);
  if (!sizes) sizesByRequest.set(ctx, (sizes = new Map()));
  let size = sizes.get(taskId);
  if (!size) sizes.set(taskId, (size = audienceSizes(ctx.app.prisma, [taskId], ctx.app.clock.now()).then((rows) => rows[0])));
  return size;
}

const gid = (typename: string, id: string | null | undefined) => (id ? encodeGlobalID(typename, id) : null);

type News = NonNullable<Extract<StoredContent, { kind: 'NEWS' }>['news']>;
type NewsArticle = News['articles'][number];

const NewsArticleRef = builder.objectRef<NewsArticle>('NewsArticle').implement({
  description: 'One article of a composed news message',
  fields: (t) => ({
    materialId: t.id({ description: 'The draft material it comes from', resolve: (a) => encodeGlobalID('Material', a.materialId) }),
    index: t.exposeInt('index', { description: 'Its position in that material, from 0' }),
    coverImageId: t.id({ nullable: true, description: 'Another cover (a MATERIAL image); null keeps the article\'s own', resolve: (a) => gid('Image', a.coverImageId) }),
  }),
});

export const NewsContentRef = builder.objectRef<News>('NewsContent').implement({
  description: 'A news message composed from draft materials. When it differs from the material as it is, sending first creates a new draft with these articles.',
  fields: (t) => ({
    materialId: t.id({ resolve: (news) => encodeGlobalID('Material', news.materialId) }),
    articles: t.field({ type: [NewsArticleRef], description: 'Empty: every article of the material as it is', resolve: (news) => news.articles }),
    changed: t.boolean({
      description: 'Whether the composition differs from the material (order, articles added, replaced or removed, covers)',
      resolve: async (news, _args, ctx) =>
        news.articles.length > 0 && isComposedInWxcast(news, await ctx.app.prisma.materialArticle.count({ where: { materialId: news.materialId } })),
    }),
  }),
});

const BroadcastContentRef = builder.objectRef<StoredContent>('BroadcastContent').implement({
  description: 'What a task sends; the field of its kind is set',
  fields: (t) => ({
    kind: t.field({ type: BroadcastContentKindEnum, resolve: (c) => c.kind }),
    news: t.field({ type: NewsContentRef, nullable: true, resolve: (c) => (c.kind === 'NEWS' ? c.news : null) }),
    text: t.string({ nullable: true, resolve: (c) => (c.kind === 'TEXT' ? c.text : null) }),
    imageId: t.id({ nullable: true, resolve: (c) => (c.kind === 'IMAGE' ? gid('Image', c.imageId) : null) }),
    cardId: t.id({ nullable: true, resolve: (c) => (c.kind === 'CARD' ? gid('Card', c.cardId) : null) }),
  }),
});

export const AbTestGroup = builder.prismaObject('AbTestGroup', {
  description: 'One test group of an A/B test: a random sample of the audience with its own article and time',
  fields: (t) => ({
    position: t.exposeInt('position'),
    percentage: t.exposeInt('percentage', { description: 'Share of the task\'s audience, in percent' }),
    news: t.field({ type: NewsContentRef, resolve: (group) => group.content as unknown as News }),
    sendAt: t.expose('sendAt', { type: 'DateTime', nullable: true }),
    slotState: t.expose('slotState', { type: SendSlotStateEnum }),
  }),
});

export const BroadcastTask = builder.prismaNode('BroadcastTask', {
  id: { field: 'id' },
  nullable: true,
  description: 'One send group of a broadcast: the first group (position 0) or a comparison group',
  fields: (t) => ({
    position: t.exposeInt('position'),
    name: t.exposeString('name'),
    campaign: t.relation('campaign', { type: Campaign, nullable: true }),
    audience: t.expose('audience', { type: BroadcastAudienceEnum, nullable: true }),
    groups: t.field({
      type: ['ID'],
      description: 'Ids of the customer groups of a GROUPS audience',
      select: { groups: { select: { groupId: true } } },
      resolve: (task) => task.groups.map((group) => encodeGlobalID('CustomerGroup', group.groupId)),
    }),
    content: t.field({ type: BroadcastContentRef, nullable: true, select: { content: true }, resolve: (task) => task.content as StoredContent | null }),
    abTest: t.relation('abTestGroups', { description: 'Test groups of the A/B test; empty without one', query: { orderBy: { position: 'asc' } } }),
    sendAt: t.expose('sendAt', { type: 'DateTime', nullable: true, description: 'When it is sent (UTC); with an A/B test, when the remainder gets the winning article' }),
    slotState: t.expose('slotState', { type: SendSlotStateEnum }),
    audienceSize: t.int({
      description: 'Current followers it reaches, after removing the first group\'s members (comparison groups)',
      resolve: async (task, _args, ctx) => (await sizeOf(task.id, ctx))?.size ?? 0,
    }),
    recipientsAtMonthlyLimit: t.int({
      description: 'Of those, followers wxcast already sent 4 mass messages in the calendar month of its send time (service accounts): WeChat will filter them out. Sends made outside wxcast are not known.',
      resolve: async (task, _args, ctx) => (await sizeOf(task.id, ctx))?.atMonthlyLimit ?? 0,
    }),
    reachableSize: t.int({
      description: 'audienceSize minus recipientsAtMonthlyLimit: who WeChat will deliver to, as far as wxcast knows',
      resolve: async (task, _args, ctx) => {
        const size = await sizeOf(task.id, ctx);
        return size ? size.size - size.atMonthlyLimit : 0;
      },
    }),
  }),
});

export const Broadcast = builder.prismaNode('Broadcast', {
  id: { field: 'id' },
  nullable: true,
  description: 'A broadcast (群发任务): its name, account, campaign, plan state and tasks',
  fields: (t) => ({
    name: t.exposeString('name'),
    state: t.expose('state', { type: BroadcastStateEnum }),
    version: t.exposeInt('version', { description: 'Give it back to updates: a change made since is refused (StaleVersionError)' }),
    account: t.relation('account', { type: Account }),
    campaign: t.relation('campaign', { type: Campaign, nullable: true }),
    tasks: t.relation('tasks', { query: { orderBy: { position: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
