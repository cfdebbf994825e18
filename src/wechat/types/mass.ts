// WeChat wire types: mass send, its management and the MASSSENDJOBFINISH event. Field names exactly as on the wire.
import type { JsonArrayText } from '#src/wechat/json-text.ts';
import type { WxErrorEnvelope } from '#src/wechat/types/envelope.ts';

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
  /** The openids, or their JSON array as text (a batch read from the database). */
  touser: string[] | JsonArrayText;
  send_ignore_reprint?: 0 | 1;
  clientmsgid?: string;
}

/** Success of sendall/send. `msg_data_id` only for mpnews. */
export interface MassSendResponse extends WxErrorEnvelope {
  msg_id: number;
  msg_data_id?: number;
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
 * The MASSSENDJOBFINISH event as typed fields. `MsgID` is a string because it can exceed
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
