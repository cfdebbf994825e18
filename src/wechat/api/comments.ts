import type { WeChatCaller } from '#src/wechat/call.ts';
import type { CommentArticleRef, CommentListRequest, CommentListResponse, CommentRef, CommentReplyRequest } from '#src/wechat/types.ts';

/** Comment management keyed by msg_data_id and the 0-based article `index`. */
export interface CommentsApi {
  /** `POST /cgi-bin/comment/list`: count 1..50 (88010); type 0 all, 1 normal, 2 elected. */
  listComments(request: CommentListRequest): Promise<CommentListResponse>;
  /** `POST /cgi-bin/comment/open`. */
  openComments(article: CommentArticleRef): Promise<void>;
  /** `POST /cgi-bin/comment/close`. */
  closeComments(article: CommentArticleRef): Promise<void>;
  /** `POST /cgi-bin/comment/markelect` (88003 at the elected cap). */
  markElectComment(comment: CommentRef): Promise<void>;
  /** `POST /cgi-bin/comment/unmarkelect`. */
  unmarkElectComment(comment: CommentRef): Promise<void>;
  /** `POST /cgi-bin/comment/delete`. */
  deleteComment(comment: CommentRef): Promise<void>;
  /** `POST /cgi-bin/comment/reply/add` (88005 when already replied). */
  addCommentReply(reply: CommentReplyRequest): Promise<void>;
  /** `POST /cgi-bin/comment/reply/delete` (88009 without a reply). */
  deleteCommentReply(comment: CommentRef): Promise<void>;
}

/** The comment methods over a caller. */
export function commentsApi(caller: WeChatCaller): CommentsApi {
  const post = (path: string) => async (body: object) => {
    await caller.json({ method: 'POST', path, json: body });
  };
  return {
    listComments: (request) => caller.json<CommentListResponse>({ method: 'POST', path: '/cgi-bin/comment/list', json: request }),
    openComments: post('/cgi-bin/comment/open'),
    closeComments: post('/cgi-bin/comment/close'),
    markElectComment: post('/cgi-bin/comment/markelect'),
    unmarkElectComment: post('/cgi-bin/comment/unmarkelect'),
    deleteComment: post('/cgi-bin/comment/delete'),
    addCommentReply: post('/cgi-bin/comment/reply/add'),
    deleteCommentReply: post('/cgi-bin/comment/reply/delete'),
  };
}
