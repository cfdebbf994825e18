import type { WeChatCaller } from '#src/wechat/call.ts';
import type {
  BlacklistGetRequest,
  BlacklistGetResponse,
  UserBatchGetRequest,
  UserBatchGetResponse,
  UserGetResponse,
  UserInfo,
} from '#src/wechat/types.ts';

/** Followers and the blacklist; tags are in tags.ts. */
export interface FollowersApi {
  /**
   * `GET /cgi-bin/user/get`: one page (≤10,000) of follower openids after `nextOpenid`. The list
   * ends at a page with `count: 0` or an empty `next_openid` (see iterateOpenids).
   */
  getFollowers(nextOpenid?: string): Promise<UserGetResponse>;
  /** `POST /cgi-bin/user/info/batchget`: ≤100 users per call (40032 beyond). */
  batchGetUserInfo(request: UserBatchGetRequest): Promise<UserInfo[]>;
  /** `GET /cgi-bin/user/info`: one user (40003 for a stranger's openid). */
  getUserInfo(openid: string, lang?: 'zh_CN' | 'zh_TW' | 'en'): Promise<UserInfo>;
  /** `POST /cgi-bin/tags/members/getblacklist`: one page of blocked openids. */
  getBlacklist(request?: BlacklistGetRequest): Promise<BlacklistGetResponse>;
}

/** The followers methods over a caller. */
export function followersApi(caller: WeChatCaller): FollowersApi {
  return {
    getFollowers: (nextOpenid = '') => caller.json<UserGetResponse>({ method: 'GET', path: '/cgi-bin/user/get', query: { next_openid: nextOpenid } }),
    batchGetUserInfo: async (request) =>
      (await caller.json<UserBatchGetResponse>({ method: 'POST', path: '/cgi-bin/user/info/batchget', json: request })).user_info_list,
    getUserInfo: (openid, lang = 'zh_CN') => caller.json<UserInfo>({ method: 'GET', path: '/cgi-bin/user/info', query: { openid, lang } }),
    getBlacklist: (request = {}) =>
      caller.json<BlacklistGetResponse>({ method: 'POST', path: '/cgi-bin/tags/members/getblacklist', json: { begin_openid: '', ...request } }),
  };
}
