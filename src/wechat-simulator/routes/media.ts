import { imageUrl } from '#src/wechat-simulator/content.ts';
import { fail } from '#src/wechat-simulator/errors.ts';
import { RawResponse, type RouteRequest, type RouteTable } from '#src/wechat-simulator/router.ts';
import { checkArticleImage, checkUpload, contentTypeOf, extensionOf, uploadType } from '#src/wechat-simulator/uploads.ts';

/** Temporary media live 3 days. */
const TEMP_LIFETIME_S = 3 * 86_400;

async function upload({ sim, account, query, multipart, now }: RouteRequest) {
  const type = uploadType(query.get('type'));
  const { files } = await multipart();
  const file = checkUpload(files.get('media'), type);
  const mediaId = sim.state.nextMediaId(account.appId);
  const createdAt = Math.floor(now / 1000);
  account.temp.set(mediaId, {
    mediaId,
    type,
    name: file.filename,
    contentType: contentTypeOf(file),
    data: file.data,
    createTime: createdAt,
    updateTime: createdAt,
    expiresAt: createdAt + TEMP_LIFETIME_S,
  });
  return { type, media_id: mediaId, created_at: createdAt };
}

/** Article images get a URL only; they do not count as materials. */
async function uploadImg({ sim, account, multipart }: RouteRequest) {
  const { files } = await multipart();
  const file = checkArticleImage(files.get('media'));
  const seq = sim.state.nextMediaId(account.appId);
  return { url: imageUrl(`${account.appId}:article-image:${seq}`, extensionOf(file) === 'png' ? 'png' : 'jpg') };
}

function get({ account, query, now }: RouteRequest) {
  const media = account.temp.get(query.get('media_id') ?? '');
  if (!media || (media.expiresAt ?? 0) <= Math.floor(now / 1000)) fail(40007);
  return new RawResponse(media.contentType, media.data);
}

/** Temporary media and article images. */
export function mediaRoutes(): RouteTable {
  return {
    '/cgi-bin/media/upload': { method: 'POST', auth: true, handle: upload },
    '/cgi-bin/media/uploadimg': { method: 'POST', auth: true, handle: uploadImg },
    '/cgi-bin/media/get': { method: 'GET', auth: true, handle: get },
  };
}
