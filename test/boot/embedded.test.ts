import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { childEnv, runCli, startProcess } from '../helpers/process.ts';
import { gql, postGraphQL, wsClient } from '../helpers/graphql.ts';
import { createSimulator } from '#src/wechat-simulator/server.ts';

const Bind = graphql(`
  mutation EmbeddedBind($input: BindAccountInput!) {
    bindAccount(input: $input) { __typename ... on BindAccountSuccess { data { appId } } ... on WeChatError { errcode } }
  }
`);
const List = graphql(`query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }`);
const Materials = graphql(`query EmbeddedMaterials($accountId: ID!) { materials(accountId: $accountId, first: 1) { totalCount } }`);

const apiUrl = (line: string) => (JSON.parse(line) as { url: string }).url.replace(/\/graphql$/, '');

describe('npm start on the embedded database (no DATABASE_URL)', () => {
  it('serves GraphQL, keeps data across a restart, and shuts down gracefully on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wxcast-embedded-'));
    // Binding checks the credentials with WeChat: the process talks to a simulator of this test.
    const sim = await createSimulator({ port: 0 });
    sim.addAccount({ appId: 'wxembedded0000001', secret: 'embedded-secret', type: 'SUBSCRIPTION' });
    onTestFinished(() => sim.close());
    const env = childEnv({ WXCAST_DATA_DIR: dataDir, PORT: '0', WECHAT_API_BASE: sim.url });

    const first = startProcess([], env);
    onTestFinished(async () => void (await first.stop('SIGKILL')));
    const url = apiUrl(await first.waitFor(/"msg":"api started"/));
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // The CLI finds the running server's embedded database instead of opening its files twice.
    const created = await runCli(['api-key', 'create', '--workspace', 'newcomer'], env);
    expect(created.code).toBe(0);
    const key = created.output.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^wxk_/);

    const bound = await gql(url, key, Bind, { input: { appId: 'wxembedded0000001', appSecret: 'embedded-secret', name: 'Embedded', type: 'SUBSCRIPTION' } });
    expect(bound.bindAccount).toMatchObject({ __typename: 'BindAccountSuccess', data: { appId: 'wxembedded0000001' } });

    let client!: ReturnType<typeof wsClient>;
    const closed = new Promise<number>((resolve) => {
      client = wsClient(url, key, (event) => resolve(event.code));
      client.subscribe({ query: 'subscription { jobProgress(jobId: "eA==") { job { id } } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    // Stop only once the server has acknowledged the socket, however long that takes.
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(await closed).toBe(1001);

    const second = startProcess([], env);
    onTestFinished(async () => void (await second.stop('SIGKILL')));
    const url2 = apiUrl(await second.waitFor(/"msg":"api started"/));
    const listed = await gql(url2, key, List, {});
    expect(listed.accounts.edges.map((edge) => edge.node)).toEqual([{ appId: 'wxembedded0000001', name: 'Embedded' }]);

    // An expected error answered to a client is not an error of the server's: every line the
    // process writes is pino's JSON, and none is at error level (50) or above.
    const missing = await postGraphQL(url2, Materials, { accountId: 'no-such-account' }, key);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const records = second.lines.map((line) => JSON.parse(line) as { level: number });
    expect(records.filter((record) => record.level >= 50)).toEqual([]);
    expect(await second.stop('SIGINT')).toBe(0);
  }, 120_000);

  it('refuses to start on a PostgreSQL server without WXCAST_SECRET_KEY, with one clear line', async () => {
    const proc = startProcess([], childEnv({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres', PORT: '0' }));
    const line = await proc.waitFor(/WXCAST_SECRET_KEY/);
    expect(line).toMatch(/required when DATABASE_URL is set/);
    expect(await proc.exited).toBe(1);
    expect(proc.lines.join('\n')).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }, 60_000);
});
