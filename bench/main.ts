/**
 * Follower-sync benchmark (`npm run bench`). Starts a WeChat simulator in this process with one
 * account of N followers (default 1,000,000) and a fresh PostgreSQL database, then times:
 *
 *   fetch     paging user/get + user/info/batchget exactly as the sync does, writing nothing
 *   insert    one INSERT of N follower-shaped rows (generate_series) into a copy of `followers`
 *   sync      the follower sync service, first run (every follower and customer is new)
 *   resync    the same sync again (every row is updated)
 *
 * and reports wall time, followers/second and peak RSS of each phase, plus sync/fetch and
 * sync/(fetch+insert) ratios: those are what to compare between machines and commits, since
 * both sides of a ratio move together with the machine's speed.
 *
 *   npm run bench                          # 1,000,000 followers
 *   npm run bench -- --followers 100000    # or BENCH_FOLLOWERS=100000
 *   npm run bench -- --concurrency 8       # batchget calls in flight (default 6)
 *   npm run bench -- --no-resync
 *   npm run bench -- --scenario csv-import [--csv-rows 690000 --csv-known 100000]   (see csv-import.ts)
 *   npm run bench -- --scenario send [--followers N --first-group M --comparison remaining|group]   (see send.ts)
 *
 * DATABASE_URL (default postgresql://postgres@127.0.0.1:5432) names the server; the bench
 * creates `wxcast_bench_<random>` on it and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { admin as adminQuery, withDatabase } from './database.ts';
import { createPrismaClient, type Db } from '#src/db/client.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { applyMigrations } from '#src/db/migrations/apply.ts';
import { bindAccount } from '#src/services/accounts.ts';
import { createWorkspaceKey } from '#src/services/api-keys.ts';
import { DEFAULT_BATCHGET_CONCURRENCY, readUserInfos, syncFollowers } from '#src/services/follower-sync.ts';
import { createWeChatAccess } from '#src/wechat/access.ts';
import type { WeChatClient } from '#src/wechat/client.ts';
import { iterateOpenids } from '#src/wechat/pagination.ts';
import { createSimulator } from '#src/wechat-simulator/server.ts';

interface PhaseResult {
  phase: string;
  seconds: number;
  followersPerSecond: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

const { values: args } = parseArgs({
  options: {
    followers: { type: 'string' },
    concurrency: { type: 'string' },
    'no-resync': { type: 'boolean', default: false },
    scenario: { type: 'string', default: 'follower-sync' },
    'csv-rows': { type: 'string', default: '690000' },
    'csv-known': { type: 'string', default: '100000' },
    'first-group': { type: 'string' },
    comparison: { type: 'string', default: 'remaining' },
  },
});
const followers = Number(args.followers ?? process.env.BENCH_FOLLOWERS ?? 1_000_000);
const concurrency = Number(args.concurrency ?? process.env.BENCH_CONCURRENCY ?? DEFAULT_BATCHGET_CONCURRENCY);
if (!Number.isInteger(followers) || followers < 1) throw new Error('--followers must be a positive integer');
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive integer');

const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const dbName = `wxcast_bench_${randomBytes(5).toString('hex')}`;
const admin = (sql: string) => adminQuery(serverUrl, sql);

/** Times `body`, sampling RSS and V8 heap every 50 ms (maxRSS only gives the whole process's peak). */
async function phase(name: string, units: number, body: () => Promise<unknown>): Promise<PhaseResult> {
  globalThis.gc?.();
  let peak = process.memoryUsage.rss();
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  }, 50);
  const start = process.hrtime.bigint();
  try {
    await body();
  } finally {
    clearInterval(timer);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  peak = Math.max(peak, process.memoryUsage.rss());
  const result = { phase: name, seconds: round(seconds, 2), followersPerSecond: Math.round(units / seconds), peakRssMiB: round(peak / 2 ** 20, 0), peakHeapMiB: round(heap / 2 ** 20, 0) };
  process.stderr.write(`  ${name}: ${result.seconds} s\n`);
  return result;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The sync's reads without its writes: the floor a sync cannot go below on this machine. */
async function fetchOnly(client: WeChatClient): Promise<number> {
  let seen = 0;
  for await (const openids of iterateOpenids((next) => client.getFollowers(next))) {
    seen += (await readUserInfos(client, openids, concurrency)).length;
  }
  if (seen !== followers) throw new Error(`fetched ${seen} of ${followers} followers`);
  return seen;
}

/** One INSERT of N rows shaped like a synced follower into a copy of the table (same indexes). */
async function insertOnly(prisma: Db, accountId: string) {
  await prisma.$executeRawUnsafe('CREATE TABLE bench_followers (LIKE followers INCLUDING DEFAULTS INCLUDING INDEXES)');
  await prisma.$executeRaw`
    INSERT INTO bench_followers (account_id, customer_id, openid, unionid, subscribed, subscribe_time, language, remark, tag_ids, synced_at)
    SELECT ${accountId}::uuid, gen_random_uuid(), 'o' || md5(g::text), 'u' || md5(g::text), true, now(), 'zh_CN', NULL,
           CASE WHEN g % 10 = 0 THEN '{100}'::int[] ELSE '{}' END, now()
    FROM generate_series(1, ${followers}::int) AS g`;
  await prisma.$executeRawUnsafe('DROP TABLE bench_followers');
}

async function main() {
  process.stderr.write(`follower sync bench: ${followers.toLocaleString('en')} followers, batchget concurrency ${concurrency}, database ${dbName}\n`);
  await admin(`CREATE DATABASE ${dbName}`);
  const url = withDatabase(serverUrl, dbName);
  const sim = await createSimulator({ port: 0 });
  let prisma: Db | undefined;
  try {
    await applyMigrations(url);
    prisma = createPrismaClient(url);
    const appId = `wxbench${randomBytes(5).toString('hex')}`;
    const secret = randomBytes(16).toString('hex');
    sim.addAccount({ appId, secret, type: 'SERVICE', followers, openPlatform: 'bench-open-platform' });
    const secretKey = randomBytes(32);
    const wechat = createWeChatAccess({ prisma, secretKey, baseUrl: sim.url });
    const { workspace } = await createWorkspaceKey(prisma, `bench-${randomBytes(3).toString('hex')}`);
    const account = await bindAccount(scopeToWorkspace(prisma, workspace.id), { secretKey, verifyCredentials: wechat.verifyCredentials }, {
      appId,
      appSecret: secret,
      name: 'bench',
      type: 'SERVICE',
    });
    const client = await wechat.clientFor(account.id);
    const run = () => syncFollowers(prisma!, { workspaceId: workspace.id, accountId: account.id, client, batchgetConcurrency: concurrency });

    const results: PhaseResult[] = [];
    results.push(await phase('fetch (baseline)', followers, () => fetchOnly(client)));
    results.push(await phase('insert (baseline)', followers, () => insertOnly(prisma!, account.id)));
    let outcome: Awaited<ReturnType<typeof run>> | undefined;
    results.push(await phase('sync (first)', followers, async () => (outcome = await run())));
    if (outcome?.seen !== followers) throw new Error(`sync saw ${outcome?.seen} of ${followers}`);
    if (!args['no-resync']) results.push(await phase('sync (again)', followers, async () => (outcome = await run())));
    if (outcome?.seen !== followers) throw new Error(`re-sync saw ${outcome?.seen} of ${followers}`);

    const stored = await prisma.$queryRaw<{ followers: number; customers: number }[]>`
      SELECT (SELECT count(*) FROM followers)::int AS followers, (SELECT count(*) FROM customers)::int AS customers`;
    const [fetch, insert, first, again] = results as [PhaseResult, PhaseResult, PhaseResult, PhaseResult | undefined];
    const report = {
      followers,
      batchgetConcurrency: concurrency,
      node: process.version,
      stored: stored[0],
      phases: results,
      ratios: {
        syncOverFetch: round(first.seconds / fetch.seconds, 2),
        syncOverFetchPlusInsert: round(first.seconds / (fetch.seconds + insert.seconds), 2),
        ...(again ? { resyncOverFetch: round(again.seconds / fetch.seconds, 2) } : {}),
      },
      processMaxRssMiB: round((process.resourceUsage().maxRSS * 1024) / 2 ** 20, 0),
    };
    console.table(results);
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await prisma?.$disconnect();
    await sim.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

if (args.scenario === 'csv-import') {
  const { runCsvImportBench } = await import('./csv-import.ts');
  await runCsvImportBench({ rows: Number(args['csv-rows']), known: Number(args['csv-known']) });
} else if (args.scenario === 'send') {
  if (args.comparison !== 'remaining' && args.comparison !== 'group') throw new Error('--comparison must be remaining or group');
  const { runSendBench } = await import('./send.ts');
  await runSendBench({ followers, firstGroup: Number(args['first-group'] ?? Math.round(followers * 0.6)), comparison: args.comparison });
} else if (args.scenario === 'follower-sync') {
  await main();
} else {
  throw new Error('--scenario must be follower-sync, csv-import or send');
}
