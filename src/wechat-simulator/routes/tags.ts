import { fail } from '#src/wechat-simulator/errors.ts';
import { PAGE_SIZE } from '#src/wechat-simulator/followers.ts';
import type { RouteRequest, RouteTable } from '#src/wechat-simulator/router.ts';

/** The `tag` object of tags/create|delete bodies. */
function tagOf(body: Record<string, unknown>): Record<string, unknown> {
  const tag = body.tag;
  if (!tag || typeof tag !== 'object' || Array.isArray(tag)) fail(47001);
  return tag as Record<string, unknown>;
}

function tagIdOf(value: unknown): number {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isInteger(id)) fail(45159);
  return id;
}

function create({ sim, account, json }: RouteRequest) {
  return { tag: account.tags.create(tagOf(json()).name, sim.state.config.tagLimit) };
}

function remove({ sim, account, json }: RouteRequest) {
  account.tags.delete(tagIdOf(tagOf(json()).id), sim.state.config.tagDeleteMaxMembers);
  return { errcode: 0, errmsg: 'ok' };
}

function batchTagging({ sim, account, json }: RouteRequest) {
  const body = json();
  const { failed } = account.tags.tag(body.openid_list, tagIdOf(body.tagid), sim.state.config.taggingOverLimit);
  if (failed.length) fail(45171, { fail_openid_list: failed });
  return { errcode: 0, errmsg: 'ok' };
}

function batchUntagging({ account, json }: RouteRequest) {
  const body = json();
  account.tags.untag(body.openid_list, tagIdOf(body.tagid));
  return { errcode: 0, errmsg: 'ok' };
}

/** `user/tag/get`: a tag's current followers, ≤10,000 a page after `next_openid`. */
function tagMembers({ account, json }: RouteRequest) {
  const body = json();
  const tagId = Number(body.tagid);
  if (!account.tags.has(tagId)) fail(45159);
  const members = account.tags.members(tagId);
  const all = [...members.indices].map((i) => account.followers.openidAt(i)).concat(members.others);
  const from = typeof body.next_openid === 'string' && body.next_openid ? all.indexOf(body.next_openid) + 1 : 0;
  const openids = all.slice(from, from + PAGE_SIZE);
  if (!openids.length) return { count: 0, next_openid: '' };
  return { count: openids.length, data: { openid: openids }, next_openid: openids[openids.length - 1]! };
}

function idList({ account, json }: RouteRequest) {
  const openid = json().openid;
  if (typeof openid !== 'string' || !account.followers.isFollower(openid)) fail(40003);
  return { tagid_list: account.tags.tagIdsOf(openid) };
}

/** Tag management and tag membership (WeChat's 用户标签管理 API). */
export function tagRoutes(): RouteTable {
  const post = (handle: (request: RouteRequest) => unknown) => ({ method: 'POST' as const, auth: true, handle });
  return {
    '/cgi-bin/tags/get': { method: 'GET', auth: true, handle: ({ account }) => ({ tags: account.tags.list() }) },
    '/cgi-bin/tags/create': post(create),
    '/cgi-bin/tags/delete': post(remove),
    '/cgi-bin/tags/members/batchtagging': post(batchTagging),
    '/cgi-bin/tags/members/batchuntagging': post(batchUntagging),
    '/cgi-bin/tags/getidlist': post(idList),
    '/cgi-bin/user/tag/get': post(tagMembers),
  };
}
