import { describe, expect, it } from 'vitest';
import { WeChatApiError } from '#src/errors.ts';
import { sendBatch, SENDING_CLIENT_OPTIONS } from '#src/sending/batch-sender.ts';
import { clientMsgId } from '#src/sending/client-msg-id.ts';
import { removeRecordTag, tagNameFor, tagRecipients } from '#src/sending/tag-path.ts';
import { createSlotLimiter } from '#src/wechat/slot-limiter.ts';
import { callsOf, clientFor, SUBSCRIPTION, useWeChatEnv } from '../wechat/helpers.ts';

const t = useWeChatEnv();
const RECORD = ['record', '3d1f6a52-0c3b-4e8e-9a44-6a1f2b7c9d10'] as const;
const TAGGING = '/cgi-bin/tags/members/batchtagging';

/** The subscription account's follower openids, grown to `n` by new follows. */
async function followers(n: number): Promise<string[]> {
  for (let i = SUBSCRIPTION.followers!; i < n; i++) t.env.sim.followers(SUBSCRIPTION.appId, 'follow');
  const ids = (await clientFor(t.env, SUBSCRIPTION).getFollowers()).data!.openid;
  expect(ids.length).toBeGreaterThanOrEqual(n);
  return ids.slice(0, n);
}

/** Streams openids the way a cursor over SQL rows would. */
async function* stream(openids: string[]) {
  for (const openid of openids) yield openid;
}

const members = async (tagId: number) => (await clientFor(t.env, SUBSCRIPTION).getTagFollowers({ tagid: tagId })).data?.openid ?? [];
const tagsNamed = async (name: string) => (await clientFor(t.env, SUBSCRIPTION).getTags()).filter((tag) => tag.name === name);

describe('tag path', () => {
  it('names the tag from the record identity within 30 characters', () => {
    expect(tagNameFor(RECORD)).toMatch(/^wxcast-[0-9a-f]{23}$/);
    expect(tagNameFor(RECORD)).toBe(tagNameFor([...RECORD]));
    expect(tagNameFor(['record', 'other'])).not.toBe(tagNameFor(RECORD));
  });

  it('tags streamed recipients 50 a call; a rerun finds the same tag instead of making another', async () => {
    const client = clientFor(t.env, SUBSCRIPTION);
    const ids = await followers(120);
    const first = await tagRecipients(client, RECORD, stream(ids));
    expect(first).toEqual({ tagId: expect.any(Number), tagName: tagNameFor(RECORD), tagged: 120, untaggable: [] });
    expect(callsOf(t.env, TAGGING, SUBSCRIPTION)).toBe(3);
    expect(new Set(await members(first.tagId))).toEqual(new Set(ids));
    const rerun = await tagRecipients(client, RECORD, ids);
    expect(rerun.tagId).toBe(first.tagId);
    expect(await tagsNamed(tagNameFor(RECORD))).toHaveLength(1);
    expect(callsOf(t.env, '/cgi-bin/tags/create', SUBSCRIPTION)).toBe(1);
  });

  it('finds the tag whose creation answer was lost (the retry meets 45157)', async () => {
    t.env.sim.addFault({ path: '/cgi-bin/tags/create', answerLost: true, count: 1 });
    const result = await tagRecipients(clientFor(t.env, SUBSCRIPTION), RECORD, await followers(3));
    expect(await tagsNamed(tagNameFor(RECORD))).toEqual([{ id: result.tagId, name: tagNameFor(RECORD), count: 3 }]);
  });

  it.each(['reject-call', 'partial'] as const)(
    'reports followers at 20 tags and former followers instead of dropping them (batchtagging answers %s)',
    async (mode) => {
      t.env.sim.configure({ taggingOverLimit: mode });
      const client = clientFor(t.env, SUBSCRIPTION);
      const ids = await followers(10);
      // Follower 0 holds seeded tag 100; 19 more tags make 20.
      for (let i = 0; i < 19; i++) await client.tagFollowers((await client.createTag(`other-${i}`)).id, [ids[0]!]);
      t.env.sim.followers(SUBSCRIPTION.appId, 'unfollow', ids[5]);
      const result = await tagRecipients(client, RECORD, ids);
      const full = { openid: ids[0], errcode: mode === 'partial' ? 45171 : 45059 };
      // The former follower makes the whole call 40003, so it is repeated follower by follower.
      expect(result.untaggable).toEqual(expect.arrayContaining([full, { openid: ids[5], errcode: 40003 }]));
      expect(result.untaggable).toHaveLength(2);
      expect(result.tagged).toBe(8);
      expect((await members(result.tagId)).sort()).toEqual(ids.filter((_, i) => i !== 0 && i !== 5).sort());
    },
  );

  it('throws when the account holds 100 tags (45056)', async () => {
    t.env.sim.configure({ tagLimit: 4 });
    const error = await tagRecipients(clientFor(t.env, SUBSCRIPTION), RECORD, await followers(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 45056 });
  });

  it('sends to the tag with sendall, delivering to its members only, then removes the tag', async () => {
    const client = clientFor(t.env, SUBSCRIPTION);
    const ids = await followers(20);
    const tagging = await tagRecipients(client, RECORD, ids.slice(0, 7));
    const outcome = await sendBatch(
      { accountId: t.env.accountIds[SUBSCRIPTION.appId]!, client: clientFor(t.env, SUBSCRIPTION, SENDING_CLIENT_OPTIONS), slots: createSlotLimiter({ limit: 60 }) },
      { target: { kind: 'tag', tagId: tagging.tagId }, message: { msgtype: 'text', text: { content: '订阅号标签群发' } }, clientMsgId: clientMsgId([...RECORD, 0]) },
    );
    expect(outcome).toMatchObject({ kind: 'accepted' });
    const msgId = (outcome as { msgId: number }).msgId;
    t.env.sim.finishJob(msgId);
    const delivered = t.env.sim.deliveries({ msgId }).deliveries.map((d) => d.openid);
    expect(delivered.sort()).toEqual(ids.slice(0, 7).sort());
    expect(await removeRecordTag(client, RECORD)).toBe(true);
    expect(await tagsNamed(tagNameFor(RECORD))).toEqual([]);
    expect(await removeRecordTag(client, RECORD)).toBe(false);
  });

  it('untags the members first when WeChat refuses to delete a large tag (45057)', async () => {
    t.env.sim.configure({ tagDeleteMaxMembers: 3 });
    const client = clientFor(t.env, SUBSCRIPTION);
    const tagging = await tagRecipients(client, RECORD, await followers(60));
    expect(await removeRecordTag(client, RECORD)).toBe(true);
    expect(await tagsNamed(tagNameFor(RECORD))).toEqual([]);
    expect(callsOf(t.env, '/cgi-bin/tags/members/batchuntagging', SUBSCRIPTION)).toBe(2);
    expect(tagging.tagged).toBe(60);
  });
});
