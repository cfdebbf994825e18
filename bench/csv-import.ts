/**
 * CSV member import benchmark (`npm run bench -- --scenario csv-import`). Starts wxcast as its own
 * process (`src/main.ts`, api role) on a fresh database with one account of `--csv-known`
 * followers (default 100,000), builds one CSV of `--csv-rows` openids (default 690,000, about
 * 20 MB: the known ones, the rest unknown) and measures, against the server process only:
 *
 *   idle (baseline)   small queries alone, the same clients as below
 *   import x1         one import while the small queries run
 *   import x4         four imports at once (four groups) while the small queries run
 *
 * For each phase: seconds, the server's RSS growth over the phase (peak minus start, sampled every
 * 20 ms from /proc) and the latency of the small queries (p50, p99, max), sent by 4 clients in a
 * loop, each waiting for its answer.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient } from '#src/db/client.ts';
import { createWorkspaceKey } from '#src/services/api-keys.ts';
import { admin, withDatabase } from './database.ts';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const SMALL_QUERY = '{ viewer { workspace { name } } accounts(first: 5) { totalCount } }';
const SMALL_QUERY_CLIENTS = 4;

interface PhaseResult {
  phase: string;
  seconds: number;
  rssGrowthMiB: number;
  smallQueries: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
}

/** Resident set size of a process (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function runCsvImportBench(options: { rows: number; known: number }) {
  const { rows, known } = options;
  if (known > rows) throw new Error('--csv-known must not exceed --csv-rows');
  const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const dbName = `wxcast_bench_${randomBytes(5).toString('hex')}`;
  process.stderr.write(`csv import bench: ${rows.toLocaleString('en')} rows (${known.toLocaleString('en')} known), database ${dbName}\n`);
  await admin(serverUrl, `CREATE DATABASE ${dbName}`);
  const url = withDatabase(serverUrl, dbName);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: url,
      WXCAST_SECRET_KEY: randomBytes(32).toString('hex'),
      WXCAST_ROLE: 'api',
      PORT: '0',
      LOG_LEVEL: 'info',
      WECHAT_API_BASE: 'http://127.0.0.1:9',
    },
  });
  try {
    const apiUrl = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const line = buffered.split('\n').find((l) => l.includes('"api started"'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.once('exit', (code) => reject(new Error(`wxcast exited with ${code}`)));
    });
    const { key, accountId, groupIds, openids } = await seed(url, known);
    const csv = buildCsv(openids, rows);
    process.stderr.write(`  csv: ${round(csv.size / 2 ** 20, 1)} MiB\n`);

    const post = async (body: string) => {
      const response = await fetch(apiUrl, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
      const json = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (!response.ok || json.errors) throw new Error(`request failed (${response.status}): ${JSON.stringify(json)}`);
      return json.data!;
    };
    // Uploads go through curl, so the client's work of sending 20 MB does not stall the small
    // queries' clients in this process and inflate their latency.
    const csvFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'wxcast-bench-')), 'members.csv');
    await writeFile(csvFile, Buffer.from(await csv.arrayBuffer()));
    const importInto = async (groupId: string) => {
      const query = `mutation($input: AddCustomerGroupMembersInput!) { addCustomerGroupMembers(input: $input) {
        __typename ... on AddCustomerGroupMembersSuccess { data { received added unknownCount } } } }`;
      const { stdout } = await execFileAsync('curl', [
        '-sS', '--fail-with-body', '-H', `authorization: Bearer ${key}`,
        '--form-string', `operations=${JSON.stringify({ query, variables: { input: { groupId, csv: null, csvAccountId: accountId } } })}`,
        '--form-string', `map=${JSON.stringify({ 0: ['variables.input.csv'] })}`,
        '-F', `0=@${csvFile};type=text/csv`,
        apiUrl,
      ], { maxBuffer: 16 * 2 ** 20 });
      const data = (JSON.parse(stdout) as { data: { addCustomerGroupMembers: { data?: { received: number; added: number } } } }).data.addCustomerGroupMembers;
      if (data.data?.received !== rows || data.data.added !== known) throw new Error(`unexpected import result ${stdout}`);
    };

    const phase = async (name: string, work: () => Promise<unknown>): Promise<PhaseResult> => {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // let the previous phase's garbage go
      const start = await rssOf(child.pid!);
      let peak = start;
      const sampler = setInterval(() => void rssOf(child.pid!).then((rss) => (peak = Math.max(peak, rss)), () => {}), 20);
      const latencies: number[] = [];
      let running = true;
      const client = async () => {
        while (running) {
          const sent = performance.now();
          await post(JSON.stringify({ query: SMALL_QUERY }));
          latencies.push(performance.now() - sent);
        }
      };
      const began = performance.now();
      const clients = Array.from({ length: SMALL_QUERY_CLIENTS }, client);
      try {
        await work();
      } finally {
        running = false;
        await Promise.all(clients);
        clearInterval(sampler);
      }
      const seconds = (performance.now() - began) / 1000;
      const sorted = latencies.sort((a, b) => a - b);
      const result = {
        phase: name,
        seconds: round(seconds, 2),
        rssGrowthMiB: round((peak - start) / 2 ** 20),
        smallQueries: sorted.length,
        p50ms: round(percentile(sorted, 50), 1),
        p99ms: round(percentile(sorted, 99), 1),
        maxMs: round(sorted.at(-1) ?? 0, 1),
      };
      process.stderr.write(`  ${name}: ${result.seconds} s\n`);
      return result;
    };

    // Warm-up (JIT, pools, caches) so the baseline does not include start-up costs.
    await Promise.all(Array.from({ length: SMALL_QUERY_CLIENTS }, async () => {
      for (let i = 0; i < 100; i += 1) await post(JSON.stringify({ query: SMALL_QUERY }));
    }));
    const results: PhaseResult[] = [];
    results.push(await phase('idle (baseline)', () => new Promise((resolve) => setTimeout(resolve, 10_000))));
    results.push(await phase('import x1', () => importInto(groupIds[0]!)));
    results.push(await phase('import x4', () => Promise.all(groupIds.slice(1, 5).map(importInto))));
    console.table(results);
    console.log(JSON.stringify({ rows, known, csvBytes: csv.size, node: process.version, loadAverage: os.loadavg().map((l) => round(l, 1)), phases: results }, null, 2));
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

/** A workspace and key, an account with `known` followers (set-based), five empty groups. */
async function seed(url: string, known: number) {
  const prisma = createPrismaClient(url, 2);
  try {
    const { key, workspace } = await createWorkspaceKey(prisma, 'bench');
    const account = await prisma.officialAccount.create({
      data: { workspaceId: workspace.id, appId: 'wxbenchcsv', name: 'bench', type: 'SERVICE', secretCiphertext: 'placeholder', callbackToken: 'token' },
    });
    // Openids of WeChat's length (28 characters).
    const openids = await prisma.$queryRaw<{ openid: string }[]>`
      WITH c AS (
        INSERT INTO customers (workspace_id, unionid)
        SELECT ${workspace.id}::uuid, 'u-bench-' || g FROM generate_series(1, ${known}::int) g RETURNING id, unionid
      )
      INSERT INTO followers (account_id, customer_id, openid, unionid, subscribed)
      SELECT ${account.id}::uuid, c.id, 'o' || left(md5(c.unionid), 27), c.unionid, true FROM c RETURNING openid`;
    const groupIds: string[] = [];
    for (let i = 1; i <= 5; i += 1) {
      const group = await prisma.customerGroup.create({ data: { workspaceId: workspace.id, name: `bench ${i}` } });
      groupIds.push(Buffer.from(`CustomerGroup:${group.id}`).toString('base64'));
    }
    const accountId = Buffer.from(`Account:${account.id}`).toString('base64');
    return { key, accountId, groupIds, openids: openids.map((row) => row.openid) };
  } finally {
    await prisma.$disconnect();
  }
}

/** The known openids spread over `rows` rows, the rest unknown openids of the same shape. */
function buildCsv(openids: string[], rows: number): Blob {
  const lines = ['openid'];
  const every = rows / openids.length;
  let next = 0;
  for (let i = 0; i < rows; i += 1) {
    if (next < openids.length && i >= Math.floor(next * every)) lines.push(openids[next++]!);
    else lines.push(`o${randomBytes(14).toString('hex').slice(0, 27)}`);
  }
  return new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv' });
}
