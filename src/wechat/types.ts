/**
 * Wire DTOs of the WeChat Official Account server APIs used by wxcast, shared by the HTTP client
 * (`src/wechat/client*.ts`) and the simulator (`src/wechat-simulator/`). Field names are exactly as
 * on the wire (snake_case), grouped by API area.
 *
 * Numbers that WeChat documents as int64 (`msg_id`, `msg_data_id`) are typed `number`: real values
 * stay below 2^53, and the simulator never issues larger ones.
 */

// ───────────────────────────── envelope ─────────────────────────────

/** Every error (and many successes) carry this envelope; HTTP status is 200 either way. */
export interface WxErrorEnvelope {
  errcode: number;
  errmsg: string;
}

/** Success responses may omit `errcode` entirely (GET-style reads); treat missing as 0. */
export type WxResponse<T> = T & Partial<WxErrorEnvelope>;

/** `{errcode:0, errmsg:"ok"}` responses with no payload. */
export type WxOkResponse = WxErrorEnvelope;

// ───────────────────────────── access_token ─────────────────────────────

/** Query of `GET /cgi-bin/token`. */
export interface TokenQuery {
  grant_type: 'client_credential';
  appid: string;
  secret: string;
}

/** Body of `POST /cgi-bin/stable_token`. */
export interface StableTokenRequest {
  grant_type: 'client_credential';
  appid: string;
  secret: string;
  force_refresh?: boolean;
}

/** Response of both token endpoints. */
export interface TokenResponse {
  access_token: string;
  /** Seconds of remaining validity (≤ 7200). */
  expires_in: number;
}

// ───────────────────────────── mass send ─────────────────────────────

export type MassMsgType = 'mpnews' | 'text' | 'voice' | 'image' | 'mpvideo' | 'wxcard';

/** The message payload objects; exactly one matching `msgtype` is present. */
export interface MassMessageContent {
  msgtype: MassMsgType;
  mpnews?: { media_id: string };
  text?: { content: string };
  voice?: { media_id: string };
  /** Multi-image form (msgtype `image`, object `images`). */
  images?: { media_ids: string[]; recommend?: string; need_open_comment?: 0 | 1; only_fans_can_comment?: 0 | 1 };
  /** Legacy single image (still used by preview). */
  image?: { media_id: string };
  mpvideo?: { media_id: string; title?: string; description?: string };
  wxcard?: { card_id: string; card_ext?: string };
}

/** Body of `POST /cgi-bin/message/mass/sendall`. */
export interface MassSendAllRequest extends MassMessageContent {
  filter: { is_to_all: boolean; tag_id?: number };
  send_ignore_reprint?: 0 | 1;
  clientmsgid?: string;
}

/** Body of `POST /cgi-bin/message/mass/send` (service accounts only; 2..10000 openids). */
export interface MassSendRequest extends MassMessageContent {
  touser: string[];
  send_ignore_reprint?: 0 | 1;
  clientmsgid?: string;
}

/** Success of sendall/send. `msg_data_id` only for mpnews. */
export interface MassSendResponse extends WxErrorEnvelope {
  msg_id: number;
  msg_data_id?: number;
}

/** 45065 "clientmsgid exist" also carries the existing job's msg_id. */
export interface MassSendDuplicateResponse extends WxErrorEnvelope {
  errcode: 45065;
  msg_id: number;
}

/** Body of `POST /cgi-bin/message/mass/preview`; `towxname` wins over `touser`. */
export interface MassPreviewRequest extends MassMessageContent {
  touser?: string;
  towxname?: string;
}

export interface MassPreviewResponse extends WxErrorEnvelope {
  msg_id: number;
}

/** Body of `POST /cgi-bin/message/mass/delete`; `article_idx` is 1-based, 0/absent = all. */
export interface MassDeleteRequest {
  msg_id?: number | string;
  article_idx?: number;
  url?: string;
}

/** Body of `POST /cgi-bin/message/mass/get`. */
export interface MassGetRequest {
  msg_id: number | string;
}

export type MassMsgStatus = 'SENDING' | 'SEND_SUCCESS' | 'SEND_FAIL' | 'DELETE';

export interface MassGetResponse {
  msg_id: number;
  msg_status: MassMsgStatus;
}

/** Response of `POST /cgi-bin/message/mass/speed/get`. */
export interface MassSpeedGetResponse {
  /** 0..4; 0 fastest. */
  speed: number;
  /** Unit: 10,000 per minute. */
  realspeed: number;
}

/** Body of `POST /cgi-bin/message/mass/speed/set` (0..4, else 45083). */
export interface MassSpeedSetRequest {
  speed: number;
}

// ───────────────────────────── MASSSENDJOBFINISH ─────────────────────────────

/** Per-article originality check result (`CopyrightCheckResult/ResultList/item`). */
export interface CopyrightCheckItem {
  /** 1-based. */
  ArticleIdx: number;
  UserDeclareState: number;
  AuditState: number;
  OriginalArticleUrl: string;
  OriginalArticleType: number;
  CanReprint: number;
  NeedReplaceContent: number;
  NeedShowReprintSource: number;
}

/** `ArticleUrlResult/ResultList/item`. */
export interface ArticleUrlItem {
  ArticleIdx: number;
  ArticleUrl: string;
}

/**
 * The MASSSENDJOBFINISH event, as typed fields. `MsgID` is a string because it can exceed
 * 2^53 in principle and receivers dedupe on its exact text.
 */
export interface MassSendJobFinishEvent {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: 'event';
  Event: 'MASSSENDJOBFINISH';
  MsgID: string;
  /** `send success` | `send fail` | `err(N)`. */
  Status: string;
  TotalCount: number;
  FilterCount: number;
  SentCount: number;
  ErrorCount: number;
  CopyrightCheckResult: { Count: number; ResultList: CopyrightCheckItem[]; CheckState: number };
  ArticleUrlResult: { Count: number; ResultList: ArticleUrlItem[] };
}

// ───────────────────────────── materials, media, drafts ─────────────────────────────

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

/** Body of `POST /cgi-bin/material/get_material`; news returns `{news_item}`. */
export interface GetMaterialRequest {
  media_id: string;
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

export interface DraftAddResponse {
  media_id: string;
}

export interface DraftGetRequest {
  media_id: string;
}

export interface DraftGetResponse {
  news_item: (DraftArticleInput & { url: string; thumb_url?: string })[];
}

/** Body of `POST /cgi-bin/draft/update`; `index` is 0-based. */
export interface DraftUpdateRequest {
  media_id: string;
  index: number;
  articles: DraftArticleInput;
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

// ───────────────────────────── comments ─────────────────────────────

/** Common key: `index` is the 0-based article position (default 0). */
export interface CommentArticleRef {
  msg_data_id: number | string;
  index?: number;
}

export interface CommentListRequest extends CommentArticleRef {
  begin: number;
  /** 1..50 (88010 otherwise). */
  count: number;
  /** 0 all, 1 normal only, 2 elected only. */
  type: 0 | 1 | 2;
}

export interface CommentItem {
  user_comment_id: number;
  openid?: string;
  create_time: number;
  content: string;
  /** 1 = elected (精选). */
  comment_type: 0 | 1;
  reply?: { content: string; create_time: number };
}

export interface CommentListResponse extends WxErrorEnvelope {
  total: number;
  comment: CommentItem[];
}

export interface CommentRef extends CommentArticleRef {
  user_comment_id: number;
}

export interface CommentReplyRequest extends CommentRef {
  content: string;
}

// ───────────────────────────── datacube ─────────────────────────────

/** Body of every `/datacube/*` call (YYYY-MM-DD). */
export interface DatacubeRequest {
  begin_date: string;
  end_date: string;
}

export interface DatacubeResponse<R> {
  list: R[];
}

/** Shared read/share/favourite counters. */
export interface ArticleReadCounters {
  int_page_read_user: number;
  int_page_read_count: number;
  ori_page_read_user: number;
  ori_page_read_count: number;
  share_user: number;
  share_count: number;
  add_to_fav_user: number;
  add_to_fav_count: number;
}

/** `getarticlesummary` row; `msgid` = `<msg_data_id>_<idx>` (idx 1-based). */
export interface ArticleSummaryRow extends ArticleReadCounters {
  ref_date: string;
  msgid: string;
  title: string;
}

/** One cumulative day in `getarticletotal.details`. */
export interface ArticleTotalDetail extends ArticleReadCounters {
  stat_date: string;
  target_user: number;
  int_page_from_session_read_user: number;
  int_page_from_session_read_count: number;
  int_page_from_hist_msg_read_user: number;
  int_page_from_hist_msg_read_count: number;
  int_page_from_feed_read_user: number;
  int_page_from_feed_read_count: number;
  int_page_from_friends_read_user: number;
  int_page_from_friends_read_count: number;
  int_page_from_other_read_user: number;
  int_page_from_other_read_count: number;
  feed_share_from_session_user: number;
  feed_share_from_session_cnt: number;
  feed_share_from_feed_user: number;
  feed_share_from_feed_cnt: number;
  feed_share_from_other_user: number;
  feed_share_from_other_cnt: number;
}

/** `getarticletotal` row (ref_date = send date). */
export interface ArticleTotalRow {
  ref_date: string;
  msgid: string;
  title: string;
  url?: string;
  details: ArticleTotalDetail[];
}

/** `getuserread` row (and `getuserreadhour` with `ref_hour`). */
export interface UserReadRow extends ArticleReadCounters {
  ref_date: string;
  user_source: number;
  ref_hour?: number;
}

/** `getusershare` row (and `getusersharehour` with `ref_hour`). */
export interface UserShareRow {
  ref_date: string;
  share_scene: number;
  share_count: number;
  share_user: number;
  ref_hour?: number;
}

// ───────────────────────────── followers and tags ─────────────────────────────

/** `GET /cgi-bin/user/get?next_openid=`; `data` is absent on a `count: 0` page. */
export interface UserGetResponse {
  total: number;
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

export interface UserBatchGetRequest {
  user_list: { openid: string; lang?: 'zh_CN' | 'zh_TW' | 'en' }[];
}

/** A follower; unsubscribed users carry only `subscribe: 0`, `openid` and maybe `unionid`. */
export interface UserInfo {
  subscribe: 0 | 1;
  openid: string;
  language?: string;
  subscribe_time?: number;
  unionid?: string;
  remark?: string;
  groupid?: number;
  tagid_list?: number[];
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
}

export interface UserBatchGetResponse {
  user_info_list: UserInfo[];
}

export interface Tag {
  id: number;
  name: string;
  count: number;
}

export interface TagsGetResponse {
  tags: Tag[];
}

/** Body of `POST /cgi-bin/user/tag/get` (followers under a tag, ≤10,000 per page). */
export interface UserTagGetRequest {
  tagid: number;
  next_openid?: string;
}

/** `data` is absent on a `count: 0` page. */
export interface UserTagGetResponse {
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

/** Body of `POST /cgi-bin/tags/members/getblacklist`. */
export interface BlacklistGetRequest {
  begin_openid?: string;
}

export interface BlacklistGetResponse {
  total: number;
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

// ───────────────────────────── cards ─────────────────────────────

/** Body of `POST /card/batchget`. */
export interface CardBatchGetRequest {
  offset: number;
  /** 1..50. */
  count: number;
  status_list?: string[];
}

export interface CardBatchGetResponse extends WxErrorEnvelope {
  card_id_list: string[];
  total_num: number;
}

/** Body of `POST /card/get`. */
export interface CardGetRequest {
  card_id: string;
}

/** The subset of a card's `base_info` wxcast reads. */
export interface CardBaseInfo {
  id: string;
  logo_url: string;
  code_type: string;
  brand_name: string;
  title: string;
  color: string;
  notice: string;
  description: string;
  status: string;
  date_info: { type: string; begin_timestamp?: number; end_timestamp?: number; fixed_term?: number; fixed_begin_term?: number };
  sku: { quantity: number; total_quantity?: number };
}

export interface CardGetResponse extends WxErrorEnvelope {
  card: {
    card_type: string;
    [cardTypeKey: string]: unknown;
  };
}
