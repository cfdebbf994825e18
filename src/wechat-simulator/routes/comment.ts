import { fail } from '#src/wechat-simulator/errors.ts';
import type { RouteRequest, RouteTable } from '#src/wechat-simulator/router.ts';
import type { Comment, SentArticle } from '#src/wechat-simulator/state.ts';
import type { CommentItem } from '#src/wechat/types.ts';

const LIST_MAX = 50;
/** The elected-comment cap (88003 beyond it) is undocumented; 100 per article here. */
const ELECTED_MAX = 100;
/** Reply length limit is undocumented; 1,000 characters here. */
const REPLY_MAX = 1000;

/** The article addressed by `msg_data_id` and 0-based `index` (88001 when either is unknown). */
function articleOf({ sim, account }: RouteRequest, body: Record<string, unknown>): SentArticle {
  const id = Number(body.msg_data_id);
  const job = Number.isSafeInteger(id) ? sim.state.jobsByDataId.get(id) : undefined;
  if (!job || job.appId !== account.appId || job.status === 'SENDING') fail(88001);
  const index = body.index === undefined ? 0 : Number(body.index);
  const article = Number.isInteger(index) && index >= 0 ? job.articles[index] : undefined;
  if (!article) fail(88001);
  return article;
}

function commentOf(article: SentArticle, body: Record<string, unknown>): Comment {
  const comment = article.comments.find((c) => c.userCommentId === Number(body.user_comment_id));
  if (!comment || comment.deleted) fail(88008);
  return comment;
}

function toItem(c: Comment): CommentItem {
  return {
    user_comment_id: c.userCommentId,
    ...(c.openid ? { openid: c.openid } : {}),
    create_time: c.createTime,
    content: c.content,
    comment_type: c.elected ? 1 : 0,
    ...(c.reply ? { reply: { content: c.reply.content, create_time: c.reply.createTime } } : {}),
  };
}

/** `comment/list`: count 1..50 (88010); type 0 all, 1 normal, 2 elected. */
function list(request: RouteRequest) {
  const body = request.json();
  const article = articleOf(request, body);
  const begin = Number(body.begin ?? 0);
  const count = Number(body.count);
  if (!Number.isInteger(count) || count <= 0 || count > LIST_MAX) fail(88010);
  if (!Number.isInteger(begin) || begin < 0) fail(47001);
  const type = Number(body.type ?? 0);
  const visible = article.comments.filter((c) => !c.deleted && (type === 1 ? !c.elected : type === 2 ? c.elected : true));
  return { errcode: 0, errmsg: 'ok', total: visible.length, comment: visible.slice(begin, begin + count).map(toItem) };
}

type Action = (article: SentArticle, body: Record<string, unknown>, request: RouteRequest) => void;

function action(run: Action) {
  return (request: RouteRequest) => {
    const body = request.json();
    run(articleOf(request, body), body, request);
    return { errcode: 0, errmsg: 'ok' };
  };
}

const markElect: Action = (article, body) => {
  const comment = commentOf(article, body);
  if (!comment.elected && article.comments.filter((c) => c.elected && !c.deleted).length >= ELECTED_MAX) fail(88003);
  comment.elected = true;
};

const replyAdd: Action = (article, body, { now }) => {
  const comment = commentOf(article, body);
  if (comment.reply) fail(88005);
  const content = typeof body.content === 'string' ? body.content : '';
  if (!content || [...content].length > REPLY_MAX) fail(88007);
  comment.reply = { content, createTime: Math.floor(now / 1000) };
};

const replyDelete: Action = (article, body) => {
  const comment = commentOf(article, body);
  if (!comment.reply) fail(88009);
  comment.reply = undefined;
};

/** Comment management keyed by msg_data_id. */
export function commentRoutes(): RouteTable {
  const post = (handle: (request: RouteRequest) => unknown) => ({ method: 'POST' as const, auth: true, handle });
  return {
    '/cgi-bin/comment/open': post(action((a) => (a.commentOpen = true))),
    '/cgi-bin/comment/close': post(action((a) => (a.commentOpen = false))),
    '/cgi-bin/comment/list': post(list),
    '/cgi-bin/comment/markelect': post(action(markElect)),
    '/cgi-bin/comment/unmarkelect': post(action((a, b) => (commentOf(a, b).elected = false))),
    '/cgi-bin/comment/delete': post(action((a, b) => (commentOf(a, b).deleted = true))),
    '/cgi-bin/comment/reply/add': post(action(replyAdd)),
    '/cgi-bin/comment/reply/delete': post(action(replyDelete)),
  };
}
