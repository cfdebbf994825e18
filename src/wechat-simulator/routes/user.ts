import { fail } from '#src/wechat-simulator/errors.ts';
import { PAGE_SIZE } from '#src/wechat-simulator/followers.ts';
import type { RouteRequest, RouteTable } from '#src/wechat-simulator/router.ts';
import type { UserGetResponse, UserInfo } from '#src/wechat/types.ts';

const BATCH_MAX = 100;

/** `user/get`: ≤10,000 per page; the end of the list depends on the account's end style. */
function userGet({ account, query }: RouteRequest): UserGetResponse {
  const page = account.followers.page(query.get('next_openid') ?? '');
  if (!page) fail(40003);
  const total = account.followers.total;
  if (page.openids.length === 0) return { total, count: 0, next_openid: '' };
  return { total, count: page.openids.length, data: { openid: page.openids }, next_openid: page.next };
}

function batchGet({ account, json }: RouteRequest) {
  const list = json().user_list;
  if (!Array.isArray(list) || list.length === 0 || list.length > BATCH_MAX) fail(40032);
  const infos: UserInfo[] = [];
  for (const entry of list as { openid?: unknown; lang?: unknown }[]) {
    const info = typeof entry?.openid === 'string' ? account.followers.info(entry.openid, typeof entry.lang === 'string' ? entry.lang : undefined) : undefined;
    if (!info) fail(40003);
    infos.push(info);
  }
  return { user_info_list: infos };
}

function userInfo({ account, query }: RouteRequest) {
  const info = account.followers.info(query.get('openid') ?? '', query.get('lang') ?? undefined);
  if (!info) fail(40003);
  return info;
}

function tagMembers({ account, json }: RouteRequest) {
  const body = json();
  const tagId = Number(body.tagid);
  if (!account.followers.hasTag(tagId)) fail(45159);
  const members = account.followers.members(tagId);
  const all = [...members.indices].map((i) => account.followers.openidAt(i)).concat(members.others);
  const from = typeof body.next_openid === 'string' && body.next_openid ? all.indexOf(body.next_openid) + 1 : 0;
  const openids = all.slice(from, from + PAGE_SIZE);
  if (!openids.length) return { count: 0, next_openid: '' };
  return { count: openids.length, data: { openid: openids }, next_openid: openids[openids.length - 1]! };
}

function blacklist({ account, raw, json }: RouteRequest) {
  const begin = raw.length ? json().begin_openid : '';
  const result = account.followers.blacklist(typeof begin === 'string' ? begin : '');
  if (!result) fail(40003);
  const { openids, total } = result;
  if (!openids.length) return { total, count: 0, next_openid: '' };
  return { total, count: openids.length, data: { openid: openids }, next_openid: openids[openids.length - 1]! };
}

/** Followers and tags. */
export function userRoutes(): RouteTable {
  return {
    '/cgi-bin/user/get': { method: 'GET', auth: true, handle: userGet },
    '/cgi-bin/user/info': { method: 'GET', auth: true, handle: userInfo },
    '/cgi-bin/user/info/batchget': { method: 'POST', auth: true, handle: batchGet },
    '/cgi-bin/tags/get': { method: 'GET', auth: true, handle: ({ account }) => ({ tags: account.followers.tags() }) },
    '/cgi-bin/user/tag/get': { method: 'POST', auth: true, handle: tagMembers },
    '/cgi-bin/tags/members/getblacklist': { method: 'POST', auth: true, handle: blacklist },
  };
}
