import { createHash } from 'node:crypto';
import { WeChatApiError } from '#src/errors.ts';
import type { SubmissionIdentity } from '#src/sending/client-msg-id.ts';
import type { WeChatClient } from '#src/wechat/client.ts';

/**
 * The tag path of subscription accounts, which cannot send to an openid list: the record's
 * recipients are put under a tag made for the record, the record is sent with `sendall` to that
 * tag, and the tag is removed once the result is in.
 */
export type TagPathClient = Pick<WeChatClient, 'findTagByName' | 'createTag' | 'deleteTag' | 'tagFollowers' | 'untagFollowers' | 'getTagFollowers'>;

/** tags/members/batchtagging takes at most 50 openids a call. */
export const TAGGING_BATCH = 50;
/** Tag names are at most 30 characters. */
const TAG_NAME_PREFIX = 'wxcast-';

/** Answers that concern single followers of a tagging call; everything else is the call's. */
const PER_FOLLOWER_ERRCODES: ReadonlySet<number> = new Set([45059, 40003]);

/** A follower the record's tag could not be given, and why. */
export interface UntaggableFollower {
  openid: string;
  /** 45059: already holds 20 tags; 40003: no longer a follower; 45171: refused without a reason. */
  errcode: number;
}

export interface TaggingResult {
  tagId: number;
  tagName: string;
  /** Followers who hold the tag after this run (reruns count them again). */
  tagged: number;
  /** Followers who cannot be tagged: they will not receive the record; report them. */
  untaggable: UntaggableFollower[];
}

/** The tag name of a record: `wxcast-` and 23 hex characters of SHA-256 over the identity (30 in all). */
export function tagNameFor(identity: SubmissionIdentity): string {
  if (identity.length === 0) throw new RangeError('a tag name needs a non-empty identity');
  return TAG_NAME_PREFIX + createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 30 - TAG_NAME_PREFIX.length);
}

/**
 * The record's tag: found by name if an earlier run (or a concurrent worker) made it, else
 * created. A creation whose answer was lost comes back as 45157 (name taken) on retry, and the
 * tag is then found by name. 45056 (the account holds 100 tags) is thrown to the caller.
 */
export async function findOrCreateTag(client: TagPathClient, name: string): Promise<number> {
  const existing = await client.findTagByName(name);
  if (existing) return existing.id;
  try {
    return (await client.createTag(name)).id;
  } catch (error) {
    if (!(error instanceof WeChatApiError) || error.errcode !== 45157) throw error;
    const made = await client.findTagByName(name);
    if (!made) throw error;
    return made.id;
  }
}

/**
 * Tags the record's recipients (streamed, 50 a call; tagging is idempotent, so a rerun repeats
 * it safely). A call refused because of single followers (45059 at 20 tags, 40003 unfollowed)
 * is repeated follower by follower so the others are still tagged; 45171 answers name the
 * followers directly. Other failures are thrown: the caller retries the whole step.
 */
export async function tagRecipients(client: TagPathClient, identity: SubmissionIdentity, openids: Iterable<string> | AsyncIterable<string>): Promise<TaggingResult> {
  const tagName = tagNameFor(identity);
  const tagId = await findOrCreateTag(client, tagName);
  const result: TaggingResult = { tagId, tagName, tagged: 0, untaggable: [] };
  let chunk: string[] = [];
  for await (const openid of openids) {
    chunk.push(openid);
    if (chunk.length === TAGGING_BATCH) await tagChunk(client, tagId, chunk, result), (chunk = []);
  }
  if (chunk.length) await tagChunk(client, tagId, chunk, result);
  return result;
}

async function tagChunk(client: TagPathClient, tagId: number, openids: string[], result: TaggingResult): Promise<void> {
  try {
    const { failedOpenids } = await client.tagFollowers(tagId, openids);
    result.tagged += openids.length - failedOpenids.length;
    for (const openid of failedOpenids) result.untaggable.push({ openid, errcode: 45171 });
  } catch (error) {
    if (!(error instanceof WeChatApiError) || !PER_FOLLOWER_ERRCODES.has(error.errcode)) throw error;
    if (openids.length === 1) result.untaggable.push({ openid: openids[0]!, errcode: error.errcode });
    else for (const openid of openids) await tagChunk(client, tagId, [openid], result);
  }
}

/**
 * Removes the record's tag once its result is in; false when there is none (already removed).
 * WeChat refuses to delete a tag of more than 100,000 followers (45057): its members are then
 * untagged first, a page at a time, 50 a call.
 */
export async function removeRecordTag(client: TagPathClient, identity: SubmissionIdentity): Promise<boolean> {
  const tag = await client.findTagByName(tagNameFor(identity));
  if (!tag) return false;
  try {
    await client.deleteTag(tag.id);
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode === 45159) return false;
    if (!(error instanceof WeChatApiError) || error.errcode !== 45057) throw error;
    await untagAll(client, tag.id);
    await client.deleteTag(tag.id);
  }
  return true;
}

async function untagAll(client: TagPathClient, tagId: number): Promise<void> {
  // Always read from the start: the members just untagged have left the list.
  let previousFirst: string | undefined;
  for (;;) {
    const page = await client.getTagFollowers({ tagid: tagId, next_openid: '' });
    const members = page.count > 0 ? (page.data?.openid ?? []) : [];
    if (!members.length) return;
    if (members[0] === previousFirst) throw new Error(`untagging tag ${tagId} makes no progress`);
    previousFirst = members[0];
    for (let i = 0; i < members.length; i += TAGGING_BATCH) await client.untagFollowers(tagId, members.slice(i, i + TAGGING_BATCH));
  }
}
