// WeChat wire types: permanent materials, temporary media and drafts. Field names exactly as on the wire.

/** One article of a news material or draft. */
export interface NewsArticle {
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  show_cover_pic?: 0 | 1;
  /** Article link (permanent for materials, temporary preview for drafts). */
  url: string;
  thumb_url?: string;
  need_open_comment?: 0 | 1;
  only_fans_can_comment?: 0 | 1;
}

export type MaterialType = 'image' | 'voice' | 'video' | 'thumb' | 'news';

/** Body of `POST /cgi-bin/material/batchget_material` (count 1..20). */
export interface BatchGetMaterialRequest {
  type: MaterialType;
  offset: number;
  count: number;
}

export interface NewsMaterialItem {
  media_id: string;
  content: { news_item: NewsArticle[]; create_time?: number; update_time?: number };
  update_time: number;
}

export interface FileMaterialItem {
  media_id: string;
  name: string;
  update_time: number;
  url?: string;
}

export interface BatchGetMaterialResponse<I = NewsMaterialItem | FileMaterialItem> {
  total_count: number;
  item_count: number;
  item: I[];
}

export interface MaterialCountResponse {
  voice_count: number;
  video_count: number;
  image_count: number;
  news_count: number;
}

export interface GetNewsMaterialResponse {
  news_item: NewsArticle[];
}

export interface GetVideoMaterialResponse {
  title: string;
  description: string;
  down_url: string;
}

/** `POST /cgi-bin/material/add_material?type=` (multipart `media`); `url` only for images. */
export interface AddMaterialResponse {
  media_id: string;
  url?: string;
}

/** `POST /cgi-bin/media/upload?type=` (temporary media, 3 days). */
export interface UploadMediaResponse {
  type: 'image' | 'voice' | 'video' | 'thumb';
  media_id: string;
  created_at: number;
}

/** `POST /cgi-bin/media/uploadimg` (article images). */
export interface UploadImgResponse {
  url: string;
}

/** An article as submitted to draft/add (no `url`; that comes back from draft/get). */
export interface DraftArticleInput {
  article_type?: 'news' | 'newspic';
  title: string;
  author?: string;
  digest?: string;
  content: string;
  content_source_url?: string;
  thumb_media_id?: string;
  need_open_comment?: 0 | 1;
  only_fans_can_comment?: 0 | 1;
  pic_crop_235_1?: string;
  pic_crop_1_1?: string;
}

export interface DraftAddRequest {
  articles: DraftArticleInput[];
}

export interface DraftGetResponse {
  news_item: (DraftArticleInput & { url: string; thumb_url?: string })[];
}

export interface DraftBatchGetRequest {
  offset: number;
  count: number;
  no_content?: 0 | 1;
}

export interface DraftBatchGetResponse {
  total_count: number;
  item_count: number;
  item: { media_id: string; content: { news_item: DraftGetResponse['news_item'] }; update_time: number }[];
}

export interface DraftCountResponse {
  total_count: number;
}
