import { builder } from '#schema/builder.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { BroadcastAudienceEnum, BroadcastContentKindEnum } from '#schema/broadcast/types.ts';
import type { TaskDefinition } from '#src/authoring/task-definition.ts';
import type { NewsInput } from '#src/authoring/content.ts';

const NewsArticleInput = builder.inputType('NewsArticleInput', {
  description: 'One article of a news message, in the order given',
  fields: (t) => ({
    materialId: t.id({ description: 'A draft material (default: the news message\'s material)' }),
    index: t.int({ required: true, description: 'The article\'s position in that material, from 0' }),
    coverImageId: t.id({ description: 'A MATERIAL image to use as its cover' }),
  }),
});

const NewsInputRef = builder.inputType('NewsInput', {
  description: 'A news message from a draft material; give articles to reorder, add (from other drafts), remove, replace or re-cover them',
  fields: (t) => ({
    materialId: t.id({ required: true }),
    articles: t.field({ type: [NewsArticleInput], description: 'Omitted: the material as it is' }),
  }),
});

const ContentInput = builder.inputType('BroadcastContentInput', {
  description: 'What a task sends: set the field of its kind',
  fields: (t) => ({
    kind: t.field({ type: BroadcastContentKindEnum, required: true }),
    news: t.field({ type: NewsInputRef }),
    text: t.string({
      description: 'Text with emoji and links in WeChat\'s markup: <a href="https://mp.weixin.qq.com/…">…</a> (only WeChat article links), ' +
        '<a data-miniprogram-appid="…" data-miniprogram-path="…" href="fallback">…</a> (a Mini Program bound to the workspace)',
    }),
    imageId: t.id({ description: 'An image uploaded as MATERIAL' }),
    cardId: t.id({ description: 'A usable card of the account\'s card library' }),
  }),
});

const AbTestGroupInput = builder.inputType('AbTestGroupInput', {
  fields: (t) => ({
    percentage: t.int({ required: true, description: 'Share of the audience in the sample (all groups together: less than 100)' }),
    news: t.field({ type: NewsInputRef, required: true }),
    sendAt: t.field({ type: 'DateTime', description: 'At least one hour after it is set' }),
  }),
});

const AbTestInput = builder.inputType('AbTestInput', {
  description: 'An A/B test: random samples get their own article; the article with the highest read rate goes to the rest',
  fields: (t) => ({
    groups: t.field({ type: [AbTestGroupInput], required: true, description: 'At least 2 test groups' }),
    remainderSendAt: t.field({ type: 'DateTime', description: 'At or after 10:00 (account time zone) on the day after the latest test' }),
  }),
});

export const BroadcastTaskInput = builder.inputType('BroadcastTaskInput', {
  fields: (t) => ({
    name: t.string(),
    campaignId: t.id(),
    audience: t.field({ type: BroadcastAudienceEnum }),
    groupIds: t.idList({ description: 'Customer groups of a GROUPS audience' }),
    content: t.field({ type: ContentInput }),
    abTest: t.field({ type: AbTestInput }),
  }),
});

type NewsShape = { materialId: string | number; articles?: { materialId?: string | number | null; index: number; coverImageId?: string | number | null }[] | null };

function newsOf(news: NewsShape): NewsInput {
  return {
    materialId: rowIdOf('Material', news.materialId),
    ...(news.articles ? {
      articles: news.articles.map((a) => ({
        index: a.index,
        ...(a.materialId != null ? { materialId: rowIdOf('Material', a.materialId) } : {}),
        ...(a.coverImageId != null ? { coverImageId: rowIdOf('Image', a.coverImageId) } : {}),
      })),
    } : {}),
  };
}

/** The service's task definition from the GraphQL input (global ids decoded, nulls dropped). */
export function taskDefinitionOf(input: typeof BroadcastTaskInput.$inferInput): TaskDefinition {
  const content = input.content;
  return {
    ...(input.name != null ? { name: input.name } : {}),
    ...(input.campaignId != null ? { campaignId: rowIdOf('Campaign', input.campaignId) } : {}),
    ...(input.audience ? { audience: input.audience } : {}),
    ...(input.groupIds ? { groupIds: input.groupIds.map((id) => rowIdOf('CustomerGroup', id)) } : {}),
    ...(content ? {
      content: {
        kind: content.kind,
        ...(content.news ? { news: newsOf(content.news) } : {}),
        ...(content.text != null ? { text: content.text } : {}),
        ...(content.imageId != null ? { imageId: rowIdOf('Image', content.imageId) } : {}),
        ...(content.cardId != null ? { cardId: rowIdOf('Card', content.cardId) } : {}),
      },
    } : {}),
    ...(input.abTest ? {
      abTest: {
        groups: input.abTest.groups.map((group) => ({ percentage: group.percentage, news: newsOf(group.news), ...(group.sendAt ? { sendAt: group.sendAt } : {}) })),
        ...(input.abTest.remainderSendAt ? { remainderSendAt: input.abTest.remainderSendAt } : {}),
      },
    } : {}),
  };
}
