import type { WeChatCaller } from '#src/wechat/call.ts';
import type {
  BatchGetMaterialRequest,
  BatchGetMaterialResponse,
  DraftAddRequest,
  DraftBatchGetRequest,
  DraftBatchGetResponse,
  DraftCountResponse,
  DraftGetResponse,
  FileMaterialItem,
  GetNewsMaterialResponse,
  GetVideoMaterialResponse,
  MaterialCountResponse,
  NewsMaterialItem,
} from '#src/wechat/types.ts';

/** What `material/get_material` returns, by material kind. */
export type MaterialContent =
  | { kind: 'news'; news: GetNewsMaterialResponse }
  | { kind: 'video'; video: GetVideoMaterialResponse }
  /** image, voice and thumb materials come back as the file itself. */
  | { kind: 'file'; contentType: string; data: Uint8Array };

/** Permanent materials and the draft box (草稿箱). */
export interface MaterialsApi {
  /** `POST /cgi-bin/material/batchget_material`: one page (count 1..20), newest first. */
  batchGetMaterial(request: BatchGetMaterialRequest & { type: 'news' }): Promise<BatchGetMaterialResponse<NewsMaterialItem>>;
  batchGetMaterial(request: BatchGetMaterialRequest): Promise<BatchGetMaterialResponse<FileMaterialItem>>;
  /** `GET /cgi-bin/material/get_materialcount`. */
  getMaterialCount(): Promise<MaterialCountResponse>;
  /** `POST /cgi-bin/material/get_material` (40007 for an unknown media_id). */
  getMaterial(mediaId: string): Promise<MaterialContent>;
  /** `POST /cgi-bin/draft/add` → the draft's media_id (the only id mpnews mass sends take). */
  addDraft(request: DraftAddRequest): Promise<string>;
  /** `POST /cgi-bin/draft/get`. */
  getDraft(mediaId: string): Promise<DraftGetResponse>;
  /** `POST /cgi-bin/draft/batchget`: one page (count 1..20). */
  batchGetDrafts(request: DraftBatchGetRequest): Promise<DraftBatchGetResponse>;
  /** `GET /cgi-bin/draft/count`. */
  getDraftCount(): Promise<number>;
  /** `POST /cgi-bin/draft/delete`. */
  deleteDraft(mediaId: string): Promise<void>;
}

/** The materials and drafts methods over a caller. */
export function materialsApi(caller: WeChatCaller): MaterialsApi {
  return {
    batchGetMaterial: ((request: BatchGetMaterialRequest) =>
      caller.json({ method: 'POST', path: '/cgi-bin/material/batchget_material', json: request })) as MaterialsApi['batchGetMaterial'],
    getMaterialCount: () => caller.json<MaterialCountResponse>({ method: 'GET', path: '/cgi-bin/material/get_materialcount' }),
    async getMaterial(mediaId) {
      const answer = await caller.call({ method: 'POST', path: '/cgi-bin/material/get_material', json: { media_id: mediaId }, binary: true });
      if (answer.kind === 'file') return { kind: 'file', contentType: answer.contentType, data: answer.data };
      if (Array.isArray(answer.body.news_item)) return { kind: 'news', news: answer.body as unknown as GetNewsMaterialResponse };
      return { kind: 'video', video: answer.body as unknown as GetVideoMaterialResponse };
    },
    // Retried on transient failures although not idempotent: a duplicate draft is a visible but
    // harmless leftover, while failing an article sync on a passing 502 is not.
    addDraft: async (request) => (await caller.json<{ media_id: string }>({ method: 'POST', path: '/cgi-bin/draft/add', json: request })).media_id,
    getDraft: (mediaId) => caller.json<DraftGetResponse>({ method: 'POST', path: '/cgi-bin/draft/get', json: { media_id: mediaId } }),
    batchGetDrafts: (request) => caller.json<DraftBatchGetResponse>({ method: 'POST', path: '/cgi-bin/draft/batchget', json: request }),
    getDraftCount: async () => (await caller.json<DraftCountResponse>({ method: 'GET', path: '/cgi-bin/draft/count' })).total_count,
    deleteDraft: async (mediaId) => {
      await caller.json({ method: 'POST', path: '/cgi-bin/draft/delete', json: { media_id: mediaId } });
    },
  };
}
