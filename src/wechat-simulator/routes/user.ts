import { fail } from '#src/wechat-simulator/errors.ts';
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

/** A follower's info with the tags created through tags/create included. */
function withTags(account: RouteRequest['account'], info: UserInfo | undefined): UserInfo | undefined {
  if (!info || info.subscribe !== 1) return info;
  const tagIds = account.tags.tagIdsOf(info.openid);
  return { ...info, tagid_list: tagIds, groupid: tagIds[0] ?? 0 };
}

function batchGet({ account, json }: RouteRequest) {
  const list = json().user_list;
  if (!Array.isArray(list) || list.length === 0 || list.length > BATCH_MAX) fail(40032);
  const infos: UserInfo[] = [];
  for (const entry of list as { openid?: unknown; lang?: unknown }[]) {
    const info = typeof entry?.openid === 'string' ? withTags(account, account.followers.info(entry.openid, typeof entry.lang === 'string' ? entry.lang : undefined)) : undefined;
    if (!info) fail(40003);
    infos.push(info);
  }
  return { user_info_list: infos };
}

function userInfo({ account, query }: RouteRequest) {
  const info = withTags(account, account.followers.info(query.get('openid') ?? '', query.get('lang') ?? undefined));
  if (!info) fail(40003);
  return info;
}

function blacklist({ account, raw, json }: RouteRequest) {
  const begin = raw.length ? json().begin_openid : '';
  const result = account.followers.blacklist(typeof begin === 'string' ? begin : '');
  if (!result) fail(40003);
  const { openids, total } = result;
  if (!openids.length) return { total, count: 0, next_openid: '' };
  return { total, count: openids.length, data: { openid: openids }, next_openid: openids[openids.length - 1]! };
}

/** Followers and the blacklist; tags are in tags.ts. */
export function userRoutes(): RouteTable {
  return {
    '/cgi-bin/user/get': { method: 'GET', auth: true, handle: userGet },
    '/cgi-bin/user/info': { method: 'GET', auth: true, handle: userInfo },
    '/cgi-bin/user/info/batchget': { method: 'POST', auth: true, handle: batchGet },
    '/cgi-bin/tags/members/getblacklist': { method: 'POST', auth: true, handle: blacklist },
  };
}
