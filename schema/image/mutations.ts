import { builder } from '#schema/builder.ts';
import { Image, ImagePurposeEnum } from '#schema/image/types.ts';
import { rowIdOf } from '#schema/global-ids.ts';
import { NotFoundError, ValidationError, WeChatApiError } from '#src/errors.ts';
import { uploadImage } from '#src/services/images.ts';

builder.mutationFields((t) => ({
  uploadImage: t.prismaField({
    type: Image,
    description:
      'Uploads an image (a multipart GraphQL request) to the account\'s WeChat and records it. The type is detected from the content; files WeChat would refuse are rejected before anything is sent',
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError, WeChatApiError] },
    args: {
      accountId: t.arg.id({ required: true }),
      file: t.arg({ type: 'File', required: true }),
      purpose: t.arg({ type: ImagePurposeEnum, required: true }),
    },
    resolve: async (query, _root, { accountId, file, purpose }, ctx) => {
      const id = await uploadImage(ctx.db, ctx.app.wechat, {
        accountId: rowIdOf('Account', accountId),
        file,
        purpose,
      });
      return ctx.db.image.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
