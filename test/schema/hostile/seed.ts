import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Db } from '#src/db/client.ts';
import { generateApiKey } from '#src/crypto/api-key.ts';
import { createAccount } from '../../factories/account.ts';
import { createFollowers } from '../../factories/follower.ts';
import { createCustomerGroup } from '../../factories/customer-group.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { systemClock } from '#src/clock.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { createBroadcast } from '#src/authoring/broadcasts.ts';
import { addComparisonGroup } from '#src/authoring/tasks.ts';

/** What a seeded workspace holds: one row of every node type, by GraphQL type name. */
export interface SeededWorkspace {
  workspaceId: string;
  /** Global ids by GraphQL type name (Account, Campaign, Customer…). */
  ids: Record<string, string>;
  /** Row ids (uuids) by GraphQL type name. */
  rows: Record<string, string>;
  /** A cursor of the workspace's own `accounts` list (a well-formed cursor of a real row). */
  cursor: string;
  /** The seeded broadcast's version (calls that change it must name it). */
  broadcastVersion: number;
  /** Strings only this workspace's data contain: seeing one in another workspace's answer is a leak. */
  markers: string[];
}

/**
 * One row of every kind in a workspace, each name carrying `tag`, so that an answer showing
 * another workspace's data can be recognised by text alone.
 */
export async function seedWorkspace({ prisma, pubsub }: { prisma: Db; pubsub: WxPubSub }, workspaceId: string, tag: string): Promise<SeededWorkspace> {
  const account = await createAccount(prisma, workspaceId, { name: `${tag} account` });
  const followers = await createFollowers(prisma, { workspaceId, accountId: account.id, count: 3 });
  const group = await createCustomerGroup(prisma, workspaceId, followers.map((f) => f.customerId), `${tag} group`);
  const campaign = await prisma.campaign.create({ data: { workspaceId, name: `${tag} campaign`, description: tag } });
  const miniProgram = await prisma.miniProgram.create({ data: { workspaceId, appId: `wx${tag}mp`, name: `${tag} mini program` } });
  const now = new Date();
  const material = await prisma.material.create({
    data: {
      accountId: account.id,
      mediaId: `${tag}-media`,
      source: 'DRAFT',
      updatedAtWeChat: now,
      syncedAt: now,
      articles: { create: [{ index: 0, title: `${tag} article`, digest: tag }] },
    },
  });
  const image = await prisma.image.create({
    data: { accountId: account.id, url: `https://mmbiz.example/${tag}.png`, mediaId: `${tag}-image`, filename: `${tag}.png`, contentType: 'image/png', size: 1 },
  });
  const card = await prisma.card.create({
    data: { accountId: account.id, cardId: `${tag}-card`, cardType: 'GROUPON', title: `${tag} card`, status: 'CARD_STATUS_VERIFY_OK', syncedAt: now },
  });
  const job = await prisma.jobRun.create({ data: { workspaceId, accountId: account.id, kind: 'PING', status: 'SUCCEEDED', result: { tag } } });
  const generated = generateApiKey();
  const apiKey = await prisma.apiKey.create({
    data: { workspaceId, name: `${tag} key`, hash: generated.hash, prefix: generated.prefix, scopes: ['read'] },
  });
  // A READY broadcast (so it can be planned) to the group, with a comparison group: made by the
  // authoring services, as createBroadcast and addComparisonGroup would.
  const authoring = { db: scopeToWorkspace(prisma, workspaceId), clock: systemClock, pubsub };
  const content = { kind: 'NEWS' as const, news: { materialId: material.id } };
  const broadcast = await createBroadcast(authoring, {
    accountId: account.id, name: `${tag} broadcast`, campaignId: campaign.id, firstTask: { name: `${tag} first`, audience: 'GROUPS', groupIds: [group.id], content },
  });
  const comparison = await addComparisonGroup(authoring, {
    broadcastId: broadcast.id, version: broadcast.version, task: { name: `${tag} comparison`, audience: 'REMAINING_FOLLOWERS', content },
  });
  const rows: Record<string, string> = {
    Broadcast: broadcast.id,
    BroadcastTask: comparison.id,
    Account: account.id,
    Campaign: campaign.id,
    Customer: followers[0]!.customerId,
    Follower: followers[0]!.id,
    CustomerGroup: group.id,
    MiniProgram: miniProgram.id,
    Material: material.id,
    Image: image.id,
    Card: card.id,
    Job: job.id,
    ApiKey: apiKey.id,
    Workspace: workspaceId,
  };
  const ids = Object.fromEntries(Object.entries(rows).map(([type, id]) => [type, encodeGlobalID(type, id)]));
  const cursor = Buffer.from(`GPC:S:${account.id}`).toString('base64');
  const markers = [tag, generated.prefix, ...Object.values(rows), ...followers.flatMap((f) => [f.openid, f.unionid])];
  return { workspaceId, ids, rows, cursor, markers, broadcastVersion: broadcast.version + 1 };
}

/** A tag for seedWorkspace that no other text of a test contains. */
export const uniqueTag = (label: string) => `${label}${randomBytes(5).toString('hex')}`;
