import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErr, SERVICE, startSimWithToken, type WxHttp } from './helpers.ts';
import type { Simulator } from '#src/wechat-simulator/server.ts';

let sim: Simulator;
let wx: WxHttp;
let token: string;
let msgDataId: number;

beforeAll(async () => {
  ({ sim, wx, token } = await startSimWithToken());
  await wx.control('POST', '/_sim/config', {});
  const draft = await wx.draft(token, ['第一篇', '第二篇']);
  const send = await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'mpnews', mpnews: { media_id: draft } });
  msgDataId = send.msg_data_id;
  // Not yet sent: no article data.
  expectErr(await wx.call(token, '/cgi-bin/comment/list', { msg_data_id: msgDataId, index: 0, begin: 0, count: 10, type: 0 }), 88001);
  await wx.advance(60_000);
});
afterAll(() => sim?.close());

const list = (index: number, type = 0, begin = 0, count = 50) => wx.call(token, '/cgi-bin/comment/list', { msg_data_id: msgDataId, index, begin, count, type });

describe('comments keyed by msg_data_id with a 0-based index', () => {
  it('lists generated and added comments per article; validates count (88010) and ids (88001)', async () => {
    const generated = (await list(1)).total;
    const [openid] = await wx.openids(token, 1);
    const added = await wx.control('POST', '/_sim/comments', { appid: SERVICE.appId, msg_data_id: msgDataId, index: 1, openid, content: '来自测试的留言' });
    const r = await list(1);
    expect(r).toMatchObject({ errcode: 0, errmsg: 'ok', total: generated + 1 });
    expect(r.comment.at(-1)).toEqual({ user_comment_id: added.userCommentId, openid, create_time: expect.any(Number), content: '来自测试的留言', comment_type: 0 });
    expect((await list(1, 0, 0, 1)).comment).toHaveLength(1);
    expectErr(await list(1, 0, 0, 0), 88010);
    expectErr(await list(1, 0, 0, 51), 88010);
    expectErr(await list(2), 88001);
    expectErr(await wx.call(token, '/cgi-bin/comment/list', { msg_data_id: 1, index: 0, begin: 0, count: 10, type: 0 }), 88001);
  });

  it('elects, replies, deletes — with 88005, 88008, 88009', async () => {
    const { userCommentId } = await wx.control('POST', '/_sim/comments', { msg_data_id: msgDataId, index: 0, content: '请精选我' });
    const ref = { msg_data_id: msgDataId, index: 0, user_comment_id: userCommentId };
    expect((await wx.call(token, '/cgi-bin/comment/markelect', ref)).errcode).toBe(0);
    expect((await list(0, 2)).comment.map((c: { user_comment_id: number }) => c.user_comment_id)).toContain(userCommentId);
    expect((await list(0, 1)).comment.map((c: { user_comment_id: number }) => c.user_comment_id)).not.toContain(userCommentId);
    expect((await wx.call(token, '/cgi-bin/comment/unmarkelect', ref)).errcode).toBe(0);
    expect((await list(0, 1)).comment.map((c: { user_comment_id: number }) => c.user_comment_id)).toContain(userCommentId);

    expect((await wx.call(token, '/cgi-bin/comment/reply/add', { ...ref, content: '谢谢' })).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/comment/reply/add', { ...ref, content: '再谢' }), 88005);
    const withReply = (await list(0)).comment.find((c: { user_comment_id: number }) => c.user_comment_id === userCommentId);
    expect(withReply.reply).toEqual({ content: '谢谢', create_time: expect.any(Number) });
    expect((await wx.call(token, '/cgi-bin/comment/reply/delete', ref)).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/comment/reply/delete', ref), 88009);
    expectErr(await wx.call(token, '/cgi-bin/comment/reply/add', { ...ref, content: '' }), 88007);

    expect((await wx.call(token, '/cgi-bin/comment/delete', ref)).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/comment/markelect', ref), 88008);
    expect((await list(0)).comment.map((c: { user_comment_id: number }) => c.user_comment_id)).not.toContain(userCommentId);
  });

  it('opens and closes comments per article', async () => {
    expect((await wx.call(token, '/cgi-bin/comment/close', { msg_data_id: msgDataId, index: 1 })).errcode).toBe(0);
    expect((await wx.call(token, '/cgi-bin/comment/open', { msg_data_id: msgDataId, index: 1 })).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/comment/open', { msg_data_id: msgDataId, index: 5 }), 88001);
  });
});
