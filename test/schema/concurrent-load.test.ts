import { randomBytes } from 'node:crypto';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it, onTestFinished } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { bindSimAccount, createTestKey, testConfig, type TestApp } from '../helpers/app.ts';
import { collect, gql, postGraphQL, wsClient } from '../helpers/graphql.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { tempDataDir } from '../helpers/data-dir.ts';
import { startGateProxy } from '../helpers/gate-proxy.ts';
import { JobProgress } from '../documents/jobs.ts';
import { startApp } from '#src/app.ts';
import { createSimulator } from '#src/wechat-simulator/server.ts';
import type { JobProgressEvent } from '#src/pubsub.ts';

const Sync = graphql(`
  mutation LoadSyncFollowers($accountId: ID!) {
    syncFollowers(accountId: $accountId) { __typename ... on SyncFollowersSuccess { data { id } } }
  }
`);
const Accounts = graphql(`query LoadAccounts { accounts(first: 5) { totalCount edges { node { id appId } } } }`);
const Campaigns = graphql(`query LoadCampaigns($search: String) { campaigns(first: 5, search: $search) { totalCount edges { node { name } } } }`);
const CreateCampaign = graphql(`
  mutation LoadCreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { name } } }
  }
`);
const Groups = graphql(`query LoadGroups { customerGroups(first: 5) { totalCount } }`);
const Materials = graphql(`query LoadMaterials($accountId: ID!) { materials(accountId: $accountId, first: 5) { totalCount } }`);
const JobNode = graphql(`query LoadJob($id: ID!) { node(id: $id) { __typename ... on Job { id status } } }`);

const FOLLOWERS = 10_000;
const BATCHGET = '/cgi-bin/user/info/batchget';

/**
 * The load a newcomer puts on `npm start`: GraphQL requests of every kind, in parallel, while a
 * follower sync writes and a client follows it over graphql-ws. Every answer must be right, on
 * the embedded PostgreSQL exactly as on a PostgreSQL server (the two modes are the same code).
 */
describe.each([
  { mode: 'the embedded PostgreSQL', embedded: true },
  { mode: 'a PostgreSQL server', embedded: false },
])('100 concurrent requests during a 10,000-follower sync, on $mode', ({ embedded }) => {
  it('answers every request correctly, delivers every progress event, and the sync succeeds', async () => {
    const sim = await createSimulator({ port: 0 });
    onTestFinished(() => sim.close());
    // WeChat calls go through a gate, so the sync is provably mid-run while the requests run.
    const gate = await startGateProxy(sim.url);
    onTestFinished(() => gate.stop());
    const config = await testConfig({ databaseUrl: 'set below', wechatApiBase: gate.url });
    let databaseUrl: string | undefined;
    if (!embedded) {
      const db = await createTestDatabase();
      onTestFinished(() => db.drop());
      databaseUrl = db.url;
    }
    const started = await startApp({ ...config, databaseUrl, dataDir: await tempDataDir('load') }, { host: '127.0.0.1' });
    onTestFinished(() => started.stop());
    const app: TestApp = Object.assign(started, { url: started.url!, sim });
    const { key, workspaceId } = await createTestKey(app);
    const account = await bindSimAccount(app, workspaceId, { followers: FOLLOWERS });
    const accountId = encodeGlobalID('Account', account.id);

    // Hold the sync after 30 of its 100 batchget calls; follow it in-process and over graphql-ws.
    const held = gate.close(BATCHGET, 30);
    const sync = (await gql(app.url, key, Sync, { accountId })).syncFollowers;
    if (sync.__typename !== 'SyncFollowersSuccess') throw new Error(sync.__typename);
    const jobId = sync.data.id;
    const published: JobProgressEvent[] = [];
    const inProcess = (async () => {
      for await (const event of app.deps.pubsub.subscribe('job:progress', decodeGlobalID(jobId).id)) {
        published.push(event);
        if (event.status === 'SUCCEEDED' || event.status === 'FAILED') return;
      }
    })();
    const client = wsClient(app.url, key);
    onTestFinished(() => client.dispose());
    const progress = collect(client, JobProgress, { jobId });
    await held;

    const suffix = randomBytes(3).toString('hex');
    const kinds = [
      async () => expect((await gql(app.url, key, Accounts, {})).accounts.edges).toEqual([{ node: { id: accountId, appId: account.appId } }]),
      async (i: number) => {
        const name = `Load ${suffix} ${i}`;
        expect((await gql(app.url, key, CreateCampaign, { input: { name } })).createCampaign).toEqual({ __typename: 'CreateCampaignSuccess', data: { name } });
      },
      async () => expect((await gql(app.url, key, Campaigns, { search: 'no such campaign' })).campaigns.totalCount).toBe(0),
      async () => expect((await gql(app.url, key, Groups, {})).customerGroups.totalCount).toBe(0),
      async () => expect((await gql(app.url, key, Materials, { accountId })).materials.totalCount).toBe(0),
      async () => expect((await gql(app.url, key, JobNode, { id: jobId })).node).toEqual({ __typename: 'Job', id: jobId, status: 'RUNNING' }),
      async () => {
        const refused = await postGraphQL(app.url, Accounts, {}, 'wxk_not-a-key');
        expect(refused.status).toBe(401);
        expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      },
    ];
    const begun = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => kinds[i % kinds.length]!(i)));
    const failures = outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [`request ${i}: ${String(outcome.reason)}`] : []));
    expect(failures).toEqual([]);
    console.log(`100 concurrent requests answered in ${Date.now() - begun} ms while the sync was held mid-run`);
    // Every campaign created concurrently is there, exactly once.
    expect((await gql(app.url, key, Campaigns, { search: `Load ${suffix}` })).campaigns.totalCount).toBe(
      Array.from({ length: 100 }, (_, i) => i).filter((i) => i % kinds.length === 1).length,
    );

    gate.open();
    await progress.done;
    await inProcess;
    const received = progress.results.map((result) => {
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      const { status, done, total } = result.data.jobProgress;
      return { status, done, total };
    });
    expect(received.at(-1)).toEqual({ status: 'SUCCEEDED', done: FOLLOWERS, total: FOLLOWERS });
    console.log(`graphql-ws delivered ${received.length} progress results; ${published.length} changes were published after the client subscribed in-process`);
    // The stream is the job's state as read when the client subscribed, then every change
    // published after the subscription: nothing lost, nothing out of order. The topic is
    // subscribed before the state is read, so that state is the last change before the
    // subscription or one published after it (a change may then be seen twice, never missed).
    const changes = published.map(({ status, done, total }) => ({ status, done, total }));
    const after = received.slice(1);
    expect(changes.slice(changes.length - after.length)).toEqual(after);
    const before = changes.slice(0, changes.length - after.length);
    if (before.length > 0) expect(changes.slice(before.length - 1)).toContainEqual(received[0]);
    expect(await app.deps.prisma.follower.count({ where: { accountId: account.id, subscribed: true } })).toBe(FOLLOWERS);
  }, 180_000);
});
