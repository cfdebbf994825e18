import { fail } from '#src/wechat-simulator/errors.ts';
import type { UploadedFile } from '#src/wechat-simulator/http-io.ts';
import type { FileType } from '#src/wechat-simulator/state.ts';

const MB = 1024 * 1024;

interface Rule {
  extensions: string[];
  maxBytes: number;
  /** 40009 (invalid image size) for images, 40006 (invalid media size) for other media. */
  sizeErrcode: 40006 | 40009;
}

/**
 * Upload limits of material/add_material and media/upload. Temporary images: WeChat's doc says
 * both 10 MB and 2 MB; the simulator takes 10 MB for both permanent and temporary images.
 */
const RULES: Record<FileType, Rule> = {
  image: { extensions: ['bmp', 'png', 'jpeg', 'jpg', 'gif'], maxBytes: 10 * MB, sizeErrcode: 40009 },
  voice: { extensions: ['mp3', 'wma', 'wav', 'amr'], maxBytes: 2 * MB, sizeErrcode: 40006 },
  video: { extensions: ['mp4'], maxBytes: 10 * MB, sizeErrcode: 40006 },
  thumb: { extensions: ['jpg', 'jpeg'], maxBytes: 64 * 1024, sizeErrcode: 40009 },
};

/** Article images (media/uploadimg): jpg/png under 1 MB. */
const ARTICLE_IMAGE: Rule = { extensions: ['jpg', 'jpeg', 'png'], maxBytes: MB, sizeErrcode: 40009 };

const MIME_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'audio/mpeg': 'mp3',
  'audio/amr': 'amr',
  'audio/wav': 'wav',
  'video/mp4': 'mp4',
};

/** The file's extension: from its name, else from its content type, else from magic bytes. */
export function extensionOf(file: UploadedFile): string {
  const fromName = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase();
  if (fromName) return fromName;
  const fromMime = MIME_EXTENSIONS[file.contentType.toLowerCase()];
  if (fromMime) return fromMime;
  const d = file.data;
  if (d[0] === 0xff && d[1] === 0xd8) return 'jpg';
  if (d[0] === 0x89 && d[1] === 0x50) return 'png';
  if (d[0] === 0x47 && d[1] === 0x49) return 'gif';
  return '';
}

/** The upload `type` query parameter (40004 unless image|voice|video|thumb). */
export function uploadType(value: string | null): FileType {
  if (value !== 'image' && value !== 'voice' && value !== 'video' && value !== 'thumb') fail(40004);
  return value;
}

function check(file: UploadedFile | undefined, rule: Rule): UploadedFile {
  if (!file || file.data.length === 0) fail(41005);
  if (!rule.extensions.includes(extensionOf(file))) fail(40005);
  if (file.data.length > rule.maxBytes) fail(rule.sizeErrcode);
  return file;
}

/** Validates the multipart `media` part for a typed upload. */
export function checkUpload(file: UploadedFile | undefined, type: FileType): UploadedFile {
  return check(file, RULES[type]);
}

/** Validates an article image (media/uploadimg). */
export function checkArticleImage(file: UploadedFile | undefined): UploadedFile {
  return check(file, ARTICLE_IMAGE);
}

/** A content type to serve stored bytes with. */
export function contentTypeOf(file: UploadedFile): string {
  if (file.contentType && file.contentType !== 'application/octet-stream') return file.contentType;
  const ext = extensionOf(file);
  return Object.entries(MIME_EXTENSIONS).find(([, e]) => e === ext)?.[0] ?? 'application/octet-stream';
}
