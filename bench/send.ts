/**
 * Sending engine benchmark (`npm run bench -- --scenario send`). One SERVICE account of N
 * followers (default 1,000,000) in the WeChat simulator (this process) and in a fresh database
 * (customers and followers made set-based from the simulator's openids), a customer group of the
 * first `--first-group` followers (default 600,000, by openid), and a broadcast to that group,
 * news with an A/B test (two test groups of 10 % each and the remainder), with a comparison
 * group: `--comparison remaining` (default: every remaining follower) or `--comparison group`
 * (a second group overlapping the first by 100,000 followers, so the comparison group loses
 * them). Either way the engine freezes N recipients in about N/10,000 batches.
 *
 * The engine runs in the real app in its own process (bench/send-worker.ts: Agenda worker +
 * callback route), with the mass-send limit lifted there and in the simulator. Two phases:
 * "send now" sends the comparison group while the test groups' jobs are made due (samples
 * drawn, both test groups sent); then the test groups' jobs finish, the simulator reports
 * their readers, both clocks move to when WeChat's datacube has that day, and the remainder's
 * job is made due: it chooses the winner, freezes and sends. Measured:
 *
 *   baseline SQL   the engine's sampling and freeze statements (samples INSERT, then each
 *                  part's recipients INSERT … SELECT and batch cut, with its work_mem), run
 *                  directly with `pg` on the same data, in a transaction rolled back
 *   sampling       sampling row's transaction start → first test group's record created
 *   freeze         record created → PREPARING (the remainder: winner stored → PREPARING)
 *   submit         SENDING → every batch SUBMITTED (message/mass/send through the real client)
 *   raw client     the same batches sent again by the same client, one after the other, with
 *                  fresh clientmsgids and nothing else: the simulator/HTTP time of each call
 *   counting       the monthly counts, after each run's submissions: gaps between the batches'
 *                  `monthly_counted_at`, and last submission → the run's end
 *   results        simulator finishes every job → MASSSENDJOBFINISH callbacks → records SENT
 *   RSS            the wxcast process's peak RSS over the send minus its RSS before (sampled
 *                  every 20 ms from /proc), also per phase
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
import { audienceTask } from '#src/authoring/audience-rule.ts';
import { FREEZE_WORK_MEM, freezeStatements } from '#src/sending/audience.ts';
import { drawSamplesStatement } from '#src/sending/ab-samples.ts';
import { abTestGroupPart, REMAINDER_PART, TASK_PART, type RecordPart } from '#src/sending/record-part.ts';
import { earliestRemainderTime } from '#src/authoring/ab-test.ts';
import { syncMaterials } from '#src/services/material-sync.ts';
import { Prisma } from '#src/generated/prisma/client.ts';
import { createWxPubSub } from '#src/pubsub.ts';
import { systemClock } from '#src/clock.ts';
import { admin, withDatabase } from './database.ts';
import { rssOf } from './csv-import.ts';
import type { HeardMove, WorkerCommand } from './send-worker.ts';
import { startNodeFlags } from '#src/node-flags.ts';

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

/** The A/B test on the first group: two test groups of this share each; the rest is the remainder. */
const AB_TEST_PERCENT = 10;
/** Unique readers the simulator reports for each test group's article (group 2 wins). */
const AB_READ_SHARE = [0.3, 0.4];

/**
 * The first group's task: news (a synced draft) with an A/B test of two test groups of 10 %
 * each (the other two drafts), and the remainder. The test groups' times must lie an hour ahead
 * and the remainder's on the next day; the bench makes their jobs due when it wants them.
 */
function firstTask(groupId: string, materialIds: string[], timeZone: string): TaskDefinition {
  const testsAt = new Date(Date.now() + 2 * 3600_000);
  return {
    name: 'First group', audience: 'GROUPS', groupIds: [groupId], content: { kind: 'NEWS', news: { materialId: materialIds[0]! } },
    abTest: {
      groups: [1, 2].map((i) => ({ percentage: AB_TEST_PERCENT, news: { materialId: materialIds[i]! }, sendAt: testsAt })),
      remainderSendAt: earliestRemainderTime(testsAt, timeZone),
    },
  };
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
    const { workspaceId, account, broadcastId, version, taskIds, abTitles } = seeded;
    const [firstTaskId, comparisonTaskId] = taskIds as [string, string];
    const abParts: RecordPart[] = [abTestGroupPart(0), abTestGroupPart(1)];

    const baseline = await baselineFreeze(sql, prisma, account.id, [
      ...abParts.map((part) => ({ taskId: firstTaskId, part })),
      { taskId: firstTaskId, part: REMAINDER_PART },
      { taskId: comparisonTaskId, part: TASK_PART },
    ]);
    log(`baseline SQL: sampling ${baseline.samplingMs} ms; freeze ${baseline.parts.map((b) => `${b.part} ${b.recipientsMs} + ${b.batchesMs} ms`).join(', ')}`);

    worker = fork(path.join(ROOT, 'bench/send-worker.ts'), [], {
      cwd: ROOT,
      // The worker runs with npm start's node flags; BENCH_WORKER_NODE_FLAGS adds more (e.g. `--trace-gc`, see bench/worker-memory.ts).
      execArgv: [...startNodeFlags(), '--import', 'tsx', ...(process.env.BENCH_WORKER_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [])],
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
    // Peaks per phase too: test groups + comparison group, remainder, results.
    const phasePeaks = [rssBefore, rssBefore, rssBefore];
    let phase = 0;
    const sampler = setInterval(() => void rssOf(worker!.pid!).then((rss) => {
      rssPeak = Math.max(rssPeak, rss);
      phasePeaks[phase] = Math.max(phasePeaks[phase]!, rss);
    }, () => {}), 20);

    // Phase 1: "send now" sends the comparison group; the A/B test groups keep their (later)
    // times, and their jobs are made due at once, so the samples are drawn and both test groups
    // sent while the comparison group is.
    // Where the RSS goes: the worker's V8 heap and its buffers, peaks of each (every 250 ms).
    type Memory = { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
    const memoryBefore = (await call({ kind: 'memory' })) as Memory;
    const memoryPeak: Memory = { ...memoryBefore };
    const memorySampler = setInterval(() => void call({ kind: 'memory' }).then((m) => {
      for (const key of Object.keys(memoryPeak) as (keyof Memory)[]) memoryPeak[key] = Math.max(memoryPeak[key], (m as Memory)[key]);
    }, () => {}), 250);
    const planCalledAt = Date.now();
    await call({ kind: 'send', workspaceId, accountId: account.id, broadcastId, version });
    const testJobs = await jobRunsOf(sql, abGroupSlots(firstTaskId));
    await makeDueNow(sql, testJobs);
    const submittedUntil = (what: string, parts: string[], watched: string[] = []) => until(what, async () => {
      // A rescheduled run waits (for the winner's figures): the bench would wait for nothing.
      const { rows: waits } = await sql.query<{ detail: string }>(`SELECT detail FROM job_run_events WHERE job_run_id = ANY($1::uuid[]) AND type = 'RESCHEDULED'`, [watched]);
      if (waits.length) throw new Error(`the run was rescheduled: ${waits[0]!.detail}`);
      const { rows } = await sql.query<{ part: string; state: string; waiting: number }>(`
        SELECT r.part, r.state::text AS state,
          (SELECT count(*)::int FROM send_batches b WHERE b.record_id = r.id AND b.state IN ('PENDING', 'SUBMITTING')) AS waiting
        FROM send_records r WHERE r.broadcast_id = $1`, [broadcastId]);
      const { rows: failed } = await sql.query(`SELECT id FROM job_runs WHERE status = 'FAILED'`);
      if (failed.length) throw new Error('a job of the worker failed (see its log above)');
      const mine = rows.filter((row) => parts.includes(row.part) && row.state === 'SENDING' && row.waiting === 0);
      return mine.length === parts.length;
    });
    const firstPhaseAt = await submittedUntil('the test groups and the comparison group submitted', [...abParts, TASK_PART]);
    log(`test groups and comparison group submitted after ${round(ms(planCalledAt, firstPhaseAt) / 1000, 1)} s`);

    // The test groups' jobs finish (their SentCount is the winner's denominator) and WeChat's
    // datacube gets their reads; the simulator's clock moves to when that day's data are ready
    // (08:00 Beijing the next day), then back once the winner is chosen.
    const jobsFinishedAt = Date.now();
    let jobs = 0;
    const finish = (msgIds: Set<string>) => {
      for (const job of sim.jobs(account.appId)) {
        if (!job.seeded && job.status === 'SENDING' && msgIds.has(String(job.msgId))) {
          sim.finishJob(job.msgId);
          jobs++;
        }
      }
    };
    finish(await msgIdsOf(sql, broadcastId, abParts));
    await until('the test groups SENT', async () => (await recordsOf(sql, broadcastId)).filter((r) => abParts.includes(r.part as RecordPart) && r.state === 'SENT').length === abParts.length);
    const { rows: delivered } = await sql.query<{ part: string; sent: number }>(`
      SELECT r.part, sum(b.sent_count)::int AS sent FROM send_records r JOIN send_batches b ON b.record_id = r.id
      WHERE r.broadcast_id = $1 AND r.part LIKE 'AB_TEST_GROUP:%' GROUP BY r.part`, [broadcastId]);
    for (const [i, title] of abTitles.entries()) {
      const sent = delivered.find((d) => d.part === abTestGroupPart(i))!.sent;
      sim.sending.setReadStats({ appid: account.appId, title, readUser: Math.round(sent * AB_READ_SHARE[i]!) });
    }
    const dataReadyIn = nextDatacubeReady(Date.now()) - Date.now();
    if (dataReadyIn >= JOB_NEVER_FINISHES_ALONE_MS) throw new Error('the simulated jobs would finish while its clock moves; run the bench at another hour');
    sim.setClock({ advanceMs: dataReadyIn });
    await call({ kind: 'clock', offsetMs: dataReadyIn });

    // Phase 2: the remainder (its job made due) waits for the winner, then freezes and sends.
    const remainderJobs = await jobRunsOf(sql, { sql: `SELECT $1::uuid AS id`, values: [firstTaskId] });
    phase = 1;
    const remainderDueAt = Date.now();
    await makeDueNow(sql, remainderJobs);
    const secondPhaseAt = await submittedUntil('the remainder submitted', [REMAINDER_PART], remainderJobs);
    sim.setClock({ set: new Date().toISOString() });
    await call({ kind: 'clock', offsetMs: 0 });
    log(`remainder submitted ${round(ms(remainderDueAt, secondPhaseAt) / 1000, 1)} s after its job was made due`);
    const { rows: [winner] } = await sql.query<{ winner: number; rule: string; decidedAt: Date }>(`
      SELECT x.winner_position AS winner, x.rule::text AS rule, x.decided_at AS "decidedAt"
      FROM ab_test_results x JOIN send_records r ON r.id = x.record_id WHERE r.broadcast_id = $1`, [broadcastId]);

    phase = 2;
    const lastJobsAt = Date.now();
    finish(await msgIdsOf(sql, broadcastId, [TASK_PART, REMAINDER_PART]));
    await until('every record SENT', async () => {
      const records = await recordsOf(sql, broadcastId);
      if (records.some((r) => r.state !== 'SENDING' && r.state !== 'SENT')) throw new Error(`a record did not reach SENT: ${JSON.stringify(records)}`);
      return records.every((r) => r.state === 'SENT');
    });
    // Monthly counts are written after each run's submissions; the run of the last record may still be at it.
    await until('every batch counted', async () => {
      const { rows: [row] } = await sql.query<{ left: number }>(`
        SELECT count(*)::int AS left FROM send_batches b JOIN send_records r ON r.id = b.record_id
        WHERE r.broadcast_id = $1 AND b.monthly_counted_at IS NULL`, [broadcastId]);
      return row!.left === 0;
    });
    clearInterval(sampler);
    clearInterval(memorySampler);
    rssPeak = Math.max(rssPeak, await rssOf(worker.pid!));
    await sim.idle();

    const records = await recordsOf(sql, broadcastId);
    const moves = (await call({ kind: 'moves' })) as HeardMove[];
    const moveAt = (recordId: string, state: string) => {
      const move = moves.find((m) => m.recordId === recordId && m.state === state);
      if (!move) throw new Error(`no ${state} move heard for record ${recordId}`);
      return new Date(move.updatedAt);
    };
    const { rows: batches } = await sql.query<{ recordId: string; batchNo: number; submittedAt: Date; countedAt: Date }>(`
      SELECT b.record_id AS "recordId", b.batch_no AS "batchNo", b.submitted_at AS "submittedAt", b.monthly_counted_at AS "countedAt"
      FROM send_batches b JOIN send_records r ON r.id = b.record_id WHERE r.broadcast_id = $1 ORDER BY r.created_at, b.batch_no`, [broadcastId]);
    const rawMillis = (await call({ kind: 'raw', accountId: account.id, batches: batches.map(({ recordId, batchNo }) => ({ recordId, batchNo })) })) as number[];
    const { rows: [sampling] } = await sql.query<{ drawnAt: Date }>(`SELECT drawn_at AS "drawnAt" FROM ab_test_samplings WHERE task_id = $1`, [firstTaskId]);
    const testRecordsCreated = Math.min(...records.filter((r) => abParts.includes(r.part as RecordPart)).map((r) => r.createdAt.getTime()));

    // Where each record's run ended after its last submission (its monthly counting came in between).
    const { rows: runEnds } = await sql.query<{ part: string; endAt: Date }>(`
      SELECT r.part, min(e.at) AS "endAt" FROM send_records r
      JOIN job_runs j ON j.kind = 'SEND_BROADCAST_TASK' AND (j.params->>'slotId')::uuid = CASE WHEN r.part LIKE 'AB_TEST_GROUP:%'
        THEN (SELECT g.id FROM ab_test_groups g WHERE g.task_id = r.task_id AND g.position = split_part(r.part, ':', 2)::int) ELSE r.task_id END
      JOIN job_run_events e ON e.job_run_id = j.id AND e.type IN ('RESCHEDULED', 'SUCCEEDED')
        AND e.at >= (SELECT max(b.submitted_at) FROM send_batches b WHERE b.record_id = r.id)
      WHERE r.broadcast_id = $1 GROUP BY r.part`, [broadcastId]);
    const perRecord = records.map((record) => {
      const own = batches.filter((b) => b.recordId === record.id);
      const sending = moveAt(record.id, 'SENDING');
      const lastSubmitted = Math.max(...own.map((b) => b.submittedAt.getTime()));
      // Each batch is counted in its own transaction, one after the other, after the last
      // submission; a batch's marker is set first in its transaction, so the gap between two
      // markers is one batch's counting.
      const counted = own.map((b) => b.countedAt.getTime()).sort((a, b) => a - b);
      const gaps = counted.slice(1).map((at, i) => at - counted[i]!);
      const runEnd = runEnds.find((e) => e.part === record.part)?.endAt;
      const submitMs = ms(sending, lastSubmitted);
      return {
        record: record.part === TASK_PART ? 'comparison' : record.part,
        recipients: record.recipientCount,
        batches: own.length,
        freezeMs: ms(record.createdAt, moveAt(record.id, 'PREPARING')),
        baselineFreezeMs: (({ recipientsMs, batchesMs }) => recipientsMs + batchesMs)(baseline.parts.find((b) => b.part === record.part && (record.part !== TASK_PART || b.taskId === comparisonTaskId))!),
        preparingToSendingMs: ms(moveAt(record.id, 'PREPARING'), sending),
        submitS: round(submitMs / 1000, 2),
        submitMsTotal: submitMs,
        msPerBatch: round(submitMs / own.length, 1),
        countingMsPerBatch: gaps.length ? round(mean(gaps), 1) : null,
        countingGaps: gaps,
        lastSubmittedToRunEndS: runEnd ? round(ms(lastSubmitted, runEnd) / 1000, 2) : null,
      };
    });
    const partRecords = (parts: string[]) => records.filter((r) => parts.includes(r.part));
    const freezeWall = (of: RecordRow[]) => Math.max(...of.map((r) => moveAt(r.id, 'PREPARING').getTime())) - Math.min(...of.map((r) => r.createdAt.getTime()));
    const firstPhaseFreezeMs = freezeWall(partRecords([...abParts, TASK_PART]));
    const remainderRecord = partRecords([REMAINDER_PART])[0]!;
    const remainderFreezeMs = ms(winner!.decidedAt, moveAt(remainderRecord.id, 'PREPARING'));
    const baselineOf = (parts: string[]) => baseline.parts.filter((b) => parts.includes(b.part)).reduce((sum, b) => sum + b.recipientsMs + b.batchesMs, 0);
    const rawMean = mean(rawMillis);
    const totalBatches = batches.length;
    const engineMsPerBatch = perRecord.reduce((sum, r) => sum + r.submitMsTotal, 0) / totalBatches;
    const countingGaps = perRecord.flatMap((r) => r.countingGaps);
    const remainderRow = perRecord.find((r) => r.record === REMAINDER_PART)!;
    const lastSent = Math.max(...records.map((r) => r.finishedAt!.getTime()));
    const report = {
      followers,
      firstGroup,
      comparison,
      recipients: records.reduce((sum, r) => sum + r.recipientCount, 0),
      batches: totalBatches,
      simulatorJobsFinished: jobs,
      node: process.version,
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      abTest: {
        samplingMs: testRecordsCreated - sampling!.drawnAt.getTime(),
        baselineSamplingSqlMs: baseline.samplingMs,
        winner: winner!.winner,
        rule: winner!.rule,
        remainderDueToWinnerMs: ms(remainderDueAt, winner!.decidedAt),
      },
      freeze: {
        testGroupsAndComparisonWallMs: firstPhaseFreezeMs,
        remainderMs: remainderFreezeMs,
        engineTotalMs: firstPhaseFreezeMs + remainderFreezeMs,
        // The engine's first phase includes the sampling (the test groups' records are made after it).
        baselineSqlMs: baseline.samplingMs + baselineOf([...abParts, REMAINDER_PART, TASK_PART]),
        ratio: round((firstPhaseFreezeMs + remainderFreezeMs) / (baseline.samplingMs + baselineOf([...abParts, REMAINDER_PART, TASK_PART])), 2),
        baselineStatements: baseline.parts,
        goalMet: firstPhaseFreezeMs + remainderFreezeMs <= 10_000,
      },
      submit: {
        engineSumOfRecordsS: round(perRecord.reduce((sum, r) => sum + r.submitMsTotal, 0) / 1000, 2),
        rawClientS: round(rawMillis.reduce((a, b) => a + b, 0) / 1000, 2),
        rawClientMsPerCall: { mean: round(rawMean, 1), median: round(median(rawMillis), 1), max: round(Math.max(...rawMillis), 1) },
        engineMsPerBatch: round(engineMsPerBatch, 1),
        overheadMsPerBatch: round(engineMsPerBatch - rawMean, 1),
        goalMet: engineMsPerBatch - rawMean <= 20,
        // The remainder is sent alone (phase 2): its batches do not share the machine with another record's.
        remainderAloneMsPerBatch: remainderRow.msPerBatch,
        remainderAloneOverheadMsPerBatch: round(remainderRow.msPerBatch - rawMean, 1),
        monthlyCountingMsPerBatch: { mean: round(mean(countingGaps), 1), median: round(median(countingGaps), 1), max: Math.max(...countingGaps) },
      },
      sent: {
        planToSentS: round(ms(planCalledAt, lastSent) / 1000, 2),
        testJobsFinishedToLastSentS: round(ms(jobsFinishedAt, lastSent) / 1000, 2),
        lastJobsFinishedToSentS: round(ms(lastJobsAt, lastSent) / 1000, 2),
      },
      workerRss: {
        beforeMiB: round(rssBefore / 2 ** 20),
        peakMiB: round(rssPeak / 2 ** 20),
        growthMiB: round((rssPeak - rssBefore) / 2 ** 20),
        peakPerPhaseMiB: { testGroupsAndComparison: round(phasePeaks[0]! / 2 ** 20), remainder: round(phasePeaks[1]! / 2 ** 20), results: round(phasePeaks[2]! / 2 ** 20) },
        memoryBeforeMiB: Object.fromEntries(Object.entries(memoryBefore).filter(([key]) => key in memoryPeak).map(([key, value]) => [key, round(value / 2 ** 20)])),
        memoryPeakMiB: Object.fromEntries(Object.entries(memoryPeak).map(([key, value]) => [key, round(value / 2 ** 20)])),
        // The goal is 150 MB (10^6 bytes each), 143 MiB.
        goalMet: rssPeak - rssBefore <= 150e6,
      },
    };
    console.table(perRecord.map(({ submitMsTotal: _, countingGaps: __, ...row }) => row));
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
  sim.addAccount({ appId, secret, type: 'SERVICE', followers: options.followers, drafts: 3 });
  const wechat = createWeChatAccess({ prisma, secretKey, baseUrl: sim.url });
  const { workspace } = await createWorkspaceKey(prisma, `bench-${randomBytes(3).toString('hex')}`);
  const db = scopeToWorkspace(prisma, workspace.id);
  const account = await bindAccount(db, { secretKey, verifyCredentials: wechat.verifyCredentials }, {
    appId, appSecret: secret, name: 'bench', type: 'SERVICE', callbackToken: sim.state.account(appId)!.callbackToken,
  });
  // The A/B test's news: the three drafts, synced as materials (the task's, then test group 1's and 2's).
  await syncMaterials({ prisma, client: await wechat.clientFor(account.id) }, { accountId: account.id, count: 20 }, async () => {});
  const drafts = sim.state.account(appId)!.drafts;
  const mediaIds = [...drafts.keys()];
  const materialIds = await Promise.all(mediaIds.map(async (mediaId) => (await prisma.material.findUniqueOrThrow({ where: { accountId_mediaId: { accountId: account.id, mediaId } } })).id));
  const abTitles = mediaIds.slice(1).map((mediaId) => drafts.get(mediaId)!.articles[0]!.title);
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
  const broadcast = await createBroadcast(deps, { accountId: account.id, name: 'Bench broadcast', firstTask: firstTask(firstGroupId, materialIds, account.timeZone) });
  await addComparisonGroup(deps, { broadcastId: broadcast.id, version: broadcast.version, task: comparisonTask });
  await pubsub.close();
  const loaded = await prisma.broadcast.findUniqueOrThrow({ where: { id: broadcast.id }, include: { tasks: { orderBy: { position: 'asc' } } } });
  return { workspaceId: workspace.id, account, broadcastId: broadcast.id, version: loaded.version, taskIds: loaded.tasks.map((t) => t.id), abTitles };
}

/**
 * The engine's statements, run directly with `pg` on the same data in one transaction that is
 * rolled back (and the tables vacuumed after), so the engine then works on the same data in the
 * same empty tables: the A/B sampling (ensureAbSamples: the sampling row, then
 * drawSamplesStatement), then each part's freeze (freezeAudience's freezeStatements: the
 * recipients and the batch cut), part after part. The statements are the engine's own: this is
 * what the engine's work costs without the engine.
 */
async function baselineFreeze(sql: pg.Client, prisma: Db, accountId: string, parts: { taskId: string; part: RecordPart }[]) {
  const results: { taskId: string; part: RecordPart; recipientsMs: number; batchesMs: number; recipients: number }[] = [];
  const query = (statement: Prisma.Sql) => sql.query(statement.text, statement.values);
  await sql.query('BEGIN');
  let samplingMs = 0;
  try {
    await sql.query(`SET LOCAL work_mem = '${FREEZE_WORK_MEM}'`);
    await sql.query('SET LOCAL enable_nestloop = off');
    const abTask = await audienceTask(prisma, parts.find((p) => p.part !== TASK_PART)!.taskId);
    let began = performance.now();
    await sql.query(`INSERT INTO ab_test_samplings (task_id, seed, audience_count) VALUES ($1::uuid, 'baseline', 0)`, [abTask.taskId]);
    await query(drawSamplesStatement(abTask, 'baseline'));
    samplingMs = round(performance.now() - began);
    for (const { taskId, part } of parts) {
      const { rows: [record] } = await sql.query<{ id: string }>(`
        INSERT INTO send_records (broadcast_id, task_id, account_id, part)
        SELECT t.broadcast_id, t.id, b.account_id, $2 FROM broadcast_tasks t JOIN broadcasts b ON b.id = t.broadcast_id
        WHERE t.id = $1::uuid RETURNING id`, [taskId, part]);
      const statements = freezeStatements({ id: record!.id, accountId, part, route: 'openids' }, await audienceTask(prisma, taskId));
      began = performance.now();
      const recipients = await query(statements.recipients);
      const recipientsMs = round(performance.now() - began);
      began = performance.now();
      await query(statements.batches);
      results.push({ taskId, part, recipientsMs, batchesMs: round(performance.now() - began), recipients: recipients.rowCount ?? 0 });
    }
  } finally {
    await sql.query('ROLLBACK');
  }
  await sql.query('VACUUM ANALYZE send_records, send_record_recipients, send_batches, ab_test_samplings, ab_test_samples');
  return { samplingMs, parts: results };
}

/** The A/B test groups of a task, as a query of slot ids (their jobs' `slotId`). */
function abGroupSlots(taskId: string) {
  return { sql: `SELECT id FROM ab_test_groups WHERE task_id = $1::uuid`, values: [taskId] };
}

/** The SEND_BROADCAST_TASK runs of the slots a query lists. */
async function jobRunsOf(sql: pg.Client, slots: { sql: string; values: unknown[] }): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(`
    SELECT id FROM job_runs WHERE kind = 'SEND_BROADCAST_TASK' AND (params->>'slotId')::uuid IN (${slots.sql})`, slots.values);
  if (!rows.length) throw new Error('no job run for the slots');
  return rows.map((row) => row.id);
}

/** Makes scheduled job runs due now (their row and their Agenda job), as the tests' makeJobDueNow does. */
async function makeDueNow(sql: pg.Client, jobRunIds: string[]) {
  await sql.query(`UPDATE job_runs SET run_at = now() WHERE id = ANY($1::uuid[])`, [jobRunIds]);
  const { rowCount } = await sql.query(`UPDATE agenda.agenda_jobs SET next_run_at = now() WHERE data->>'jobRunId' = ANY($1::text[]) AND next_run_at IS NOT NULL`, [jobRunIds]);
  if (rowCount !== jobRunIds.length) throw new Error(`expected ${jobRunIds.length} scheduled Agenda jobs, found ${rowCount}`);
}

/** The msg_ids of the submitted batches of the broadcast's records of these parts. */
async function msgIdsOf(sql: pg.Client, broadcastId: string, parts: string[]): Promise<Set<string>> {
  const { rows } = await sql.query<{ msgId: string }>(`
    SELECT b.msg_id::text AS "msgId" FROM send_batches b JOIN send_records r ON r.id = b.record_id
    WHERE r.broadcast_id = $1 AND r.part = ANY($2::text[]) AND b.msg_id IS NOT NULL`, [broadcastId, parts]);
  return new Set(rows.map((row) => row.msgId));
}

/** WeChat's datacube has a day's figures from 08:00 Beijing the next day: that instant (plus a minute) after `now`. */
function nextDatacubeReady(now: number): number {
  const beijingOffset = 8 * 3600_000;
  const day = Math.floor((now + beijingOffset) / 86_400_000) * 86_400_000 - beijingOffset;
  return day + 86_400_000 + 8 * 3600_000 + 60_000;
}

type RecordRow = { id: string; part: string; state: string; recipientCount: number; createdAt: Date; finishedAt: Date | null };

async function recordsOf(sql: pg.Client, broadcastId: string): Promise<RecordRow[]> {
  const { rows } = await sql.query<RecordRow>(`
    SELECT r.id, r.part, r.state::text AS state, r.recipient_count AS "recipientCount", r.created_at AS "createdAt", r.finished_at AS "finishedAt"
    FROM send_records r JOIN broadcast_tasks t ON t.id = r.task_id WHERE r.broadcast_id = $1 ORDER BY t.position, r.part`, [broadcastId]);
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
