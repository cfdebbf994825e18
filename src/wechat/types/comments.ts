// WeChat wire types: comments on mass-sent articles. Field names exactly as on the wire.
import type { WxErrorEnvelope } from '#src/wechat/types/envelope.ts';

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
