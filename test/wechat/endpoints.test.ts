import { describe, expect, it } from 'vitest';
import { iterateOpenids } from '#src/wechat/pagination.ts';
import { clientFor, issued, JPEG, SERVICE, useWeChatEnv } from './helpers.ts';

const t = useWeChatEnv();


/** A draft with one Chinese article on the account's first image material. */
async function draft(title = '春季新品发布'): Promise<string> {
  const images = await t.wx.batchGetMaterial({ type: 'image', offset: 0, count: 1 });
  return t.wx.addDraft({ articles: [{ title, content: `<p>${title}：欢迎阅读</p>`, thumb_media_id: images.item[0]!.media_id, need_open_comment: 1 }] });
}

async function followerOpenids(n: number): Promise<string[]> {
  return (await t.wx.getFollowers()).data!.openid.slice(0, n);
}

describe('tokens', () => {
  it('issues stable and classic tokens', async () => {
    const stable = await t.wx.getStableAccessToken();
    expect(stable.expiresIn).toBe(7200);
    expect((await t.wx.getStableAccessToken()).accessToken).toBe(stable.accessToken);
    const classic = await t.wx.getAccessToken();
    expect(classic.accessToken).not.toBe(stable.accessToken);
    expect(issued(t.env)).toEqual({ token: 1, stable: 1 });
  });
});

describe('followers and tags', () => {
  it('lists followers page by page, reads user info, tags, tag members and the blacklist', async () => {
    const page = await t.wx.getFollowers();
    expect(page.total).toBe(50);
    const all: string[] = [];
    for await (const openids of iterateOpenids((next) => t.wx.getFollowers(next))) all.push(...openids);
    expect(all).toHaveLength(50);
    expect(new Set(all).size).toBe(50);

    const infos = await t.wx.batchGetUserInfo({ user_list: all.slice(0, 3).map((openid) => ({ openid, lang: 'zh_CN' })) });
    expect(infos.map((i) => i.openid)).toEqual(all.slice(0, 3));
    expect(infos[0]!.subscribe).toBe(1);
    expect((await t.wx.getUserInfo(all[0]!)).openid).toBe(all[0]);

    const tags = await t.wx.getTags();
    const beijing = tags.find((t) => t.name === '北京')!;
    expect(beijing.count).toBeGreaterThan(0);
    const members = await t.wx.getTagFollowers({ tagid: beijing.id });
    expect(members.count).toBe(beijing.count);

    const blacklist = await t.wx.getBlacklist();
    expect(blacklist.count).toBe(0);
  });
});

describe('materials, drafts and media', () => {
  it('counts, pages and reads permanent materials', async () => {
    const count = await t.wx.getMaterialCount();
    expect(count.news_count).toBe(3);
    const news = await t.wx.batchGetMaterial({ type: 'news', offset: 0, count: 20 });
    expect(news.total_count).toBe(3);
    const first = news.item[0]!;
    expect(first.content.news_item.length).toBeGreaterThan(0);
    const read = await t.wx.getMaterial(first.media_id);
    expect(read.kind).toBe('news');
    if (read.kind === 'news') expect(read.news.news_item[0]!.title).toBe(first.content.news_item[0]!.title);

    const images = await t.wx.batchGetMaterial({ type: 'image', offset: 0, count: 20 });
    expect(images.item.length).toBeGreaterThan(0);
    const file = await t.wx.getMaterial(images.item[0]!.media_id);
    expect(file.kind).toBe('file');
    if (file.kind === 'file') expect([...file.data.slice(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('uploads temporary media, article images and permanent materials (multipart `media`)', async () => {
    const temp = await t.wx.uploadMedia('image', { data: JPEG, filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(temp).toMatchObject({ type: 'image' });
    expect(temp.media_id).toBeTruthy();
    const url = await t.wx.uploadArticleImage({ data: new Blob([JPEG], { type: 'image/jpeg' }), filename: '正文配图.jpg' });
    expect(url).toMatch(/^https?:\/\//);
    const image = await t.wx.addMaterial('image', { data: JPEG, filename: 'cover.jpg' });
    expect(image.url).toMatch(/^https?:\/\//);
    const video = await t.wx.addMaterial('video', { data: new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]), filename: 'clip.mp4' }, { title: '产品视频', introduction: '介绍' });
    const read = await t.wx.getMaterial(video.media_id);
    expect(read).toMatchObject({ kind: 'video', video: { title: '产品视频', description: '介绍' } });
  });

  it('adds, reads, pages, counts and deletes drafts with literal UTF-8 text', async () => {
    const mediaId = await draft('草稿：你好，世界');
    const got = await t.wx.getDraft(mediaId);
    expect(got.news_item[0]!.title).toBe('草稿：你好，世界');
    expect(got.news_item[0]!.url).toBeTruthy();
    const page = await t.wx.batchGetDrafts({ offset: 0, count: 20, no_content: 1 });
    expect(page.item.map((d) => d.media_id)).toContain(mediaId);
    expect(await t.wx.getDraftCount()).toBe(1);
    await t.wx.deleteDraft(mediaId);
    expect(await t.wx.getDraftCount()).toBe(0);
  });
});

describe('mass send', () => {
  it('sends to openids and to a tag, reports status, deletes, previews and sets the speed', async () => {
    const openids = await followerOpenids(3);
    const sent = await t.wx.massSend({ touser: openids, msgtype: 'mpnews', mpnews: { media_id: await draft() }, send_ignore_reprint: 0, clientmsgid: 'batch-0001' });
    expect(sent).toMatchObject({ alreadySubmitted: false });
    expect(sent.msgDataId).toBeTypeOf('number');
    expect(await t.wx.massGet(sent.msgId)).toEqual({ msg_id: sent.msgId, msg_status: 'SENDING' });
    t.env.sim.finishJob(sent.msgId);
    expect((await t.wx.massGet(sent.msgId)).msg_status).toBe('SEND_SUCCESS');
    await t.wx.massDelete({ msg_id: sent.msgId, article_idx: 0 });
    expect((await t.wx.massGet(sent.msgId)).msg_status).toBe('DELETE');

    const byTag = await t.wx.massSendAll({ filter: { is_to_all: false, tag_id: 101 }, msgtype: 'text', text: { content: '周末活动通知：欢迎参加' }, clientmsgid: 'tag-101-0001' });
    expect(byTag).toMatchObject({ alreadySubmitted: false });
    expect(byTag.msgDataId).toBeUndefined();

    const preview = await t.wx.massPreview({ touser: openids[0], msgtype: 'text', text: { content: '预览' } });
    expect(preview.msgId).toBeTypeOf('number');
    expect(t.env.sim.deliveries({ msgId: preview.msgId }).deliveries).toMatchObject([{ kind: 'preview', openid: openids[0] }]);

    await t.wx.setMassSpeed(3);
    expect(await t.wx.getMassSpeed()).toEqual({ speed: 3, realspeed: 30 });
  });
});

describe('comments', () => {
  it('lists, elects, replies to and deletes comments of a sent article, and opens/closes comments', async () => {
    const sent = await t.wx.massSend({ touser: await followerOpenids(2), msgtype: 'mpnews', mpnews: { media_id: await draft() }, clientmsgid: 'comments-0001' });
    t.env.sim.finishJob(sent.msgId);
    const ref = { msg_data_id: sent.msgDataId!, index: 0 };
    const { userCommentId } = t.env.sim.addComment({ msgDataId: sent.msgDataId!, content: '写得真好！' });
    const listed = await t.wx.listComments({ ...ref, begin: 0, count: 50, type: 0 });
    const mine = listed.comment.find((c) => c.user_comment_id === userCommentId)!;
    expect(mine.content).toBe('写得真好！');

    await t.wx.markElectComment({ ...ref, user_comment_id: userCommentId });
    expect((await t.wx.listComments({ ...ref, begin: 0, count: 50, type: 2 })).comment.map((c) => c.user_comment_id)).toContain(userCommentId);
    await t.wx.unmarkElectComment({ ...ref, user_comment_id: userCommentId });
    expect((await t.wx.listComments({ ...ref, begin: 0, count: 50, type: 2 })).comment.map((c) => c.user_comment_id)).not.toContain(userCommentId);

    await t.wx.addCommentReply({ ...ref, user_comment_id: userCommentId, content: '谢谢支持' });
    const replied = (await t.wx.listComments({ ...ref, begin: 0, count: 50, type: 0 })).comment.find((c) => c.user_comment_id === userCommentId)!;
    expect(replied.reply?.content).toBe('谢谢支持');
    await t.wx.deleteCommentReply({ ...ref, user_comment_id: userCommentId });
    await t.wx.deleteComment({ ...ref, user_comment_id: userCommentId });
    expect((await t.wx.listComments({ ...ref, begin: 0, count: 50, type: 0 })).comment.map((c) => c.user_comment_id)).not.toContain(userCommentId);

    await t.wx.closeComments(ref);
    await t.wx.openComments(ref);
  });
});

describe('datacube', () => {
  it('reads article summaries, totals and user read/share statistics', async () => {
    // The seeded account sent one article a day on the three days before START (Beijing).
    const yesterday = { begin_date: '2025-03-09', end_date: '2025-03-09' };
    const summary = await t.wx.getArticleSummary(yesterday);
    expect(summary.length).toBeGreaterThan(0);
    expect(summary[0]!.msgid).toMatch(/^\d+_\d+$/);
    const total = await t.wx.getArticleTotal({ begin_date: '2025-03-07', end_date: '2025-03-07' });
    expect(total.length).toBeGreaterThan(0);
    expect(total[0]!.details.length).toBeGreaterThan(0);
    expect((await t.wx.getUserRead({ begin_date: '2025-03-07', end_date: '2025-03-09' })).length).toBeGreaterThan(0);
    expect((await t.wx.getUserReadHour(yesterday)).length).toBe(24);
    // 50 followers share little: rows may be absent, the calls must still succeed with a list.
    expect(await t.wx.getUserShare({ begin_date: '2025-03-03', end_date: '2025-03-09' })).toBeInstanceOf(Array);
    expect(await t.wx.getUserShareHour(yesterday)).toBeInstanceOf(Array);
  });
});

describe('cards', () => {
  it('pages card ids and reads a card', async () => {
    const page = await t.wx.batchGetCards({ offset: 0, count: 50 });
    expect(page.total_num).toBe(3);
    const card = await t.wx.getCard(page.card_id_list[0]!);
    expect(card.card_type).toBeTruthy();
    const body = card[card.card_type.toLowerCase()] as { base_info: { id: string } };
    expect(body.base_info.id).toBe(page.card_id_list[0]);
  });
});

it('uses one stored token for all calls of a test', async () => {
  await t.wx.getTags();
  await t.wx.getFollowers();
  expect(issued(t.env, SERVICE).stable).toBe(1);
});
