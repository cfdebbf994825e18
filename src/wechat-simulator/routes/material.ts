import { imageUrl } from '#src/wechat-simulator/content.ts';
import { fail } from '#src/wechat-simulator/errors.ts';
import { intField, RawResponse, type RouteRequest, type RouteTable } from '#src/wechat-simulator/router.ts';
import type { FileMedia } from '#src/wechat-simulator/state.ts';
import { checkUpload, contentTypeOf, uploadType } from '#src/wechat-simulator/uploads.ts';
import type { BatchGetMaterialResponse, FileMaterialItem, NewsMaterialItem } from '#src/wechat/types.ts';

const PAGE_MAX = 20;

/** `batchget_material`: newest first (by update_time), count 1..20. */
function batchGet({ account, json }: RouteRequest): BatchGetMaterialResponse {
  const body = json();
  const type = body.type;
  const offset = intField(body, 'offset', 47001, 0);
  const count = intField(body, 'count', 47001);
  if (count < 1 || count > PAGE_MAX) fail(47001);
  if (type === 'news') {
    const all = [...account.news.values()].sort((a, b) => b.updateTime - a.updateTime || b.createTime - a.createTime);
    const item: NewsMaterialItem[] = all.slice(offset, offset + count).map((m) => ({
      media_id: m.mediaId,
      content: { news_item: m.articles.map((a) => ({ ...a })), create_time: m.createTime, update_time: m.updateTime },
      update_time: m.updateTime,
    }));
    return { total_count: all.length, item_count: item.length, item };
  }
  if (type !== 'image' && type !== 'voice' && type !== 'video') fail(40004);
  const all = [...account.files.values()].filter((f) => f.type === type).sort((a, b) => b.updateTime - a.updateTime);
  const item: FileMaterialItem[] = all.slice(offset, offset + count).map((f) => ({
    media_id: f.mediaId,
    name: f.name,
    update_time: f.updateTime,
    ...(f.url ? { url: f.url } : {}),
  }));
  return { total_count: all.length, item_count: item.length, item };
}

function count({ account }: RouteRequest) {
  const files = [...account.files.values()];
  const of = (type: string) => files.filter((f) => f.type === type).length;
  return { voice_count: of('voice'), video_count: of('video'), image_count: of('image') + of('thumb'), news_count: account.news.size };
}

function get({ account, json }: RouteRequest) {
  const id = json().media_id;
  if (typeof id !== 'string') fail(40007);
  const news = account.news.get(id);
  if (news) return { news_item: news.articles.map((a) => ({ ...a })), create_time: news.createTime, update_time: news.updateTime };
  const file = account.files.get(id);
  if (!file) fail(40007);
  if (file.type === 'video') return { title: file.title ?? '', description: file.description ?? '', down_url: `http://mpvideo.qpic.cn/${file.mediaId}.mp4` };
  return new RawResponse(file.contentType, file.data);
}

async function add({ sim, account, query, multipart, now }: RouteRequest) {
  const type = uploadType(query.get('type'));
  const { files, fields } = await multipart();
  const file = checkUpload(files.get('media'), type);
  let title: string | undefined;
  let description: string | undefined;
  if (type === 'video') {
    try {
      const meta = JSON.parse(fields.get('description') ?? '{}') as { title?: string; introduction?: string };
      title = meta.title;
      description = meta.introduction;
    } catch {
      fail(47001);
    }
    if (!title) fail(47001);
  }
  const mediaId = sim.state.nextMediaId(account.appId);
  const time = Math.floor(now / 1000);
  const url = type === 'image' ? imageUrl(`${account.appId}:${mediaId}`, /png$/i.test(file.filename) ? 'png' : 'jpg') : undefined;
  const media: FileMedia = { mediaId, type, name: file.filename || `${mediaId}`, url, contentType: contentTypeOf(file), data: file.data, createTime: time, updateTime: time, title, description };
  account.files.set(mediaId, media);
  return { media_id: mediaId, ...(url ? { url } : {}) };
}

function remove({ account, json }: RouteRequest) {
  const id = json().media_id;
  if (typeof id !== 'string' || !(account.news.delete(id) || account.files.delete(id))) fail(40007);
  return { errcode: 0, errmsg: 'ok' };
}

/** Permanent materials. */
export function materialRoutes(): RouteTable {
  return {
    '/cgi-bin/material/batchget_material': { method: 'POST', auth: true, handle: batchGet },
    '/cgi-bin/material/get_materialcount': { method: 'GET', auth: true, handle: count },
    '/cgi-bin/material/get_material': { method: 'POST', auth: true, handle: get },
    '/cgi-bin/material/add_material': { method: 'POST', auth: true, handle: add },
    '/cgi-bin/material/del_material': { method: 'POST', auth: true, handle: remove },
  };
}
