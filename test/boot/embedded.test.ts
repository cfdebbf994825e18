import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { childEnv, runCli, startProcess, type WxProcess } from '../helpers/process.ts';
import { gql, postGraphQL, wsClient } from '../helpers/graphql.ts';
import { tempDataDir } from '../helpers/data-dir.ts';
import { createSimulator } from '#src/wechat-simulator/server.ts';
import { isAlive } from '#src/db/embedded/owner.ts';

const Bind = graphql(`
  mutation EmbeddedBind($input: BindAccountInput!) {
    bindAccount(input: $input) { __typename ... on BindAccountSuccess { data { appId } } ... on WeChatError { errcode } }
  }
`);
const List = graphql(`query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }`);
const Materials = graphql(`query EmbeddedMaterials($accountId: ID!) { materials(accountId: $accountId, first: 1) { totalCount } }`);

const apiUrl = (line: string) => (JSON.parse(line) as { url: string }).url.replace(/\/graphql$/, '');

/** Starts `npm start` and resolves once the API serves, with its URL and how long that took. */
async function started(env: NodeJS.ProcessEnv) {
  const begun = Date.now();
  const proc = startProcess([], env);
  onTestFinished(async () => void (await proc.stop('SIGKILL')));
  const url = apiUrl(await proc.waitFor(/"msg":"api started"/));
  const database = JSON.parse(await proc.waitFor(/"msg":"embedded PostgreSQL started"/)) as { port: number; ms: number };
  return { proc, url, port: database.port, databaseMs: database.ms, ms: Date.now() - begun };
}

/** The pid in the cluster's postmaster.pid, while it has one. */
async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(file) ? Number((await readFile(file, 'utf8')).split('\n')[0]) : undefined;
}

async function createKey(env: NodeJS.ProcessEnv, workspace: string) {
  const begun = Date.now();
  const created = await runCli(['api-key', 'create', '--workspace', workspace], env);
  const ms = Date.now() - begun;
  expect(created.code, created.output).toBe(0);
  const key = created.output.trim().split('\n').at(-1)!;
  expect(key).toMatch(/^wxk_/);
  return { key, ms };
}

const onlyLine = (proc: WxProcess) => proc.lines.filter((line) => line.trim() !== '');

describe('npm start on the embedded PostgreSQL (no DATABASE_URL)', () => {
  it('initialises, serves, keeps data and keys across SIGTERM and SIGKILL, and refuses a second process', async () => {
    const dataDir = await tempDataDir('embedded');
    // Binding checks the credentials with WeChat: the process talks to a simulator of this test.
    const sim = await createSimulator({ port: 0 });
    sim.addAccount({ appId: 'wxembedded0000001', secret: 'embedded-secret', type: 'SUBSCRIPTION' });
    onTestFinished(() => sim.close());
    const env = childEnv({ WXCAST_DATA_DIR: dataDir, PORT: '0', WECHAT_API_BASE: sim.url });

    const first = await started(env);
    console.log(`first start (initdb + start + migrate): PostgreSQL ready in ${first.databaseMs} ms, API serving ${first.ms} ms after spawn`);
    expect(await first.proc.waitFor(/"msg":"migrations applied"/)).toBeTruthy();
    const health = await fetch(`${first.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    // The generated password is kept beside the data, readable by its owner only.
    expect(statSync(path.join(dataDir, 'postgres.password')).mode & 0o777).toBe(0o600);

    // The CLI uses the running server.
    const { key, ms: cliMs } = await createKey(env, 'newcomer');
    console.log(`wxcast api-key create with the server running: ${cliMs} ms`);

    const bound = await gql(first.url, key, Bind, { input: { appId: 'wxembedded0000001', appSecret: 'embedded-secret', name: 'Embedded', type: 'SUBSCRIPTION' } });
    expect(bound.bindAccount).toMatchObject({ __typename: 'BindAccountSuccess', data: { appId: 'wxembedded0000001' } });

    // A second wxcast on the same directory refuses, with one line naming the owner and its port.
    const intruder = startProcess([], env);
    expect(await intruder.exited).toBe(1);
    expect(onlyLine(intruder)).toEqual([
      `wxcast failed to start: ${dataDir} is in use by wxcast process ${first.proc.child.pid} (its PostgreSQL listens on 127.0.0.1:${first.port}); stop that process first, or set WXCAST_DATA_DIR to another directory`,
    ]);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200); // and the owner is unharmed

    let client!: ReturnType<typeof wsClient>;
    const closed = new Promise<number>((resolve) => {
      client = wsClient(first.url, key, (event) => resolve(event.code));
      client.subscribe({ query: 'subscription { jobProgress(jobId: "eA==") { job { id } } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    // Stop only once the server has acknowledged the socket, however long that takes.
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const postgresPid = await postmasterPid(dataDir);
    expect(await first.proc.stop('SIGTERM')).toBe(0);
    expect(await closed).toBe(1001);
    // A clean stop stops PostgreSQL and gives the directory up.
    expect(isAlive(postgresPid!)).toBe(false);
    expect(existsSync(path.join(dataDir, 'server.json'))).toBe(false);

    const second = await started(env);
    console.log(`restart: PostgreSQL ready in ${second.databaseMs} ms, API serving ${second.ms} ms after spawn`);
    const listed = await gql(second.url, key, List, {});
    expect(listed.accounts.edges.map((edge) => edge.node)).toEqual([{ appId: 'wxembedded0000001', name: 'Embedded' }]);

    // An expected error answered to a client is not an error of the server's: every line the
    // process writes is pino's JSON, and none is at error level (50) or above.
    const missing = await postGraphQL(second.url, Materials, { accountId: 'no-such-account' }, key);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const records = second.proc.lines.map((line) => JSON.parse(line) as { level: number });
    expect(records.filter((record) => record.level >= 50)).toEqual([]);

    // A crash: SIGKILL leaves PostgreSQL running without its owner, and server.json behind.
    const orphan = await postmasterPid(dataDir);
    expect(await second.proc.stop('SIGKILL')).toBeNull();
    expect(isAlive(orphan!)).toBe(true);
    const third = await started(env);
    console.log(`start after SIGKILL: PostgreSQL ready in ${third.databaseMs} ms, API serving ${third.ms} ms after spawn`);
    expect(isAlive(orphan!)).toBe(false);
    expect((await gql(third.url, key, List, {})).accounts.totalCount).toBe(1);
    expect(await third.proc.stop('SIGINT')).toBe(0);
  }, 180_000);

  it('runs the CLI on a stopped data directory by starting its PostgreSQL for the command', async () => {
    const dataDir = await tempDataDir('cli');
    const env = childEnv({ WXCAST_DATA_DIR: dataDir });
    const migrated = await runCli(['migrate'], env);
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toMatch(/Applied \d+ migration\(s\)/);
    const again = await runCli(['migrate'], env);
    expect(again.output).toMatch(/up to date/);

    const { key, ms } = await createKey(env, 'offline');
    console.log(`wxcast api-key create on a migrated, stopped data directory: ${ms} ms`);
    // Nothing is left running, and the next start finds the key.
    expect(await postmasterPid(dataDir)).toBeUndefined();
    expect(existsSync(path.join(dataDir, 'server.json'))).toBe(false);
    const app = await started({ ...env, PORT: '0' });
    expect((await gql(app.url, key, List, {})).accounts.totalCount).toBe(0);
    expect(await app.proc.stop('SIGTERM')).toBe(0);
  }, 120_000);

  it('refuses a data directory of the PGlite-based wxcast with one line saying what to do', async () => {
    const dataDir = await tempDataDir('pglite');
    await mkdir(path.join(dataDir, 'pgdata', 'base'), { recursive: true });
    await writeFile(path.join(dataDir, 'pgdata', 'PG_VERSION'), '17\n');
    const proc = startProcess([], childEnv({ WXCAST_DATA_DIR: dataDir, PORT: '0' }));
    expect(await proc.exited).toBe(1);
    expect(onlyLine(proc)).toEqual([
      `wxcast failed to start: ${dataDir} holds a database of an earlier wxcast (PGlite, in pgdata/) that this version cannot open: ` +
        'move or delete that directory (its data are not converted), or set WXCAST_DATA_DIR to another one',
    ]);
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
  }, 60_000);

  it('refuses WXCAST_ROLE=api or worker without DATABASE_URL: the two processes need one server', async () => {
    const dataDir = await tempDataDir('roles');
    const [api, worker] = (['api', 'worker'] as const).map((role) => startProcess([], childEnv({ WXCAST_DATA_DIR: dataDir, PORT: '0', WXCAST_ROLE: role })));
    for (const [role, proc] of [['api', api!], ['worker', worker!]] as const) {
      expect(await proc.exited).toBe(1);
      expect(proc.lines.join('\n')).toMatch(new RegExp(`WXCAST_ROLE: ${role} runs beside a process of the other role, and both need one PostgreSQL server: set DATABASE_URL`));
      expect(proc.lines.join('\n')).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
  }, 60_000);

  it('refuses to start on a PostgreSQL server without WXCAST_SECRET_KEY, with one clear line', async () => {
    const proc = startProcess([], childEnv({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres', PORT: '0' }));
    const line = await proc.waitFor(/WXCAST_SECRET_KEY/);
    expect(line).toMatch(/required when DATABASE_URL is set/);
    expect(await proc.exited).toBe(1);
    expect(proc.lines.join('\n')).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }, 60_000);
});
