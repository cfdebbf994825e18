import type { WeChatCaller } from '#src/wechat/call.ts';
import type {
  Tag,
  TagCreateResponse,
  TagIdListResponse,
  TagMembersPartialResponse,
  TagsGetResponse,
  UserTagGetRequest,
  UserTagGetResponse,
} from '#src/wechat/types.ts';

/** 45171 "some openid fail": the others were tagged, the answer lists who was not. */
const SOME_OPENID_FAIL = 45171;

/** Tags and tag membership (WeChat's 用户标签管理 API). */
export interface TagsApi {
  /** `GET /cgi-bin/tags/get`: every tag with its follower count. */
  getTags(): Promise<Tag[]>;
  /**
   * `POST /cgi-bin/tags/create`. 45157 when the name is taken (or empty), 45158 beyond 30
   * characters, 45056 when the account holds 100 tags. Not idempotent: after a lost answer a
   * repeat is 45157, so callers that must not make two look the name up (see findTagByName).
   */
  createTag(name: string): Promise<{ id: number; name: string }>;
  /** `POST /cgi-bin/tags/delete`: 45058 for system tags, 45159 unknown, 45057 over 100,000 followers. */
  deleteTag(tagId: number): Promise<void>;
  /** The tag with exactly this name, from tags/get. */
  findTagByName(name: string): Promise<Tag | undefined>;
  /**
   * `POST /cgi-bin/tags/members/batchtagging`, 1..50 openids (40032). A follower already at
   * 20 tags makes the whole call 45059 (thrown); where WeChat answers 45171 instead, the
   * followers it could not tag are returned and the others are tagged. Idempotent.
   */
  tagFollowers(tagId: number, openids: readonly string[]): Promise<{ failedOpenids: string[] }>;
  /** `POST /cgi-bin/tags/members/batchuntagging`, 1..50 openids. Idempotent. */
  untagFollowers(tagId: number, openids: readonly string[]): Promise<void>;
  /** `POST /cgi-bin/tags/getidlist`: the ids of the tags a follower holds. */
  getFollowerTagIds(openid: string): Promise<number[]>;
  /** `POST /cgi-bin/user/tag/get`: one page of a tag's followers (45159 for an unknown tag). */
  getTagFollowers(request: UserTagGetRequest): Promise<UserTagGetResponse>;
}

/** The tag methods over a caller. */
export function tagsApi(caller: WeChatCaller): TagsApi {
  const getTags = async () => (await caller.json<TagsGetResponse>({ method: 'GET', path: '/cgi-bin/tags/get' })).tags;
  return {
    getTags,
    createTag: async (name) => (await caller.json<TagCreateResponse>({ method: 'POST', path: '/cgi-bin/tags/create', json: { tag: { name } } })).tag,
    deleteTag: async (tagId) => {
      await caller.json({ method: 'POST', path: '/cgi-bin/tags/delete', json: { tag: { id: tagId } } });
    },
    findTagByName: async (name) => (await getTags()).find((tag) => tag.name === name),
    tagFollowers: async (tagId, openids) => {
      const body = await caller.json<TagMembersPartialResponse>({
        method: 'POST',
        path: '/cgi-bin/tags/members/batchtagging',
        json: { openid_list: [...openids], tagid: tagId },
        acceptErrcodes: [SOME_OPENID_FAIL],
      });
      return { failedOpenids: body.errcode === SOME_OPENID_FAIL ? (body.fail_openid_list ?? []) : [] };
    },
    untagFollowers: async (tagId, openids) => {
      await caller.json({ method: 'POST', path: '/cgi-bin/tags/members/batchuntagging', json: { openid_list: [...openids], tagid: tagId } });
    },
    getFollowerTagIds: async (openid) => (await caller.json<TagIdListResponse>({ method: 'POST', path: '/cgi-bin/tags/getidlist', json: { openid } })).tagid_list,
    getTagFollowers: (request) => caller.json<UserTagGetResponse>({ method: 'POST', path: '/cgi-bin/user/tag/get', json: { next_openid: '', ...request } }),
  };
}
