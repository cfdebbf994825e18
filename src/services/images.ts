import type { ScopedDb } from '#src/db/scoped.ts';
import { NotFoundError, ValidationError } from '#src/errors.ts';
import { findActiveAccount } from '#src/services/accounts.ts';
import { isUuid } from '#src/services/unique.ts';
import { inspectImage } from '#src/services/image-inspect.ts';
import type { WeChatAccess } from '#src/wechat/access.ts';

const MB = 1024 * 1024;

/**
 * Where an uploaded image is used, which decides the WeChat API it goes to:
 * - MATERIAL: `material/add_material?type=image`, a permanent image material with a media_id
 *   (and URL): what image broadcasts and news covers (`thumb_media_id`) need.
 * - ARTICLE_CONTENT: `media/uploadimg`, a URL only, for images inside article HTML; it does not
 *   count towards the account's 100,000 image materials.
 */
export type ImagePurpose = 'MATERIAL' | 'ARTICLE_CONTENT';

export interface ImageKind {
  /** File extension WeChat expects for this kind (it checks types by the name's extension). */
  extension: 'jpg' | 'png' | 'gif' | 'bmp';
  contentType: string;
}

/** The kind of each format WeChat accepts, by the format's name. */
export const KINDS = {
  jpg: { extension: 'jpg', contentType: 'image/jpeg' },
  png: { extension: 'png', contentType: 'image/png' },
  gif: { extension: 'gif', contentType: 'image/gif' },
  bmp: { extension: 'bmp', contentType: 'image/bmp' },
} as const satisfies Record<string, ImageKind>;

/** WeChat's limits per purpose: the types it accepts and the largest file (inclusive). */
export const IMAGE_LIMITS: Record<ImagePurpose, { kinds: ImageKind['extension'][]; maxBytes: number }> = {
  MATERIAL: { kinds: ['jpg', 'png', 'gif', 'bmp'], maxBytes: 10 * MB },
  ARTICLE_CONTENT: { kinds: ['jpg', 'png'], maxBytes: 1 * MB },
};

/** The largest image any purpose accepts (the HTTP layer's upload cap must allow at least this). */
export const MAX_IMAGE_BYTES = Math.max(...Object.values(IMAGE_LIMITS).map((limit) => limit.maxBytes));

/**
 * The name to keep and the name to send: the base name without directories or control
 * characters (at most 200 characters), and the same with the extension of the detected type,
 * since WeChat judges the type by the extension.
 */
export function imageFilenames(given: string, kind: ImageKind): { stored: string; sent: string } {
  const base = given.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || `image.${kind.extension}`;
  const stem = base.replace(/\.[^.]*$/, '') || 'image';
  return { stored: base, sent: `${stem}.${kind.extension}` };
}

/**
 * Checks an upload against WeChat's limits for the purpose before anything is sent (so a bad file
 * costs no API call and stores nothing): its size, that its content is a whole image (type from
 * the content, header and dimensions read, nothing cut off) and of a type the purpose takes.
 * Issues are reported on the `file` argument.
 */
export async function checkImageFile(file: Blob & { name?: string }, purpose: ImagePurpose): Promise<{ bytes: Uint8Array; kind: ImageKind }> {
  const limit = IMAGE_LIMITS[purpose];
  const allowed = limit.kinds.join(', ');
  if (file.size === 0) throw ValidationError.field(['file'], 'is empty');
  if (file.size > limit.maxBytes) {
    throw ValidationError.field(['file'], `is ${file.size} bytes; ${purpose} images may be at most ${limit.maxBytes / MB} MB (${limit.maxBytes} bytes)`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const image = inspectImage(bytes);
  if (!image.ok && image.reason === 'damaged') {
    throw ValidationError.field(['file'], `is not a whole ${image.format.toUpperCase()} image: ${image.detail}`);
  }
  if (!image.ok) {
    const actually = image.format ? ` but ${image.format.toUpperCase()}` : '';
    throw ValidationError.field(['file'], `is not an image WeChat accepts (its content is not ${allowed}${actually})`);
  }
  const kind = KINDS[image.format];
  if (!limit.kinds.includes(kind.extension)) {
    throw ValidationError.field(['file'], `is a ${kind.extension.toUpperCase()} image; ${purpose} images must be ${allowed}`);
  }
  return { bytes, kind };
}

export interface UploadImageInput {
  accountId: string;
  file: Blob & { name?: string };
  purpose: ImagePurpose;
}

/**
 * Uploads an image to the account's WeChat and records it. Order: the account must be a
 * bound account of the workspace (NotFoundError), the file must pass WeChat's limits
 * (ValidationError on `file`), then WeChat is called (WeChatApiError when it refuses) and only
 * after it accepted is the Image row written. Returns the new row's id.
 */
export async function uploadImage(db: ScopedDb, wechat: Pick<WeChatAccess, 'clientFor'>, input: UploadImageInput): Promise<string> {
  if (!isUuid(input.accountId)) throw new NotFoundError('Account', input.accountId);
  const account = await findActiveAccount(db, input.accountId);
  const { bytes, kind } = await checkImageFile(input.file, input.purpose);
  const names = imageFilenames(input.file.name ?? '', kind);
  const client = await wechat.clientFor(account.id);
  const upload = { data: bytes, filename: names.sent, contentType: kind.contentType };
  let mediaId: string | null = null;
  let url: string;
  if (input.purpose === 'MATERIAL') {
    const added = await client.addMaterial('image', upload);
    mediaId = added.media_id;
    url = added.url ?? '';
  } else {
    url = await client.uploadArticleImage(upload);
  }
  const image = await db.image.create({
    data: { accountId: account.id, mediaId, url, filename: names.stored, contentType: kind.contentType, size: bytes.length },
    select: { id: true },
  });
  return image.id;
}
