/**
 * Sending engine benchmark (`npm run bench -- --scenario send`). One SERVICE account of N
 * followers (default 1,000,000) in the WeChat simulator (this process) and in a fresh database
 * (customers and followers made set-based from the simulator's openids), a customer group of the
 * first `--first-group` followers (default 600,000, by openid), and a broadcast to that group with
 * a comparison group: `--comparison remaining` (default: every remaining follower) or
 * `--comparison group` (a second group overlapping the first by 100,000 followers, so the
 * comparison group loses them). Either way the engine freezes N recipients in N/10,000 batches.
 *
 * The engine runs in the real app in its own process (bench/send-worker.ts: Agenda worker +
 * callback route), with the mass-send limit lifted there and in the simulator. Measured:
 *
 *   baseline SQL   the engine's freeze statements (recipients INSERT … SELECT, batch cut, with its
 *                  work_mem), run directly with `pg` on the same data, each task in a
 *                  transaction rolled back
 *   freeze         plan "send now" → record created (Agenda pickup), record created → PREPARING
 *   submit         SENDING → every batch SUBMITTED (message/mass/send through the real client)
 *   raw client     the same batches sent again by the same client, one after the other, with
 *                  fresh clientmsgids and nothing else: the simulator/HTTP time of each call
 *   results        simulator finishes every job → MASSSENDJOBFINISH callbacks → records SENT
 *   RSS            the wxcast process's peak RSS over the send minus its RSS before (sampled
 *                  every 20 ms from /proc)
 *
 * Times of record moves are the database's (`updated_at` of each move, heard on broadcast:status;
 * `created_at`, `submitted_at`, `finished_at`), so polling does not blur them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPrismaClient, type Db } from '#src/db/client.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { applyMigrations } from '#src/db/migrations/apply.ts';
import { bindAccount } from '#src/services/accounts.ts';
import { createWorkspaceKey } from '#src/services/api-keys.ts';
import { createWeChatAccess } from '#src/wechat/access.ts';
import { createSimulator, type Simulator } from '#src/wechat-simulator/server.ts';
import { createBroadcast } from '#src/authoring/broadcasts.ts';
import { addComparisonGroup } from '#src/authoring/tasks.ts';
import type { TaskDefinition } from '#src/authoring/task-definition.ts';
import { IN_TASK_AUDIENCE } from '#src/authoring/audience-rule.ts';
import { BATCH_SIZE, FREEZE_WORK_MEM } from '#src/sending/audience.ts';
import { createWxPubSub } from '#src/pubsub.ts';
import { systemClock } from '#src/clock.ts';
import { admin, withDatabase } from './database.ts';
import { rssOf } from './csv-import.ts';
import type { HeardMove, WorkerCommand } from './send-worker.ts';

export interface SendBenchOptions {
  followers: number;
  firstGroup: number;
  comparison: 'remaining' | 'group';
}

/** Followers the comparison group shares with the first one (`--comparison group`). */
const OVERLAP = 100_000;
/** Lifts both mass-send limits: the engine's slots (per account and minute) and the simulator's. */
const LIFTED_PER_MINUTE = 1_000_000;
/** Simulated: jobs finish when the bench says so, after every batch is submitted. */
const JOB_NEVER_FINISHES_ALONE_MS = 24 * 3600_000;
const POLL_MS = 100;
const ROOT = path.resolve(import.meta.dirname, '..');

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
const ms = (from: Date | number, to: Date | number) => new Date(to).getTime() - new Date(from).getTime();
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const log = (line: string) => process.stderr.write(`  ${line}\n`);

/**
 * The first group's task. An A/B test on the first group goes here: add `abTest` to this
 * definition (with its groups' send times "now"), and count its parts' records in
 * `expectedRecords` below — everything after the plan measures every record of the broadcast.
 * The baseline SQL (baselineFreeze) then needs each part's condition (the engine's
 * `inRecordAudience(part)`) instead of the task's IN_TASK_AUDIENCE.
 */
function firstTask(groupId: string): TaskDefinition {
  return { name: 'First group', audience: 'GROUPS', groupIds: [groupId], content: { kind: 'TEXT', text: 'Bench: first group' } };
}

export async function runSendBench(options: SendBenchOptions) {
  const { followers, firstGroup, comparison } = options;
  if (firstGroup >= followers || (comparison === 'group' && firstGroup <= OVERLAP)) throw new Error('--first-group must be below --followers (and above 100000 with --comparison group)');
  const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const dbName = `wxcast_bench_${randomBytes(5).toString('hex')}`;
  process.stderr.write(`send bench: ${followers.toLocaleString('en')} followers, first group ${firstGroup.toLocaleString('en')}, comparison ${comparison}, database ${dbName}\n`);
  await admin(serverUrl, `CREATE DATABASE ${dbName}`);
  const url = withDatabase(serverUrl, dbName);
  const sim = await createSimulator({
    port: 0,
    jobDurationMs: JOB_NEVER_FINISHES_ALONE_MS,
    config: { massMinuteLimit: LIFTED_PER_MINUTE, massDailyLimit: LIFTED_PER_MINUTE },
  });
  let prisma: Db | undefined;
  let worker: ChildProcess | undefined;
  const sql = new pg.Client({ connectionString: url });
  try {
    await applyMigrations(url);
    prisma = createPrismaClient(url, 2);
    await sql.connect();
    const secretKey = randomBytes(32);
    const began = performance.now();
    const seeded = await seed(prisma, sim, secretKey, options);
    log(`seed: ${round((performance.now() - began) / 1000, 1)} s`);
    const { workspaceId, account, broadcastId, version, taskIds } = seeded;
    // An A/B test adds a record per test group and one for the remainder (see firstTask).
    const expectedRecords = taskIds.length;

    const baseline = await baselineFreeze(sql, account.id, taskIds);
    log(`baseline SQL: ${baseline.map((b) => `${b.recipientsMs} + ${b.batchesMs} ms`).join(', ')}`);

    worker = fork(path.join(ROOT, 'bench/send-worker.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        BENCH_DATABASE_URL: url,
        BENCH_WECHAT_API_BASE: sim.url,
        BENCH_SECRET_KEY: secretKey.toString('hex'),
        BENCH_MASS_SENDS_PER_MINUTE: String(LIFTED_PER_MINUTE),
      },
    });
    const call = commander(worker);
    const { url: appUrl } = (await call.ready) as { url: string };
    sim.setCallbackUrl(`${appUrl}/wechat/callback/${account.id}`, account.appId);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // let start-up garbage go before the RSS baseline
    const rssBefore = await rssOf(worker.pid!);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => void rssOf(worker!.pid!).then((rss) => (rssPeak = Math.max(rssPeak, rss)), () => {}), 20);

    const planCalledAt = Date.now();
    await call({ kind: 'send', workspaceId, accountId: account.id, broadcastId, version });
    const submittedAllAt = await until('every batch submitted', async () => {
      const { rows: [row] } = await sql.query<{ records: number; sending: number; ended: number; waiting: number }>(`
        SELECT count(*)::int AS records, count(*) FILTER (WHERE r.state = 'SENDING')::int AS sending,
          count(*) FILTER (WHERE r.state IN ('SENT', 'PARTLY_FAILED', 'FAILED'))::int AS ended,
          (SELECT count(*)::int FROM send_batches b JOIN send_records x ON x.id = b.record_id
           WHERE x.broadcast_id = $1 AND b.state IN ('PENDING', 'SUBMITTING')) AS waiting
        FROM send_records r WHERE r.broadcast_id = $1`, [broadcastId]);
      const { rows: failed } = await sql.query(`SELECT id FROM job_runs WHERE status = 'FAILED'`);
      if (failed.length) throw new Error('a job of the worker failed (see its log above)');
      if (row!.ended > 0) throw new Error(`a record ended before its results: ${JSON.stringify(await recordsOf(sql, broadcastId))}`);
      return row!.records === expectedRecords && row!.sending === expectedRecords && row!.waiting === 0;
    });
    log(`every batch submitted after ${round(ms(planCalledAt, submittedAllAt) / 1000, 1)} s`);

    const jobsFinishedAt = Date.now();
    let jobs = 0;
    for (const job of sim.jobs(account.appId)) {
      if (!job.seeded && job.status === 'SENDING') {
        sim.finishJob(job.msgId);
        jobs++;
      }
    }
    await until('every record SENT', async () => {
      const records = await recordsOf(sql, broadcastId);
      if (records.some((r) => r.state !== 'SENDING' && r.state !== 'SENT')) throw new Error(`a record did not reach SENT: ${JSON.stringify(records)}`);
      return records.every((r) => r.state === 'SENT');
    });
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, await rssOf(worker.pid!));
    await sim.idle();

    const records = await recordsOf(sql, broadcastId);
    const moves = (await call({ kind: 'moves' })) as HeardMove[];
    const moveAt = (recordId: string, state: string) => {
      const move = moves.find((m) => m.recordId === recordId && m.state === state);
      if (!move) throw new Error(`no ${state} move heard for record ${recordId}`);
      return new Date(move.updatedAt);
    };
    const { rows: batches } = await sql.query<{ recordId: string; batchNo: number; submittedAt: Date }>(`
      SELECT b.record_id AS "recordId", b.batch_no AS "batchNo", b.submitted_at AS "submittedAt"
      FROM send_batches b JOIN send_records r ON r.id = b.record_id WHERE r.broadcast_id = $1 ORDER BY r.created_at, b.batch_no`, [broadcastId]);
    const rawMillis = (await call({ kind: 'raw', accountId: account.id, batches: batches.map(({ recordId, batchNo }) => ({ recordId, batchNo })) })) as number[];

    const perRecord = records.map((record, i) => {
      const own = batches.filter((b) => b.recordId === record.id);
      const sending = moveAt(record.id, 'SENDING');
      const lastSubmitted = new Date(Math.max(...own.map((b) => b.submittedAt.getTime())));
      const submitMs = ms(sending, lastSubmitted);
      return {
        record: i === 0 ? 'first group' : `comparison ${i}`,
        recipients: record.recipientCount,
        batches: own.length,
        pickupMs: ms(planCalledAt, record.createdAt),
        freezeMs: ms(record.createdAt, moveAt(record.id, 'PREPARING')),
        baselineFreezeMs: baseline[i]!.recipientsMs + baseline[i]!.batchesMs,
        submitS: round(submitMs / 1000, 2),
        msPerBatch: round(submitMs / own.length, 1),
        sentAfterJobsFinishedMs: ms(jobsFinishedAt, record.finishedAt!),
      };
    });
    const firstCreated = Math.min(...records.map((r) => r.createdAt.getTime()));
    const freezeWallMs = Math.max(...records.map((r) => moveAt(r.id, 'PREPARING').getTime())) - firstCreated;
    const baselineFreezeMs = baseline.reduce((sum, b) => sum + b.recipientsMs + b.batchesMs, 0);
    const firstSending = Math.min(...records.map((r) => moveAt(r.id, 'SENDING').getTime()));
    const submitWallMs = ms(firstSending, Math.max(...batches.map((b) => b.submittedAt.getTime())));
    const rawMean = mean(rawMillis);
    const engineMsPerBatch = mean(perRecord.map((r) => r.msPerBatch));
    const lastSent = Math.max(...records.map((r) => r.finishedAt!.getTime()));
    const report = {
      followers,
      firstGroup,
      comparison,
      recipients: records.reduce((sum, r) => sum + r.recipientCount, 0),
      batches: batches.length,
      simulatorJobsFinished: jobs,
      node: process.version,
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      freeze: {
        engineWallMs: freezeWallMs,
        baselineSqlMs: baselineFreezeMs,
        ratio: round(freezeWallMs / baselineFreezeMs, 2),
        baselineStatements: baseline,
        goalMet: freezeWallMs <= 10_000,
      },
      submit: {
        engineWallS: round(submitWallMs / 1000, 2),
        rawClientS: round(rawMillis.reduce((a, b) => a + b, 0) / 1000, 2),
        ratio: round(submitWallMs / rawMillis.reduce((a, b) => a + b, 0), 2),
        rawClientMsPerCall: { mean: round(rawMean, 1), median: round(median(rawMillis), 1), max: round(Math.max(...rawMillis), 1) },
        engineMsPerBatchInItsRecord: round(engineMsPerBatch, 1),
        engineWallMsPerBatch: round(submitWallMs / batches.length, 1),
        overheadMsPerBatch: round(engineMsPerBatch - rawMean, 1),
        goalMet: engineMsPerBatch - rawMean <= 20,
      },
      sent: {
        planToSentS: round(ms(planCalledAt, lastSent) / 1000, 2),
        jobsFinishedToSentS: round(ms(jobsFinishedAt, lastSent) / 1000, 2),
      },
      workerRss: {
        beforeMiB: round(rssBefore / 2 ** 20),
        peakMiB: round(rssPeak / 2 ** 20),
        growthMiB: round((rssPeak - rssBefore) / 2 ** 20),
        goalMet: rssPeak - rssBefore <= 150 * 2 ** 20,
      },
    };
    console.table(perRecord);
    console.log(JSON.stringify(report, null, 2));
  } finally {
    worker?.disconnect();
    if (worker && worker.exitCode === null) await new Promise((resolve) => worker!.once('exit', resolve));
    await sql.end().catch(() => {});
    await prisma?.$disconnect();
    await sim.close();
    // BENCH_KEEP_DATABASE=1 keeps it to look into (EXPLAIN ANALYZE of the engine's statements).
    if (process.env.BENCH_KEEP_DATABASE) log(`kept database ${dbName}`);
    else await admin(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

/**
 * The account (simulator and wxcast), its followers — one customer each, made in one statement
 * from the simulator's openids — the groups and the broadcast, through the authoring services.
 */
async function seed(prisma: Db, sim: Simulator, secretKey: Buffer, options: SendBenchOptions) {
  const appId = `wxbench${randomBytes(5).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  sim.addAccount({ appId, secret, type: 'SERVICE', followers: options.followers });
  const wechat = createWeChatAccess({ prisma, secretKey, baseUrl: sim.url });
  const { workspace } = await createWorkspaceKey(prisma, `bench-${randomBytes(3).toString('hex')}`);
  const db = scopeToWorkspace(prisma, workspace.id);
  const account = await bindAccount(db, { secretKey, verifyCredentials: wechat.verifyCredentials }, {
    appId, appSecret: secret, name: 'bench', type: 'SERVICE', callbackToken: sim.state.account(appId)!.callbackToken,
  });
  const store = sim.state.account(appId)!.followers;
  const openids = Array.from({ length: options.followers }, (_, i) => store.openidAt(i));
  await prisma.$executeRaw`
    WITH c AS (
      INSERT INTO customers (workspace_id, unionid)
      SELECT ${workspace.id}::uuid, 'u-' || openid FROM unnest(${openids}::text[]) AS o(openid) RETURNING id, unionid
    )
    INSERT INTO followers (account_id, customer_id, openid)
    SELECT ${account.id}::uuid, c.id, substr(c.unionid, 3) FROM c`;
  const group = async (name: string, offset: number, limit: number | null) => {
    const created = await prisma.customerGroup.create({ data: { workspaceId: workspace.id, name } });
    await prisma.$executeRaw`
      INSERT INTO customer_group_members (group_id, customer_id)
      SELECT ${created.id}::uuid, customer_id FROM followers WHERE account_id = ${account.id}::uuid
      ORDER BY openid OFFSET ${offset} LIMIT ${limit}`;
    return created.id;
  };
  const firstGroupId = await group('bench first', 0, options.firstGroup);
  const comparisonTask: TaskDefinition =
    options.comparison === 'group'
      ? { name: 'Comparison', audience: 'GROUPS', groupIds: [await group('bench comparison', options.firstGroup - OVERLAP, null)], content: { kind: 'TEXT', text: 'Bench: comparison' } }
      : { name: 'Comparison', audience: 'REMAINING_FOLLOWERS', content: { kind: 'TEXT', text: 'Bench: remaining followers' } };
  // What autovacuum would do soon after a bulk load; the plans below assume current statistics.
  await prisma.$executeRawUnsafe('ANALYZE');
  const pubsub = createWxPubSub();
  const deps = { db, clock: systemClock, pubsub: pubsub.pubsub };
  const broadcast = await createBroadcast(deps, { accountId: account.id, name: 'Bench broadcast', firstTask: firstTask(firstGroupId) });
  await addComparisonGroup(deps, { broadcastId: broadcast.id, version: broadcast.version, task: comparisonTask });
  await pubsub.close();
  const loaded = await prisma.broadcast.findUniqueOrThrow({ where: { id: broadcast.id }, include: { tasks: { orderBy: { position: 'asc' } } } });
  return { workspaceId: workspace.id, account, broadcastId: broadcast.id, version: loaded.version, taskIds: loaded.tasks.map((t) => t.id) };
}

/**
 * The engine's two freeze statements (src/sending/audience.ts, freezeAudience), run directly on
 * each task, in a transaction that is rolled back (and the tables vacuumed after), so the engine
 * then freezes the same data into the same empty tables. The text is the engine's on purpose:
 * this is what the engine's freeze costs without the engine.
 */
async function baselineFreeze(sql: pg.Client, accountId: string, taskIds: string[]) {
  const results: { recipientsMs: number; batchesMs: number; recipients: number }[] = [];
  for (const taskId of taskIds) {
    await sql.query('BEGIN');
    try {
      await sql.query(`SET LOCAL work_mem = '${FREEZE_WORK_MEM}'`);
      const { rows: [record] } = await sql.query<{ id: string }>(`
        INSERT INTO send_records (broadcast_id, task_id, account_id)
        SELECT t.broadcast_id, t.id, b.account_id FROM broadcast_tasks t JOIN broadcasts b ON b.id = t.broadcast_id
        WHERE t.id = $1::uuid RETURNING id`, [taskId]);
      let began = performance.now();
      const recipients = await sql.query(`
        INSERT INTO send_record_recipients (record_id, openid, follower_id, batch_no)
        SELECT $1::uuid, f.openid, f.id, CASE WHEN $3::boolean THEN ((row_number() OVER (ORDER BY f.openid)) - 1) / $4::int ELSE 0 END
        FROM broadcast_tasks t
        JOIN broadcasts b ON b.id = t.broadcast_id
        JOIN followers f ON f.account_id = b.account_id AND f.subscribed
        WHERE t.id = $2::uuid AND ${IN_TASK_AUDIENCE.sql}
        ON CONFLICT DO NOTHING`, [record!.id, taskId, true, BATCH_SIZE]);
      const recipientsMs = round(performance.now() - began);
      began = performance.now();
      await sql.query(`
        INSERT INTO send_batches (record_id, account_id, batch_no, client_msg_id, recipient_count)
        SELECT $1::uuid, $2::uuid, batch_no,
          left(encode(sha256(convert_to('["batch","' || $1::text || '",' || batch_no || ']', 'UTF8')), 'hex'), 32), count(*)::int
        FROM send_record_recipients WHERE record_id = $1::uuid GROUP BY batch_no
        ON CONFLICT (record_id, batch_no) DO NOTHING`, [record!.id, accountId]);
      results.push({ recipientsMs, batchesMs: round(performance.now() - began), recipients: recipients.rowCount ?? 0 });
    } finally {
      await sql.query('ROLLBACK');
    }
  }
  await sql.query('VACUUM ANALYZE send_records, send_record_recipients, send_batches');
  return results;
}

type RecordRow = { id: string; state: string; recipientCount: number; createdAt: Date; finishedAt: Date | null };

async function recordsOf(sql: pg.Client, broadcastId: string): Promise<RecordRow[]> {
  const { rows } = await sql.query<RecordRow>(`
    SELECT r.id, r.state::text AS state, r.recipient_count AS "recipientCount", r.created_at AS "createdAt", r.finished_at AS "finishedAt"
    FROM send_records r JOIN broadcast_tasks t ON t.id = r.task_id WHERE r.broadcast_id = $1 ORDER BY t.position`, [broadcastId]);
  return rows;
}

/** Polls `done` until it is true (its wall time), for at most 9 minutes. */
async function until(what: string, done: () => Promise<boolean>): Promise<Date> {
  const deadline = Date.now() + 9 * 60_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return new Date();
}

/** Sends commands to the worker and resolves their answers; `ready` is its start-up message. */
function commander(child: ChildProcess) {
  let next = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const ready = new Promise<unknown>((resolve, reject) => {
    waiting.set(0, { resolve, reject });
    child.once('exit', (code) => {
      for (const entry of waiting.values()) entry.reject(new Error(`the wxcast worker exited (${code})`));
      waiting.clear();
    });
  });
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) entry?.reject(new Error(`worker: ${message.error}`));
    else entry?.resolve(message.result);
  });
  const call = (command: WorkerCommand extends infer C ? (C extends WorkerCommand ? Omit<C, 'id'> : never) : never) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ ...command, id });
    });
  return Object.assign(call, { ready });
}
