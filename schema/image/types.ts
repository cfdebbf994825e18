import { builder } from '#schema/builder.ts';
import { Account } from '#schema/account/types.ts';
import { IMAGE_LIMITS } from '#src/services/images.ts';

const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;

export const ImagePurposeEnum = builder.enumType('ImagePurpose', {
  description: 'Where an uploaded image is used; it decides the WeChat API the image goes to',
  values: {
    MATERIAL: {
      description: `A permanent image material (media_id and URL) for image broadcasts and news covers: ${IMAGE_LIMITS.MATERIAL.kinds.join('/')} up to ${mb(IMAGE_LIMITS.MATERIAL.maxBytes)} (material/add_material)`,
    },
    ARTICLE_CONTENT: {
      description: `An image inside article content (URL only): ${IMAGE_LIMITS.ARTICLE_CONTENT.kinds.join('/')} up to ${mb(IMAGE_LIMITS.ARTICLE_CONTENT.maxBytes)} (media/uploadimg)`,
    },
  } as const,
});

/** An image uploaded to an account's WeChat. */
export const Image = builder.prismaNode('Image', {
  id: { field: 'id' },
  // node(id) of another workspace's row is null (the scoped client finds nothing), not an error.
  nullable: true,
  fields: (t) => ({
    account: t.relation('account', { type: Account }),
    purpose: t.field({
      type: ImagePurposeEnum,
      // Only permanent materials get a media_id; article-content images are a URL only.
      select: { mediaId: true },
      resolve: (image) => (image.mediaId ? 'MATERIAL' : 'ARTICLE_CONTENT'),
    }),
    mediaId: t.exposeString('mediaId', { nullable: true, description: 'WeChat media_id (MATERIAL images): use it in image broadcasts and as a news cover' }),
    url: t.exposeString('url', { description: 'WeChat\'s URL of the image (shown only on Tencent domains)' }),
    filename: t.exposeString('filename', { description: 'The uploaded file\'s name' }),
    contentType: t.exposeString('contentType', { description: 'Detected from the file\'s content, e.g. image/png' }),
    size: t.exposeInt('size', { description: 'Bytes' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
