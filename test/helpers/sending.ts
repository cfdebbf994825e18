import { expect } from 'vitest';
import { bindSimAccount, type TestAppFixture } from './app.ts';
import { gql } from './graphql.ts';
import { createBroadcastOk, gid, rawId, readBroadcast } from './broadcasts.ts';
import { SendBroadcastNow } from '../documents/broadcasts.ts';
import { createCustomerGroup } from '../factories/customer-group.ts';
import type { CreateBroadcastInput } from '../__generated__/graphql.ts';
import { ensureSendRecord } from '#src/sending/audience.ts';

/**
 * A simulator account with `followers` followers, bound in wxcast and mirrored as followers
 * (one customer each) in one set-based statement, its callbacks pointed at the app.
 */
export async function sendingAccount(t: TestAppFixture, followers: number, type: 'SERVICE' | 'SUBSCRIPTION' = 'SERVICE', spec: { drafts?: number } = {}) {
  const account = await bindSimAccount(t.app, t.workspaceId, { followers, type, ...spec });
  const store = t.app.sim!.state.account(account.appId)!.followers;
  const openids = Array.from({ length: followers }, (_, i) => store.openidAt(i));
  const rows = await t.app.deps.prisma.$queryRaw<{ id: string; openid: string }[]>`
    WITH o AS (SELECT openid, ord FROM unnest(${openids}::text[]) WITH ORDINALITY AS x(openid, ord)),
    c AS (INSERT INTO customers (workspace_id, unionid) SELECT ${t.workspaceId}::uuid, 'u-' || o.openid FROM o RETURNING id, unionid)
    INSERT INTO followers (account_id, customer_id, openid)
    SELECT ${account.id}::uuid, c.id, o.openid FROM o JOIN c ON c.unionid = 'u-' || o.openid
    RETURNING customer_id AS id, openid`;
  const customerOf = new Map(rows.map((row) => [row.openid, row.id]));
  t.app.sim!.setCallbackUrl(`${t.app.url}/wechat/callback/${account.id}`, account.appId);
  return { account, openids, customerOf };
}

/** A customer group of the given followers' customers. */
export async function groupOf(t: TestAppFixture, customerOf: Map<string, string>, openids: string[]) {
  return createCustomerGroup(t.app.deps.prisma, t.workspaceId, openids.map((o) => customerOf.get(o)!));
}

/** Creates a broadcast and sends it now; returns its global id. */
export async function sendNow(t: TestAppFixture, input: CreateBroadcastInput) {
  const created = await createBroadcastOk(t, input);
  const broadcast = await readBroadcast(t, created.id);
  const now = (await gql(t.app.url, t.key, SendBroadcastNow, { input: { broadcastId: created.id, version: broadcast.version } })).sendBroadcastNow;
  if (now.__typename !== 'SendBroadcastNowSuccess') throw new Error(JSON.stringify(now));
  return created.id;
}

export const text = (content: string) => ({ kind: 'TEXT' as const, text: content });
export const groupsAudience = (...groupIds: string[]) => ({ audience: 'GROUPS' as const, groupIds: groupIds.map((id) => gid('CustomerGroup', id)) });

/** The simulator's jobs of the account made by wxcast (not seeded), once `count` exist. */
export async function simJobs(t: TestAppFixture, appId: string, count: number) {
  await expect.poll(() => t.app.sim!.jobs(appId).filter((j) => !j.seeded).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
  return t.app.sim!.jobs(appId).filter((j) => !j.seeded);
}

/** Finishes every SENDING job of the account in the simulator and waits for its callbacks. */
export async function finishAll(t: TestAppFixture, appId: string, status?: string) {
  for (const job of t.app.sim!.jobs(appId)) if (!job.seeded && job.status === 'SENDING') t.app.sim!.finishJob(job.msgId, status);
  await t.app.sim!.idle();
}

/** Every mass delivery of the account, by openid: how many times each follower received a message. */
export function deliveriesByOpenid(t: TestAppFixture, appId: string) {
  const counts = new Map<string, number>();
  for (const d of t.app.sim!.deliveries({ appid: appId, limit: 1_000_000 }).deliveries) {
    if (d.kind === 'mass' && d.openid) counts.set(d.openid, (counts.get(d.openid) ?? 0) + 1);
  }
  return counts;
}

/** A broadcast (not planned) to a group of `followers` new followers, and its one task. */
export async function groupBroadcastTask(t: TestAppFixture, followers: number) {
  const { account, openids, customerOf } = await sendingAccount(t, followers);
  const group = await groupOf(t, customerOf, openids);
  const created = await createBroadcastOk(t, { accountId: gid('Account', account.id), name: 'Group broadcast', firstTask: { ...groupsAudience(group.id), content: text('group') } });
  const prisma = t.app.deps.prisma;
  const task = await prisma.broadcastTask.findFirstOrThrow({ where: { broadcastId: rawId(created.id) } });
  return { prisma, account, openids, broadcastId: task.broadcastId, taskId: task.id };
}

/** {@link groupBroadcastTask}, and its task's send record, still SELECTING. */
export async function selectingRecord(t: TestAppFixture, followers: number) {
  const made = await groupBroadcastTask(t, followers);
  return { ...made, record: await ensureSendRecord(made.prisma, made.taskId) };
}
