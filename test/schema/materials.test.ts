import pg from 'pg';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { bindSimAccount, createTestKey, useTestApp } from '../helpers/app.ts';
import { collect, gql, postGraphQL, wsClient } from '../helpers/graphql.ts';
import { JobProgress } from '../documents/jobs.ts';

const SyncMaterials = graphql(`
  mutation SyncMaterials($accountId: ID!, $count: Int!) {
    syncMaterials(accountId: $accountId, count: $count) {
      __typename
      ... on SyncMaterialsSuccess { data { id kind status } }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { entity id }
      ... on ConflictError { message }
    }
  }
`);
const RefreshMaterial = graphql(`
  mutation RefreshMaterial($id: ID!) {
    refreshMaterial(id: $id) {
      __typename
      ... on RefreshMaterialSuccess { data { id source mediaId title updatedAt syncedAt articles { index title digest author } } }
      ... on NotFoundError { entity }
      ... on WeChatError { errcode retryable }
    }
  }
`);
const Materials = graphql(`
  query Materials($accountId: ID!, $search: String, $first: Int, $after: String, $includeRemoved: Boolean) {
    materials(accountId: $accountId, search: $search, first: $first, after: $after, includeRemoved: $includeRemoved) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id source mediaId updatedAt syncedAt removedAt title thumbUrl
          articles { index title author digest thumbUrl url contentSourceUrl showCoverPic content }
        }
      }
    }
  }
`);
const MaterialJob = graphql(`
  query MaterialJob($id: ID!) { node(id: $id) { ... on Job { status error result done total } } }
`);
const MaterialNode = graphql(`
  query MaterialNode($id: ID!) { node(id: $id) { ... on Material { mediaId } } }
`);

/** SQL statements the app sends while `run` runs (Agenda's polling left out). */
async function sqlDuring(run: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (text && !text.includes('agenda_jobs')) statements.push(text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = query;
  }
  return statements;
}

type BoundAccount = Awaited<ReturnType<typeof bindSimAccount>>;
type SimMaterial = { mediaId: string; updateTime: number; articles: { title: string; author?: string; digest?: string; content: string; url: string; thumb_url?: string; content_source_url?: string; show_cover_pic?: number }[] };

describe('materials', () => {
  const t = useTestApp();

  const accountGid = (account: BoundAccount) => encodeGlobalID('Account', account.id);
  const simAccount = (account: BoundAccount) => t.app.sim!.state.account(account.appId)!;
  /** Both of the simulator's listings of an account, merged newest first, as the sync should see them. */
  const simNewest = (account: BoundAccount, count: number) => {
    const sim = simAccount(account);
    const all = [
      ...[...sim.drafts.values()].map((m) => ({ ...(m as unknown as SimMaterial), source: 'DRAFT' })),
      ...[...sim.news.values()].map((m) => ({ ...(m as unknown as SimMaterial), source: 'NEWS_MATERIAL' })),
    ];
    return all.sort((a, b) => b.updateTime - a.updateTime).slice(0, count);
  };
  const storedMaterials = (account: BoundAccount) =>
    t.app.deps.prisma.material.findMany({ where: { accountId: account.id }, include: { articles: { orderBy: { index: 'asc' } } } });
  /**
   * Starts a sync and follows it over graphql-ws until it finishes. With `watchFromStart`, WeChat's
   * listings are held until the subscription has its first event, so every page's progress is seen.
   */
  const syncAndFollow = async (account: BoundAccount, count: number, { watchFromStart = false } = {}) => {
    const held = watchFromStart ? holdListings(account) : [];
    const started = await gql(t.app.url, t.key, SyncMaterials, { accountId: accountGid(account), count });
    if (started.syncMaterials.__typename !== 'SyncMaterialsSuccess') throw new Error(JSON.stringify(started.syncMaterials));
    const client = wsClient(t.app.url, t.key);
    const progress = collect(client, JobProgress, { jobId: started.syncMaterials.data.id });
    if (held.length > 0) {
      await progress.until((results) => results.length > 0, 30_000);
      held.forEach((fault) => t.app.sim!.releaseFault(fault.id));
    }
    await progress.done;
    await client.dispose();
    return { job: started.syncMaterials.data, events: progress.results.map((r) => r.data!.jobProgress) };
  };
  /** Holds WeChat's listings for one account until released, so a test can watch (or race) a sync while it runs. */
  const holdListings = (account: BoundAccount) => [
    t.app.sim!.addFault({ path: '/cgi-bin/draft/batchget', appid: account.appId, hold: true }),
    t.app.sim!.addFault({ path: '/cgi-bin/material/batchget_material', appid: account.appId, hold: true }),
  ];
  const listAll = async (account: BoundAccount, search?: string, first = 7) => {
    const nodes = [];
    let after: string | null | undefined;
    let totalCount = -1;
    for (;;) {
      const page = (await gql(t.app.url, t.key, Materials, { accountId: accountGid(account), search, first, after })).materials;
      totalCount = page.totalCount;
      nodes.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) return { totalCount, nodes };
      after = page.pageInfo.endCursor;
    }
  };

  it('syncs the newest 20 across the draft box and legacy news, with progress over graphql-ws', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 30, drafts: 25 });
    const { job, events } = await syncAndFollow(account, 20, { watchFromStart: true });
    expect(job).toMatchObject({ kind: 'SYNC_MATERIALS', status: 'QUEUED' });

    expect(events.map((e) => e.status)).toContain('RUNNING');
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED', done: 20, total: 20 });
    const dones = events.map((e) => e.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(events.some((e) => e.status === 'RUNNING' && e.total === 20 && e.done < 20)).toBe(true);

    const expected = simNewest(account, 20);
    const drafts = expected.filter((m) => m.source === 'DRAFT').length;
    expect(drafts).toBeGreaterThan(0);
    expect(drafts).toBeLessThan(20);
    expect(events.at(-1)!.job.result).toEqual({ synced: 20, total: 20, drafts, newsMaterials: 20 - drafts, markedRemoved: 0 });

    const stored = await storedMaterials(account);
    expect(stored.map((m) => m.mediaId).sort()).toEqual(expected.map((m) => m.mediaId).sort());
    for (const want of expected) {
      const row = stored.find((m) => m.mediaId === want.mediaId)!;
      expect(row.source).toBe(want.source);
      expect(row.updatedAtWeChat.getTime()).toBe(want.updateTime * 1000);
      expect(row.syncedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(row.articles.map((a) => [a.index, a.title, a.author, a.digest, a.content, a.url, a.thumbUrl, a.contentSourceUrl, a.showCoverPic])).toEqual(
        want.articles.map((a, i) => [i, a.title, a.author ?? '', a.digest ?? '', a.content, a.url, a.thumb_url ?? '', a.content_source_url ?? '', a.show_cover_pic === 1]),
      );
    }
  });

  it('syncs 500, reporting progress page by page', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 300, drafts: 280 });
    const { events } = await syncAndFollow(account, 500, { watchFromStart: true });
    const running = events.filter((e) => e.status === 'RUNNING' && e.total === 500);
    expect(running.length).toBeGreaterThan(10);
    const dones = running.map((e) => e.done);
    expect(new Set(dones).size).toBe(dones.length); // rising, one event per page
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(dones.every((done) => done % 20 === 0)).toBe(true);
    const final = events.at(-1)!;
    expect(final).toMatchObject({ status: 'SUCCEEDED', done: 500, total: 500 });
    const expected = simNewest(account, 500);
    const drafts = expected.filter((m) => m.source === 'DRAFT').length;
    expect(final.job.result).toEqual({ synced: 500, total: 500, drafts, newsMaterials: 500 - drafts, markedRemoved: 0 });
    const stored = await storedMaterials(account);
    expect(stored.map((m) => m.mediaId).sort()).toEqual(expected.map((m) => m.mediaId).sort());
    expect(stored.reduce((sum, m) => sum + m.articles.length, 0)).toBe(expected.reduce((sum, m) => sum + m.articles.length, 0));
  });

  it('lists materials newest first, in pages, with totalCount and a case-insensitive search', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 12, drafts: 10 });
    await syncAndFollow(account, 20);
    const { totalCount, nodes } = await listAll(account);
    expect(totalCount).toBe(20);
    expect(nodes.map((n) => n.mediaId)).toEqual(simNewest(account, 20).map((m) => m.mediaId));
    expect(new Set(nodes.map((n) => n.id)).size).toBe(20);
    for (const node of nodes) {
      expect(node.title).toBe(node.articles[0]!.title);
      expect(node.thumbUrl).toBe(node.articles[0]!.thumbUrl);
      expect(node.articles.map((a) => a.index)).toEqual(node.articles.map((_, i) => i));
    }

    // One query for the materials and one for all their articles, however many materials (no N+1).
    const statements = await sqlDuring(() => gql(t.app.url, t.key, Materials, { accountId: accountGid(account), first: 20 }));
    expect(statements.filter((sql) => sql.includes('FROM "public"."material_articles"'))).toHaveLength(1);
    expect(statements.filter((sql) => /^SELECT "public"\."materials"/.test(sql))).toHaveLength(1);

    // Seeded draft titles start with 草稿; legacy news titles do not.
    const drafts = await listAll(account, '草稿', 3);
    expect(drafts.totalCount).toBe(nodes.filter((n) => n.source === 'DRAFT').length);
    expect(drafts.nodes.map((n) => n.mediaId)).toEqual(nodes.filter((n) => n.source === 'DRAFT').map((n) => n.mediaId));

    // A digest in mixed case, found by another case, and only in this account.
    const target = nodes.find((n) => n.source === 'NEWS_MATERIAL' && n.articles.length > 1)!;
    t.app.sim!.editMaterial(target.mediaId, { index: 1, digest: 'Spring LAUNCH recap' });
    await gql(t.app.url, t.key, RefreshMaterial, { id: target.id });
    const found = await listAll(account, '  spring launch ');
    expect(found).toMatchObject({ totalCount: 1, nodes: [{ mediaId: target.mediaId }] });
    expect((await listAll(account, 'no such words anywhere')).totalCount).toBe(0);
  });

  it('refuses a second sync of the same account while one is queued or running', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 40, drafts: 5 });
    const faults = holdListings(account); // the first sync waits for WeChat until released
    const first = await gql(t.app.url, t.key, SyncMaterials, { accountId: accountGid(account), count: 500 });
    expect(first.syncMaterials.__typename).toBe('SyncMaterialsSuccess');
    const second = await gql(t.app.url, t.key, SyncMaterials, { accountId: accountGid(account), count: 20 });
    expect(second.syncMaterials).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('SYNC_MATERIALS') });

    // Another account is not blocked by it.
    const other = await bindSimAccount(t.app, t.workspaceId, { materials: 1 });
    expect((await gql(t.app.url, t.key, SyncMaterials, { accountId: accountGid(other), count: 20 })).syncMaterials.__typename).toBe('SyncMaterialsSuccess');

    faults.forEach((fault) => t.app.sim!.releaseFault(fault.id));
    if (first.syncMaterials.__typename !== 'SyncMaterialsSuccess') return;
    const client = wsClient(t.app.url, t.key);
    await collect(client, JobProgress, { jobId: first.syncMaterials.data.id }).done;
    await client.dispose();
    // Once it finished, the account can be synced again.
    expect((await gql(t.app.url, t.key, SyncMaterials, { accountId: accountGid(account), count: 20 })).syncMaterials.__typename).toBe('SyncMaterialsSuccess');
  });

  it('refreshes one material after it was edited in WeChat, news and drafts alike', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 3, drafts: 3 });
    await syncAndFollow(account, 20);
    const { nodes } = await listAll(account);
    const news = nodes.find((n) => n.source === 'NEWS_MATERIAL' && n.articles.length > 1)!;
    const draft = nodes.find((n) => n.source === 'DRAFT')!;

    const edit = t.app.sim!.editMaterial(news.mediaId, { articles: [{ ...simAccount(account).news.get(news.mediaId)!.articles[0]!, title: '改过的标题' }] });
    const refreshed = await gql(t.app.url, t.key, RefreshMaterial, { id: news.id });
    expect(refreshed.refreshMaterial).toMatchObject({
      __typename: 'RefreshMaterialSuccess',
      data: { id: news.id, source: 'NEWS_MATERIAL', title: '改过的标题', articles: [{ index: 0, title: '改过的标题' }] },
    });
    if (refreshed.refreshMaterial.__typename !== 'RefreshMaterialSuccess') return;
    expect(new Date(refreshed.refreshMaterial.data.updatedAt).getTime()).toBe(edit.updateTime * 1000);
    expect(new Date(refreshed.refreshMaterial.data.syncedAt).getTime()).toBeGreaterThan(new Date(news.syncedAt).getTime());
    // The old second article is gone from the database, not just from the answer.
    expect(await t.app.deps.prisma.materialArticle.count({ where: { material: { mediaId: news.mediaId } } })).toBe(1);

    t.app.sim!.editMaterial(draft.mediaId, { index: 0, title: '草稿新标题', author: '新作者' });
    expect((await gql(t.app.url, t.key, RefreshMaterial, { id: draft.id })).refreshMaterial).toMatchObject({
      data: { source: 'DRAFT', title: '草稿新标题', articles: expect.arrayContaining([{ index: 0, title: '草稿新标题', author: '新作者', digest: draft.articles[0]!.digest }]) },
    });

    // Deleted in WeChat since the sync: WeChat's refusal, typed; the stored copy stays, marked removed.
    t.app.sim!.removeMaterial(draft.mediaId);
    expect((await gql(t.app.url, t.key, RefreshMaterial, { id: draft.id })).refreshMaterial).toEqual({ __typename: 'WeChatError', errcode: 40007, retryable: false });
    const kept = await t.app.deps.prisma.material.findFirstOrThrow({ where: { mediaId: draft.mediaId } });
    expect(kept.removedAt).not.toBeNull();
    expect((await listAll(account)).nodes.map((n) => n.mediaId)).not.toContain(draft.mediaId);
  });

  it('marks materials deleted in WeChat as removed when a sync reads a listing to its end, and only then', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 4, drafts: 26 });
    await syncAndFollow(account, 500);
    const before = await listAll(account, undefined, 50);
    expect(before.totalCount).toBe(30);
    const draft = before.nodes.find((n) => n.source === 'DRAFT')!;
    const news = before.nodes.find((n) => n.source === 'NEWS_MATERIAL')!;
    t.app.sim!.removeMaterial(draft.mediaId);
    t.app.sim!.removeMaterial(news.mediaId);

    // Sync 20 takes the newest 20 of 28: all 3 legacy news but only 17 of 25 drafts. The news
    // listing was read to its end, so its deleted one is marked; a draft's absence proves nothing.
    const partial = await syncAndFollow(account, 20);
    expect(partial.events.at(-1)!.job.result).toMatchObject({ synced: 20, drafts: 17, newsMaterials: 3, markedRemoved: 1 });
    const markedFirst = await t.app.deps.prisma.material.findMany({ where: { accountId: account.id, removedAt: { not: null } } });
    expect(markedFirst.map((m) => m.mediaId)).toEqual([news.mediaId]);

    // Sync 500 reads the draft box to its end too: the deleted draft is marked as well; both are kept.
    const complete = await syncAndFollow(account, 500);
    expect(complete.events.at(-1)!.job.result).toMatchObject({ synced: 28, markedRemoved: 1 });
    const shown = await listAll(account, undefined, 50);
    expect(shown.totalCount).toBe(28);
    expect(shown.nodes.map((n) => n.mediaId)).not.toEqual(expect.arrayContaining([draft.mediaId]));
    expect(shown.nodes.every((n) => n.removedAt === null)).toBe(true);
    const withRemoved = (await gql(t.app.url, t.key, Materials, { accountId: accountGid(account), first: 50, includeRemoved: true })).materials;
    expect(withRemoved.totalCount).toBe(30);
    const removed = withRemoved.edges.map((e) => e.node).filter((n) => n.removedAt !== null);
    expect(removed.map((n) => n.mediaId).sort()).toEqual([draft.mediaId, news.mediaId].sort());

    // A second complete sync marks nothing again; the rows' removal time stays.
    const again = await syncAndFollow(account, 500);
    expect(again.events.at(-1)!.job.result).toMatchObject({ markedRemoved: 0 });
    const rows = await t.app.deps.prisma.material.findMany({ where: { accountId: account.id, removedAt: { not: null } } });
    expect(rows.map((r) => r.removedAt!.toISOString()).sort()).toEqual(removed.map((n) => new Date(n.removedAt!).toISOString()).sort());
  });

  it('fails a sync cut off midway, says where it stopped and keeps what was synced before', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 60, drafts: 60 });
    await syncAndFollow(account, 500);
    const before = await storedMaterials(account);
    expect(before).toHaveLength(120);

    // Everything gets newer in WeChat, then the draft box refuses its third page.
    for (const m of simNewest(account, 120)) t.app.sim!.editMaterial(m.mediaId, { index: 0, author: '二次同步' });
    t.app.sim!.addFault({ path: '/cgi-bin/draft/batchget', appid: account.appId, after: 2, errcode: 45009, errmsg: 'reach max api daily quota limit' });
    const startedAt = new Date();
    const { job, events } = await syncAndFollow(account, 500);
    const final = events.at(-1)!;
    expect(final.status).toBe('FAILED');

    const node = (await gql(t.app.url, t.key, MaterialJob, { id: job.id })).node;
    if (!node || !('error' in node)) throw new Error('job not found');
    const [, offset, total] = /^stopped at offset (\d+) of (\d+): .*draft\/batchget.*45009/.exec(node.error ?? '') ?? [];
    expect(Number(total)).toBe(120);
    expect(Number(offset)).toBeGreaterThan(0);
    expect(Number(offset)).toBeLessThan(120);
    expect(node.result).toMatchObject({ synced: Number(offset), total: 120 });
    expect(node.done).toBe(Number(offset));

    // Pages written before the failure hold the new data; every other material is as it was.
    const after = await storedMaterials(account);
    expect(after).toHaveLength(120);
    const resynced = after.filter((m) => m.syncedAt >= startedAt);
    expect(resynced).toHaveLength(Number(offset));
    expect(resynced.every((m) => m.articles[0]!.author === '二次同步')).toBe(true);
    for (const row of after.filter((m) => m.syncedAt < startedAt)) {
      const old = before.find((m) => m.id === row.id)!;
      expect(row.articles).toEqual(old.articles);
      expect(row.syncedAt).toEqual(old.syncedAt);
    }
  });

  it('hides materials and accounts of other workspaces, and rejects malformed ids', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 2 });
    await syncAndFollow(account, 20);
    const mine = (await listAll(account)).nodes[0]!;
    const other = await createTestKey(t.app);

    const foreignSync = await gql(t.app.url, other.key, SyncMaterials, { accountId: accountGid(account), count: 20 });
    expect(foreignSync.syncMaterials).toMatchObject({ __typename: 'NotFoundError', entity: 'Account' });
    const foreignList = await postGraphQL(t.app.url, Materials, { accountId: accountGid(account) }, other.key);
    expect(foreignList.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(foreignList.body.data?.materials ?? null).toBeNull();
    expect((await gql(t.app.url, other.key, RefreshMaterial, { id: mine.id })).refreshMaterial).toMatchObject({ __typename: 'NotFoundError', entity: 'Material' });
    expect((await gql(t.app.url, other.key, MaterialNode, { id: mine.id })).node).toBeNull();

    for (const bad of ['nonsense', encodeGlobalID('Material', 'not-a-uuid'), encodeGlobalID('Campaign', account.id)]) {
      expect((await gql(t.app.url, t.key, SyncMaterials, { accountId: bad, count: 20 })).syncMaterials.__typename).toBe('NotFoundError');
      expect((await gql(t.app.url, t.key, RefreshMaterial, { id: bad })).refreshMaterial.__typename).toBe('NotFoundError');
      expect((await postGraphQL(t.app.url, Materials, { accountId: bad }, t.key)).body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('accepts only 20 or 500 as the count', async () => {
    const account = await bindSimAccount(t.app, t.workspaceId, { materials: 1 });
    for (const count of [0, 19, 21, 100, 501, -20]) {
      const result = await gql(t.app.url, t.key, SyncMaterials, { accountId: accountGid(account), count });
      expect(result.syncMaterials).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['count'] }] });
    }
    expect(await t.app.deps.prisma.jobRun.count({ where: { accountId: account.id } })).toBe(0);
  });
});
