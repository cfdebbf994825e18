import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { childEnv, startProcess, type WxProcess } from '../helpers/process.ts';
import { gql } from '../helpers/graphql.ts';
import { tempDataDir } from '../helpers/data-dir.ts';
import { runningEmbeddedUrl } from '#src/db/embedded.ts';
import { demoSeed } from '#src/wechat-simulator/seed.ts';

const DemoAccounts = graphql(`
  query DemoAccounts { accounts(first: 5) { totalCount edges { node { id appId type name bound } } } }
`);

const DEMO = demoSeed.accounts[0]!;

/** What `npm start -- --demo` printed: the GraphiQL URL, the API key and the simulator's URL. */
async function readBanner(proc: WxProcess) {
  const value = async (label: string) => /:\s+(\S+)/.exec(await proc.waitFor(new RegExp(`^\\s*${label}:\\s+\\S`)))![1]!;
  const graphiqlUrl = await value('GraphiQL');
  return { graphiqlUrl, url: graphiqlUrl.replace(/\/graphql$/, ''), key: await value('API key'), simulatorUrl: await value('WeChat simulator') };
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('npm start -- --demo', () => {
  it('binds the seeded account, prints a working key pre-filled in GraphiQL, wires callbacks, and survives a restart', async () => {
    const dataDir = await tempDataDir('demo');
    const env = childEnv({ WXCAST_DATA_DIR: dataDir, PORT: '0' });

    const first = startProcess(['--demo'], env);
    onTestFinished(async () => void (await first.stop('SIGKILL')));
    const banner = await readBanner(first);
    expect(banner.key).toMatch(/^wxk_/);
    // Without HOST the demo listens on loopback only, and says nothing about exposure.
    expect(banner.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.lines.join('\n')).not.toMatch(/Warning/);

    // The printed key works over HTTP and sees exactly the demo account, bound with its real credentials.
    const listed = await gql(banner.url, banner.key, DemoAccounts, {});
    expect(listed.accounts.totalCount).toBe(1);
    const account = listed.accounts.edges[0]!.node;
    expect(account).toMatchObject({ appId: DEMO.appId, type: 'SERVICE', name: DEMO.name, bound: true });

    // GraphiQL (a browser's GET) comes with the Authorization header filled in.
    const page = await fetch(banner.graphiqlUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Bearer ${banner.key}`);
    expect(html).not.toContain('<your API key>');

    // The demo data live apart from real data: an embedded database under <data dir>/demo.
    const databaseUrl = await runningEmbeddedUrl(path.join(dataDir, 'demo'));
    expect(databaseUrl).toBeDefined();

    // End to end: a mass send in the simulator finishes and its MASSSENDJOBFINISH reaches the demo's callback endpoint.
    const token = await postJson<{ access_token: string }>(`${banner.simulatorUrl}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      appid: DEMO.appId,
      secret: DEMO.secret,
    });
    const sent = await postJson<{ errcode: number; msg_id: number }>(
      `${banner.simulatorUrl}/cgi-bin/message/mass/sendall?access_token=${encodeURIComponent(token.access_token)}`,
      { filter: { is_to_all: true }, msgtype: 'text', text: { content: 'demo end-to-end' } },
    );
    expect(sent.errcode).toBe(0);
    await postJson(`${banner.simulatorUrl}/_sim/mass-jobs/${sent.msg_id}/finish`, {});
    await postJson(`${banner.simulatorUrl}/_sim/idle`, {});
    const attempts = await (await fetch(`${banner.simulatorUrl}/_sim/callbacks?msg_id=${sent.msg_id}`)).json() as { attempts: { url: string; outcome: number | string; ok: boolean }[] };
    expect(attempts.attempts).toEqual([expect.objectContaining({ url: expect.stringMatching(/\/wechat\/callback\/[0-9a-f-]{36}$/), outcome: 200, ok: true })]);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ event: string; msg_id: string; account_id: string; app_id: string }>(
        `SELECT e.event, e.msg_id::text, e.account_id::text, a.app_id FROM wechat_events e JOIN official_accounts a ON a.id = e.account_id WHERE e.msg_id = $1`,
        [sent.msg_id],
      );
      expect(rows).toEqual([{ event: 'MASSSENDJOBFINISH', msg_id: String(sent.msg_id), account_id: expect.any(String), app_id: DEMO.appId }]);
    } finally {
      await client.end();
    }
    expect(await first.stop('SIGTERM')).toBe(0);

    // A restart reuses the workspace and the account, prints a new key, and the earlier key still works.
    const second = startProcess(['--demo'], env);
    onTestFinished(async () => void (await second.stop('SIGKILL')));
    const again = await readBanner(second);
    expect(again.key).not.toBe(banner.key);
    const relisted = await gql(again.url, again.key, DemoAccounts, {});
    expect(relisted.accounts.edges.map((edge) => edge.node.id)).toEqual([account.id]);
    expect((await gql(again.url, banner.key, DemoAccounts, {})).accounts.totalCount).toBe(1);
    expect(await second.stop('SIGINT')).toBe(0);
  }, 180_000);

  it('bound to every interface, warns once and never gives the key to a request from another address', async () => {
    const external = externalAddress();
    const env = childEnv({ WXCAST_DATA_DIR: await tempDataDir('demo-host'), PORT: '0', HOST: '0.0.0.0' });
    const proc = startProcess(['--demo'], env);
    onTestFinished(async () => void (await proc.stop('SIGKILL')));
    const banner = await readBanner(proc);
    await proc.waitFor(/"msg":"demo ready"/);
    expect(proc.lines.filter((line) => /Warning: HOST=0\.0\.0\.0 makes this demo reachable from other machines/.test(line))).toHaveLength(1);
    const port = Number(new URL(banner.url).port);

    // From this machine's loopback: pre-filled. From its network address (a real connection whose
    // peer is not loopback): the placeholder only, whatever the request asks for.
    expect(await graphiqlPage('127.0.0.1', port)).toContain(`Bearer ${banner.key}`);
    console.log(`GraphiQL requested from ${external} (a local non-loopback address)`);
    const variants: Record<string, string>[] = [{}, { 'x-forwarded-for': '127.0.0.1' }, { host: `127.0.0.1:${port}` }];
    for (const headers of variants) {
      const page = await graphiqlPage(external, port, headers);
      expect(page).toContain('YogaGraphiQL.renderYogaGraphiQL');
      expect(page).not.toContain(banner.key);
    }
    // The key itself still works from there (it was printed to whoever runs the demo).
    const externalUrl = `http://${external}:${port}`;
    expect((await gql(externalUrl, banner.key, DemoAccounts, {})).accounts.totalCount).toBe(1);
    expect(await proc.stop('SIGTERM')).toBe(0);
  }, 120_000);
});

/** A non-loopback IPv4 address of this machine (its network interface). */
function externalAddress(): string {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
  if (!address) throw new Error('this test needs a non-loopback IPv4 address on this machine');
  return address;
}

/** GraphiQL's page fetched over a connection from and to `address` (so the server sees it as the peer). */
function graphiqlPage(address: string, port: number, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: address, port, path: '/graphql', localAddress: address, headers: { accept: 'text/html', ...headers } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}
