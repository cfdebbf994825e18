// WeChat wire types: followers and tags. Field names exactly as on the wire.
import type { WxErrorEnvelope } from '#src/wechat/types/envelope.ts';

/** `GET /cgi-bin/user/get?next_openid=`; `data` is absent on a `count: 0` page. */
export interface UserGetResponse {
  total: number;
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

export interface UserBatchGetRequest {
  user_list: { openid: string; lang?: 'zh_CN' | 'zh_TW' | 'en' }[];
}

/** A follower; unsubscribed users carry only `subscribe: 0`, `openid` and maybe `unionid`. */
export interface UserInfo {
  subscribe: 0 | 1;
  openid: string;
  language?: string;
  subscribe_time?: number;
  unionid?: string;
  remark?: string;
  groupid?: number;
  tagid_list?: number[];
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
}

export interface UserBatchGetResponse {
  user_info_list: UserInfo[];
}

export interface Tag {
  id: number;
  name: string;
  count: number;
}

export interface TagsGetResponse {
  tags: Tag[];
}

/** Body of `POST /cgi-bin/user/tag/get` (followers under a tag, ≤10,000 per page). */
export interface UserTagGetRequest {
  tagid: number;
  next_openid?: string;
}

/** `data` is absent on a `count: 0` page. */
export interface UserTagGetResponse {
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

/** Body of `POST /cgi-bin/tags/members/getblacklist`. */
export interface BlacklistGetRequest {
  begin_openid?: string;
}

export interface BlacklistGetResponse {
  total: number;
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

/** Body of `POST /cgi-bin/tags/create`: a name of at most 30 characters, unique in the account. */
export interface TagCreateRequest {
  tag: { name: string };
}

export interface TagCreateResponse {
  tag: { id: number; name: string };
}

/** Body of `POST /cgi-bin/tags/delete`; system tags 0–2 cannot be deleted (45058). */
export interface TagDeleteRequest {
  tag: { id: number };
}

/** Body of `POST /cgi-bin/tags/members/batchtagging|batchuntagging` (1..50 openids). */
export interface TagMembersRequest {
  openid_list: string[];
  tagid: number;
}

/** 45171 "some openid fail" (2025 docs): the followers the call could not tag. */
export interface TagMembersPartialResponse extends WxErrorEnvelope {
  fail_openid_list?: string[];
}

/** Response of `POST /cgi-bin/tags/getidlist {"openid"}`. */
export interface TagIdListResponse {
  tagid_list: number[];
}
