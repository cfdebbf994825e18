import type { WeChatCaller } from '#src/wechat/call.ts';
import type { AddMaterialResponse, UploadImgResponse, UploadMediaResponse } from '#src/wechat/types.ts';

/** A file to upload. WeChat checks the type by the file name's extension, so keep it right. */
export interface UploadFile {
  data: Uint8Array | Blob;
  /** e.g. `cover.jpg`. */
  filename: string;
  /** Default: the Blob's type, else application/octet-stream. */
  contentType?: string;
}

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

/** Uploads: multipart with the file part named `media`. */
export interface MediaApi {
  /** `POST /cgi-bin/media/upload?type=`: temporary media, kept 3 days. */
  uploadMedia(type: MediaType, file: UploadFile): Promise<UploadMediaResponse>;
  /** `POST /cgi-bin/media/uploadimg`: an image for article HTML (jpg/png < 1 MB) → its URL. */
  uploadArticleImage(file: UploadFile): Promise<string>;
  /** `POST /cgi-bin/material/add_material?type=`: a permanent material; videos need a title. */
  addMaterial(type: MediaType, file: UploadFile, video?: { title: string; introduction?: string }): Promise<AddMaterialResponse>;
}

function formOf(file: UploadFile, fields: Record<string, string> = {}): () => FormData {
  const blob =
    file.data instanceof Blob
      ? file.contentType
        ? new Blob([file.data], { type: file.contentType })
        : file.data
      : // Copied into a fresh ArrayBuffer-backed view: BlobPart excludes SharedArrayBuffer views.
        new Blob([new Uint8Array(file.data)], { type: file.contentType ?? 'application/octet-stream' });
  // A fresh FormData per attempt: a retry must not depend on a consumed body.
  return () => {
    const form = new FormData();
    form.append('media', blob, file.filename);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return form;
  };
}

/** The upload methods over a caller. Uploads are retried: a duplicate upload only wastes space. */
export function mediaApi(caller: WeChatCaller): MediaApi {
  return {
    uploadMedia: (type, file) => caller.json<UploadMediaResponse>({ method: 'POST', path: '/cgi-bin/media/upload', query: { type }, form: formOf(file) }),
    uploadArticleImage: async (file) => (await caller.json<UploadImgResponse>({ method: 'POST', path: '/cgi-bin/media/uploadimg', form: formOf(file) })).url,
    addMaterial: (type, file, video) =>
      caller.json<AddMaterialResponse>({
        method: 'POST',
        path: '/cgi-bin/material/add_material',
        query: { type },
        form: formOf(file, video ? { description: JSON.stringify({ title: video.title, introduction: video.introduction ?? '' }) } : {}),
      }),
  };
}
