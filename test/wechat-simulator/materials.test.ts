import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErr, SERVICE, START, WxHttp } from './helpers.ts';
import { createSimulator, type Simulator } from '#src/wechat-simulator/server.ts';

const ACCOUNT = { ...SERVICE, materials: 45 };
let sim: Simulator;
let wx: WxHttp;
let token: string;

beforeAll(async () => {
  sim = await createSimulator({ clockStart: START, frozen: true, seed: { accounts: [ACCOUNT] } });
  wx = new WxHttp(sim.url);
  token = await wx.token(ACCOUNT);
});
afterAll(() => sim?.close());

const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

async function upload(path: string, file: Buffer | undefined, filename: string, type = 'image/jpeg', extra: Record<string, string> = {}) {
  const form = new FormData();
  if (file) form.set('media', new Blob([new Uint8Array(file)], { type }), filename);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return (await fetch(`${sim.url}${path}${path.includes('?') ? '&' : '?'}access_token=${token}`, { method: 'POST', body: form })).json();
}

describe('permanent news materials', () => {
  it('pages newest first, ≤20 per call, with multi-article news', async () => {
    const first = await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'news', offset: 0, count: 20 });
    expect(first).toMatchObject({ total_count: 45, item_count: 20 });
    const times = first.item.map((i: { update_time: number }) => i.update_time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const multi = first.item.find((i: { content: { news_item: unknown[] } }) => i.content.news_item.length > 1);
    expect(multi.content.news_item[0]).toEqual({
      title: expect.any(String),
      author: expect.any(String),
      digest: expect.any(String),
      content: expect.stringContaining('<p>'),
      url: expect.stringMatching(/^http:\/\/mp\.weixin\.qq\.com\//),
      thumb_media_id: expect.any(String),
      thumb_url: expect.stringMatching(/^http:\/\/mmbiz\.qpic\.cn\//),
      content_source_url: expect.any(String),
      show_cover_pic: 1,
      need_open_comment: 1,
      only_fans_can_comment: 0,
    });
    const last = await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'news', offset: 40, count: 20 });
    expect(last.item_count).toBe(5);
    expectErr(await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'news', offset: 0, count: 21 }), 47001);
    expectErr(await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'bogus', offset: 0, count: 1 }), 40004);
  });

  it('counts materials and gets one; an edit through the control surface shows on refresh', async () => {
    expect(await wx.call(token, '/cgi-bin/material/get_materialcount')).toEqual({ voice_count: 0, video_count: 0, image_count: 45, news_count: 45 });
    const list = await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'news', offset: 10, count: 1 });
    const mediaId = list.item[0].media_id;
    const before = await wx.call(token, '/cgi-bin/material/get_material', { media_id: mediaId });
    expect(before.news_item).toEqual(list.item[0].content.news_item);
    await wx.advance(3600_000);
    await wx.control('POST', `/_sim/materials/${mediaId}`, { index: 0, title: '改过的标题', digest: '新摘要' });
    const after = await wx.call(token, '/cgi-bin/material/get_material', { media_id: mediaId });
    expect(after.news_item[0]).toMatchObject({ title: '改过的标题', digest: '新摘要', content: before.news_item[0].content });
    const newest = await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'news', offset: 0, count: 1 });
    expect(newest.item[0].media_id).toBe(mediaId);
    expectErr(await wx.call(token, '/cgi-bin/material/get_material', { media_id: 'nope' }), 40007);
  });
});

describe('uploads', () => {
  it('add_material: multipart `media`, type image|thumb|voice|video with size/type limits', async () => {
    const image = await upload('/cgi-bin/material/add_material?type=image', JPEG, 'a.jpg');
    expect(image).toEqual({ media_id: expect.any(String), url: expect.stringMatching(/^http:\/\/mmbiz\.qpic\.cn\//) });
    const raw = await fetch(`${sim.url}/cgi-bin/material/get_material?access_token=${token}`, { method: 'POST', body: JSON.stringify({ media_id: image.media_id }) });
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(JPEG);
    const thumb = await upload('/cgi-bin/material/add_material?type=thumb', JPEG, 't.jpg');
    expect(thumb).toEqual({ media_id: expect.any(String) });
    expectErr(await upload('/cgi-bin/material/add_material?type=thumb', Buffer.alloc(65 * 1024, 1), 't.jpg'), 40009);
    expectErr(await upload('/cgi-bin/material/add_material?type=image', Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'big.jpg'), 40009);
    expectErr(await upload('/cgi-bin/material/add_material?type=image', JPEG, 'a.exe', 'application/octet-stream'), 40005);
    expectErr(await upload('/cgi-bin/material/add_material?type=thumb', JPEG, 'a.png', 'image/png'), 40005);
    expectErr(await upload('/cgi-bin/material/add_material?type=doc', JPEG, 'a.jpg'), 40004);
    expectErr(await upload('/cgi-bin/material/add_material?type=image', undefined, ''), 41005);
    const video = await upload('/cgi-bin/material/add_material?type=video', Buffer.from('mp4data'), 'v.mp4', 'video/mp4', { description: JSON.stringify({ title: '视频', introduction: '介绍' }) });
    expect(await wx.call(token, '/cgi-bin/material/get_material', { media_id: video.media_id })).toMatchObject({ title: '视频', description: '介绍' });
    expectErr(await upload('/cgi-bin/material/add_material?type=voice', Buffer.alloc(2 * 1024 * 1024 + 1, 1), 'v.mp3', 'audio/mpeg'), 40006);
  });

  it('media/upload keeps temporary media 3 days; media/uploadimg returns a URL for jpg/png < 1 MB', async () => {
    const temp = await upload('/cgi-bin/media/upload?type=image', JPEG, 'x.jpg');
    expect(temp).toEqual({ type: 'image', media_id: expect.any(String), created_at: Math.floor(Date.parse((await wx.control('GET', '/_sim/clock')).now) / 1000) });
    expect((await fetch(`${sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${temp.media_id}`)).headers.get('content-type')).toBe('image/jpeg');
    const img = await upload('/cgi-bin/media/uploadimg', JPEG, 'inline.png', 'image/png');
    expect(img).toEqual({ url: expect.stringMatching(/^http:\/\/mmbiz\.qpic\.cn\/mmbiz_png\//) });
    expectErr(await upload('/cgi-bin/media/uploadimg', Buffer.alloc(1024 * 1024 + 1, 1), 'big.jpg'), 40009);
    expectErr(await upload('/cgi-bin/media/uploadimg', JPEG, 'x.gif', 'image/gif'), 40005);
    await wx.advance(3 * 86_400_000);
    token = await wx.token(ACCOUNT);
    expectErr(await wx.call(token, '/cgi-bin/media/get', undefined, { media_id: temp.media_id }), 40007);
    expectErr(await wx.call(token, '/cgi-bin/message/mass/sendall', { filter: { is_to_all: true }, msgtype: 'image', images: { media_ids: [temp.media_id] } }), 40007);
  });
});

describe('drafts', () => {
  it('adds, gets, pages, counts and deletes drafts', async () => {
    const images = await wx.call(token, '/cgi-bin/material/batchget_material', { type: 'image', offset: 0, count: 1 });
    const thumb = images.item[0].media_id;
    const add = await wx.call(token, '/cgi-bin/draft/add', { articles: [{ title: '草稿', author: '作者', content: `<p>${'正文'.repeat(40)}</p>`, thumb_media_id: thumb }] });
    expect(add).toEqual({ media_id: expect.any(String) });
    const got = await wx.call(token, '/cgi-bin/draft/get', { media_id: add.media_id });
    expect(got.news_item[0]).toMatchObject({ title: '草稿', author: '作者', thumb_media_id: thumb, url: expect.stringContaining('mp.weixin.qq.com') });
    expect(got.news_item[0].digest).toBe('正文'.repeat(27));
    expect((await wx.call(token, '/cgi-bin/draft/count')).total_count).toBe(1);
    const page = await wx.call(token, '/cgi-bin/draft/batchget', { offset: 0, count: 20, no_content: 1 });
    expect(page).toMatchObject({ total_count: 1, item_count: 1 });
    expect(page.item[0].content.news_item[0]).not.toHaveProperty('content');
    expectErr(await wx.call(token, '/cgi-bin/draft/add', { articles: [{ title: 'x', content: 'y', thumb_media_id: 'nope' }] }), 40007);
    expectErr(await wx.call(token, '/cgi-bin/draft/add', { articles: [{ title: '标'.repeat(33), content: 'y', thumb_media_id: thumb }] }), 45003);
    expect((await wx.call(token, '/cgi-bin/draft/delete', { media_id: add.media_id })).errcode).toBe(0);
    expectErr(await wx.call(token, '/cgi-bin/draft/get', { media_id: add.media_id }), 40007);
  });

  it('seeds drafts interleaved with news materials, editable through the control surface', async () => {
    const spec = { appId: 'wx00000000000000d1', secret: 'secret-drafts', type: 'SERVICE' as const, materials: 3, drafts: 25 };
    sim.addAccount(spec);
    const own = await wx.token(spec);
    expect((await wx.call(own, '/cgi-bin/draft/count')).total_count).toBe(25);
    const first = await wx.call(own, '/cgi-bin/draft/batchget', { offset: 0, count: 20, no_content: 0 });
    const second = await wx.call(own, '/cgi-bin/draft/batchget', { offset: 20, count: 20, no_content: 0 });
    expect([first.item_count, second.item_count]).toEqual([20, 5]);
    const newest = first.item[0];
    expect(newest.content.news_item[0]).toMatchObject({ title: expect.stringMatching(/^草稿 /), content: expect.stringContaining('<p>'), thumb_url: expect.stringContaining('mmbiz') });
    expect(newest.content.news_item[0]).not.toHaveProperty('show_cover_pic');
    // The newest draft is half an hour newer than the newest news material.
    const news = await wx.call(own, '/cgi-bin/material/batchget_material', { type: 'news', offset: 0, count: 1 });
    expect(newest.update_time - news.item[0].update_time).toBe(1800);

    await wx.control('POST', `/_sim/materials/${newest.media_id}`, { index: 0, title: '改过' });
    expect((await wx.call(own, '/cgi-bin/draft/get', { media_id: newest.media_id })).news_item[0].title).toBe('改过');
  });
});
