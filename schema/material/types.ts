import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';
import { MaterialSource } from '#src/generated/prisma/enums.ts';

export const MaterialSourceEnum = builder.enumType(MaterialSource, {
  name: 'MaterialSource',
  description: 'Where WeChat keeps a material: the draft box (sendable) or legacy permanent news (pre-2022)',
});

/** One article of a material: what a preview shows. */
export const MaterialArticle = builder.prismaObject('MaterialArticle', {
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position in the material, from 0' }),
    title: t.exposeString('title'),
    author: t.exposeString('author'),
    digest: t.exposeString('digest'),
    content: t.exposeString('content', { description: 'HTML body' }),
    thumbMediaId: t.exposeString('thumbMediaId', { description: 'Permanent image id of the cover' }),
    thumbUrl: t.exposeString('thumbUrl', { description: 'Cover image URL (mmbiz; shown only on Tencent domains)' }),
    url: t.exposeString('url', { description: 'Article link; a temporary preview link for drafts' }),
    contentSourceUrl: t.exposeString('contentSourceUrl', { description: '"Read more" link' }),
    showCoverPic: t.exposeBoolean('showCoverPic', { description: 'Cover shown in the body (legacy news only; false for drafts)' }),
  }),
});

// The convenience fields use the same relation arguments as `articles`, so Pothos merges them into
// one load with it; different arguments (e.g. `where: { index: 0 }`) made it load per material.
const firstArticle = { articles: { orderBy: { index: 'asc' }, select: { title: true, thumbUrl: true } } } as const;

/** A news material synchronised from WeChat: one or more articles. */
export const Material = builder.prismaNode('Material', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    source: t.expose('source', { type: MaterialSourceEnum }),
    mediaId: t.exposeString('mediaId', { description: 'WeChat media_id (a draft id is what mpnews sends take)' }),
    updatedAt: t.expose('updatedAtWeChat', { type: 'DateTime', description: 'Last change in WeChat (its update_time)' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', description: 'When wxcast last fetched it' }),
    removedAt: t.expose('removedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a sync or refresh found it deleted in WeChat (it can no longer be sent); null while it is there',
    }),
    account: t.relation('account', { type: Account }),
    articles: t.relation('articles', { query: { orderBy: { index: 'asc' } } }),
    title: t.string({ select: firstArticle, description: 'Title of the first article', resolve: (m) => m.articles[0]?.title ?? '' }),
    thumbUrl: t.string({ select: firstArticle, description: 'Cover of the first article', resolve: (m) => m.articles[0]?.thumbUrl ?? '' }),
  }),
});
