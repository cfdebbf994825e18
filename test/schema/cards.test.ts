import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { bindSimAccount, createTestKey, useTestApp } from '../helpers/app.ts';
import { collect, gql, postGraphQL, wsClient } from '../helpers/graphql.ts';
import { JobProgress } from '../documents/jobs.ts';

const SyncCards = graphql(`
  mutation SyncCards($accountId: ID!) {
    syncCards(accountId: $accountId) {
      __typename
      ... on SyncCardsSuccess { data { id kind status account { id } } }
      ... on NotFoundError { entity id }
      ... on ConflictError { message }
    }
  }
`);
const Cards = graphql(`
  query Cards($accountId: ID!, $first: Int, $after: String) {
    cards(accountId: $accountId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id cardId type title status usable syncedAt account { id } } }
    }
  }
`);
const CardJob = graphql(`
  query CardJob($id: ID!) { node(id: $id) { ... on Job { kind status done total result error } } }
`);

describe('cards', () => {
  const t = useTestApp();

  /** Binds a simulator account with `cards` cards; returns its ids. */
  const account = async (cards: number, workspaceId = t.workspaceId) => {
    const row = await bindSimAccount(t.app, workspaceId, { cards });
    return { rowId: row.id, appId: row.appId, id: encodeGlobalID('Account', row.id) };
  };
  const startSync = async (accountId: string, key = t.key) => {
    const result = await gql(t.app.url, key, SyncCards, { accountId });
    if (result.syncCards.__typename !== 'SyncCardsSuccess') throw new Error(JSON.stringify(result.syncCards));
    return result.syncCards.data;
  };
  /** Starts a sync and waits for it to finish, following jobProgress. */
  const sync = async (accountId: string) => {
    const client = wsClient(t.app.url, t.key);
    try {
      const job = await startSync(accountId);
      const progress = collect(client, JobProgress, { jobId: job.id });
      await progress.until((results) => ['SUCCEEDED', 'FAILED'].includes(results.at(-1)?.data?.jobProgress.status ?? ''));
      const node = await gql(t.app.url, t.key, CardJob, { id: job.id });
      return { job, node: node.node as { kind: string; status: string; done: number; total: number | null; result: unknown; error: string | null }, progress: progress.results };
    } finally {
      await client.dispose();
    }
  };
  const listCards = async (accountId: string) => (await gql(t.app.url, t.key, Cards, { accountId, first: 100 })).cards;

  it('syncs the card library and lists id, type, title, status and syncedAt', async () => {
    const acct = await account(7);
    const { job, node } = await sync(acct.id);
    expect(job).toMatchObject({ kind: 'SYNC_CARDS', status: 'QUEUED', account: { id: acct.id } });
    expect(node).toMatchObject({ kind: 'SYNC_CARDS', status: 'SUCCEEDED', done: 7, total: 7, result: { listed: 7, synced: 7, removed: 0 } });

    const cards = await listCards(acct.id);
    expect(cards.totalCount).toBe(7);
    const simCards = t.app.sim!.state.account(acct.appId)!.cards;
    for (const { node: card } of cards.edges) {
      const sim = simCards.get(card.cardId)!;
      expect(card).toMatchObject({ type: sim.cardType, title: sim.title, status: sim.status, usable: sim.status === 'CARD_STATUS_VERIFY_OK', account: { id: acct.id } });
      expect(Date.parse(card.syncedAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(new Set(cards.edges.map((e) => e.node.cardId))).toEqual(new Set(simCards.keys()));
    // The seed makes the 7th card unverified.
    expect(cards.edges.filter((e) => !e.node.usable).map((e) => e.node.status)).toEqual(['CARD_STATUS_NOT_VERIFY']);
    const titles = cards.edges.map((e) => e.node.title);
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('re-syncs: a card deleted in WeChat is removed, the others refreshed', async () => {
    const acct = await account(4);
    await sync(acct.id);
    const before = await listCards(acct.id);
    const gone = before.edges[1]!.node;
    t.app.sim!.removeCard(gone.cardId);

    const { node } = await sync(acct.id);
    expect(node).toMatchObject({ status: 'SUCCEEDED', result: { listed: 3, synced: 3, removed: 1 } });
    const after = await listCards(acct.id);
    expect(after.totalCount).toBe(3);
    expect(after.edges.map((e) => e.node.cardId)).not.toContain(gone.cardId);
    // The survivors keep their ids and move their syncedAt forward.
    for (const { node: card } of after.edges) {
      const old = before.edges.find((e) => e.node.cardId === card.cardId)!.node;
      expect(card.id).toBe(old.id);
      expect(Date.parse(card.syncedAt)).toBeGreaterThan(Date.parse(old.syncedAt));
    }
    expect(await t.app.deps.prisma.card.count({ where: { accountId: acct.rowId } })).toBe(3);
  });

  it('pages card/batchget 50 at a time', async () => {
    const acct = await account(60);
    const { node } = await sync(acct.id);
    expect(node).toMatchObject({ status: 'SUCCEEDED', done: 60, total: 60, result: { listed: 60, synced: 60, removed: 0 } });
    expect(t.app.sim!.stats().accounts[acct.appId]!.calls['/card/batchget']).toBe(2);
    const page = await gql(t.app.url, t.key, Cards, { accountId: acct.id, first: 25 });
    expect(page.cards).toMatchObject({ totalCount: 60, pageInfo: { hasNextPage: true } });
    expect(page.cards.edges).toHaveLength(25);
  });

  it('keeps the cards it had when WeChat fails midway', async () => {
    const acct = await account(5);
    await sync(acct.id);
    t.app.sim!.removeCard((await listCards(acct.id)).edges[0]!.node.cardId);
    const fault = t.app.sim!.addFault({ path: '/card/get', appid: acct.appId, errcode: 48001, errmsg: 'api unauthorized', after: 2 });
    const { node } = await sync(acct.id);
    t.app.sim!.removeFault(fault.id);
    expect(node.status).toBe('FAILED');
    expect(node.error).toMatch(/48001/);
    // Nothing was deleted, although WeChat now lists only 4: the listing was never read to the end.
    expect((await listCards(acct.id)).totalCount).toBe(5);
  });

  it('refuses a second sync of the same account while one is queued or running', async () => {
    const acct = await account(3);
    // The first sync waits for WeChat until released, however slow the second request is.
    const hold = t.app.sim!.addFault({ path: '/card/batchget', appid: acct.appId, hold: true });
    const first = await startSync(acct.id);
    const second = await gql(t.app.url, t.key, SyncCards, { accountId: acct.id });
    expect(second.syncCards.__typename).toBe('ConflictError');
    t.app.sim!.releaseFault(hold.id);
    await expect.poll(async () => (await gql(t.app.url, t.key, CardJob, { id: first.id })).node, { timeout: 30_000 }).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('does not reach another workspace\'s account', async () => {
    const other = await createTestKey(t.app);
    const foreign = await account(2, other.workspaceId);
    for (const id of [foreign.id, 'nope', encodeGlobalID('Card', foreign.rowId)]) {
      expect((await gql(t.app.url, t.key, SyncCards, { accountId: id })).syncCards).toMatchObject({ __typename: 'NotFoundError', entity: 'Account' });
    }
    expect(t.app.sim!.stats().accounts[foreign.appId]?.calls['/card/batchget'] ?? 0).toBe(0);
    const listed = await postGraphQL(t.app.url, Cards, { accountId: foreign.id }, t.key);
    expect(listed.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.app.deps.prisma.jobRun.count({ where: { accountId: foreign.rowId } })).toBe(0);
  });
});
