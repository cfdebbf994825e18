import { describe, expect, it } from 'vitest';
import { WeChatApiError } from '#src/errors.ts';
import { clientFor, SUBSCRIPTION, useWeChatEnv } from './helpers.ts';

const t = useWeChatEnv();

describe('tags API', () => {
  it('creates a tag, finds it by name, tags and untags followers, reads memberships, deletes it', async () => {
    const wx = clientFor(t.env, SUBSCRIPTION);
    const tag = await wx.createTag('wxcast-r-1');
    expect(await wx.findTagByName('wxcast-r-1')).toEqual({ id: tag.id, name: 'wxcast-r-1', count: 0 });
    expect(await wx.findTagByName('nope')).toBeUndefined();
    const openids = (await wx.getFollowers()).data!.openid.slice(0, 4);
    expect(await wx.tagFollowers(tag.id, openids)).toEqual({ failedOpenids: [] });
    expect((await wx.getTagFollowers({ tagid: tag.id })).data!.openid.sort()).toEqual([...openids].sort());
    expect(await wx.getFollowerTagIds(openids[0]!)).toContain(tag.id);
    await wx.untagFollowers(tag.id, openids.slice(0, 2));
    expect((await wx.getTags()).find((x) => x.id === tag.id)?.count).toBe(2);
    await wx.deleteTag(tag.id);
    expect(await wx.findTagByName('wxcast-r-1')).toBeUndefined();
  });

  it('throws typed errors: 45157 taken name, 40032 over 50 openids, 45058 system tag', async () => {
    const tag = await t.wx.createTag('dup');
    await expect(t.wx.createTag('dup')).rejects.toMatchObject({ errcode: 45157, retryable: false });
    const many = Array.from({ length: 51 }, (_, i) => `o${i}`);
    const error = await t.wx.tagFollowers(tag.id, many).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 40032 });
    await expect(t.wx.deleteTag(2)).rejects.toMatchObject({ errcode: 45058 });
  });

  it('returns the followers a 45171 answer could not tag (switched simulator), and throws 45059 otherwise', async () => {
    const [full, other] = (await t.wx.getFollowers()).data!.openid;
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await t.wx.createTag(`x${i}`)).id);
    for (const id of ids.slice(0, 19)) await t.wx.tagFollowers(id, [full!]);
    await expect(t.wx.tagFollowers(ids[19]!, [full!, other!])).rejects.toMatchObject({ errcode: 45059 });
    t.env.sim.configure({ taggingOverLimit: 'partial' });
    expect(await t.wx.tagFollowers(ids[19]!, [full!, other!])).toEqual({ failedOpenids: [full] });
  });
});
