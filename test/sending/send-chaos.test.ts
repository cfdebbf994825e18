import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { gid, rawId } from '../helpers/broadcasts.ts';
import { childEnv, startProcess, type WxProcess } from '../helpers/process.ts';
import { deliveriesByOpenid, finishAll, groupOf, groupsAudience, sendingAccount, sendNow, text } from '../helpers/sending.ts';
import { dispatchRun } from '#src/jobs/dispatch.ts';
import { tagNameFor } from '#src/sending/tag-path.ts';
import { createRng } from '#src/wechat-simulator/ids.ts';

/** Replays a run's random choices: WXCAST_CHAOS_SEED=<the seed in the test's name>. */
const SEED = Number(process.env.WXCAST_CHAOS_SEED) || randomInt(1, 2 ** 31);
/** Short leases so a live worker takes a dead one's run over within about a second. */
const LEASE_MS = 1_000;
const RECONCILE_MS = 250;
/** Workers alive: the run's holder and two up (or starting) to take it over (a worker takes seconds to start on a busy machine). */
const POOL = 3;
/** Random kills of one broadcast (fewer when its batches are all submitted first). */
const RANDOM_KILLS = 3;
/** Random kills land at most this long after a worker claimed the run. */
const MAX_RANDOM_DELAY_MS = 1_200;
/** WeChat answers a clientmsgid seen within the last minute with 45066 (try again in a minute). */
const WECHAT_MINUTE_MS = 61_000;
const MASS_SEND = '/cgi-bin/message/mass/send';
const FINAL = ['SENT', 'PARTLY_FAILED', 'FAILED'];

/** The spawned workers: those alive (some maybe paused), and every one ever started. */
class Crew {
  alive: WxProcess[] = [];
  readonly all: WxProcess[] = [];
  /** What each kill hit, in order. */
  readonly kills: string[] = [];
  private readonly pauses: { worker: WxProcess; from: number; to: number }[] = [];

  constructor(private readonly spawn: () => WxProcess) {}

  /** When each worker was started: it may have claimed a run from then on, before it logs that it is up. */
  readonly spawnedAt = new Map<WxProcess, number>();

  hire(count: number) {
    for (let i = 0; i < count; i++) {
      const worker = this.spawn();
      this.spawnedAt.set(worker, Date.now());
      this.alive.push(worker);
      this.all.push(worker);
    }
  }

  /** SIGKILLs `doomed` (a paused worker too); the kill is counted when it has a label. */
  async kill(doomed: WxProcess[], point?: string) {
    this.alive = this.alive.filter((worker) => !doomed.includes(worker));
    await Promise.all(doomed.map((worker) => worker.stop('SIGKILL')));
    if (point) this.kills.push(point);
  }

  /** SIGSTOPs workers: they hold what they hold and do nothing until resumed. */
  pause(workers: WxProcess[]) {
    for (const worker of workers) {
      worker.child.kill('SIGSTOP');
      this.pauses.push({ worker, from: Date.now(), to: Number.POSITIVE_INFINITY });
    }
  }

  resume(workers: WxProcess[]) {
    for (const worker of workers) worker.child.kill('SIGCONT');
    for (const pause of this.pauses) if (workers.includes(pause.worker) && pause.to === Number.POSITIVE_INFINITY) pause.to = Date.now();
  }

  pausedAt(worker: WxProcess, time: number) {
    return this.pauses.some((pause) => pause.worker === worker && pause.from <= time && time <= pause.to);
  }

  /** Live workers not paused now. */
  running() {
    return this.alive.filter((worker) => !this.pausedAt(worker, Date.now()));
  }

  async dismiss() {
    await this.kill(this.all);
  }
}

/** How long a wait for a state may take before the test fails (generous: only a stuck send hits it). */
const UNTIL_DEADLINE_MS = 60_000;
/** Each test's bound; the whole file usually takes well under a minute (see the README). */
const TEST_TIMEOUT_MS = 120_000;

/**
 * Worker processes SIGKILLed while they send a broadcast: at points random timing rarely hits,
 * staged with PostgreSQL locks and the simulator's `hold` fault (inside the audience freeze,
 * between the freeze and the first batch, while a batch WeChat never received is SUBMITTING,
 * after WeChat accepted a batch whose answer never came back, during tagging), and at delays
 * drawn from a seeded PRNG, at times pausing the worker (SIGSTOP) until a live one took its run
 * over and then letting it carry on beside it. Three workers are alive throughout (the run's
 * holder and two to take it over); after each kill another is started, and at the end one lives
 * until the record is final. The
 * simulator's delivery log must show every intended recipient reached exactly once, nobody else.
 * The test's own app serves the API only (and receives WeChat's callbacks); the workers run jobs.
 */

describe(`the sending engine when workers die at any moment (seed ${SEED})`, () => {
  const secretKey = randomBytes(32);
  // WeChat's clock moves a minute ahead at every kill (see wechatMinutePasses), and the callbacks
  // it signs carry its time: the app accepts timestamps up to a day apart.
  const t = useTestApp({ role: 'api', secretKey, config: { callbackTimestampWindowSeconds: 86_400 } });
  const prisma = () => t.app.deps.prisma;
  const rng = createRng(SEED);
  let crew: Crew;
  /** The test's own PostgreSQL sessions, which stage lock waits. */
  const sessions: pg.Client[] = [];
  let service: Awaited<ReturnType<typeof sendingAccount>>;

  beforeAll(async () => {
    crew = new Crew(() =>
      startProcess([], childEnv({
        DATABASE_URL: t.db.url,
        WXCAST_SECRET_KEY: secretKey.toString('hex'),
        WECHAT_API_BASE: t.app.sim!.url,
        WXCAST_ROLE: 'worker',
        WXCAST_JOB_LOCK_LIFETIME_MS: String(LEASE_MS),
        WXCAST_JOB_RECONCILE_INTERVAL_MS: String(RECONCILE_MS),
      })),
    );
    crew.hire(POOL);
    service = await sendingAccount(t, 50_000);
  }, 60_000);
  // The seed and what was killed where, to replay a failure.
  beforeEach(() => onTestFailed(() => console.error(`seed ${SEED} (replay: WXCAST_CHAOS_SEED=${SEED}); kills:\n  ${crew.kills.join('\n  ')}`)));
  afterAll(async () => {
    await crew?.dismiss();
    for (const session of sessions) await session.end().catch(() => {});
  });

  // ---- Who holds the run, and killing it.

  /** How often a worker claimed the run (first start, takeovers, starts after a reschedule). */
  const claims = (runId: string) => prisma().jobRunEvent.count({ where: { jobRunId: runId, type: { in: ['STARTED', 'TAKEN_OVER'] } } });

  const STARTED_LINE = /"msg":"worker started"/;
  const startedAt = (worker: WxProcess) => {
    const line = worker.lines.find((l) => STARTED_LINE.test(l));
    return line ? (JSON.parse(line) as { time: number }).time : Number.POSITIVE_INFINITY;
  };

  /**
   * The live worker(s) that may hold the run: after a takeover, the one that logged it; after a
   * first start or a start after a reschedule (not logged), every worker started and not paused
   * by then (a worker's job store may claim a run before it logs that it is up).
   */
  async function holdersOf(runId: string): Promise<WxProcess[]> {
    const latest = await prisma().jobRunEvent.findFirst({ where: { jobRunId: runId, type: { in: ['STARTED', 'TAKEN_OVER'] } }, orderBy: { id: 'desc' } });
    if (!latest) return [...crew.alive];
    if (latest.type === 'STARTED') {
      const at = latest.at.getTime();
      const candidates = crew.alive.filter((worker) => crew.spawnedAt.get(worker)! <= at && !crew.pausedAt(worker, at));
      return candidates.length ? candidates : [...crew.alive];
    }
    const logged = (worker: WxProcess) =>
      worker.lines.some((line) => {
        if (!line.includes('took over a job run') || !line.includes(runId)) return false;
        const entry = JSON.parse(line) as { time: number; attempt: number };
        return entry.attempt === latest.attempt && entry.time >= latest.at.getTime() - 50;
      });
    // The log line follows the event by a moment.
    for (let tries = 0; tries < 100; tries++, await sleep(20)) {
      const holder = crew.alive.find(logged);
      if (holder) return [holder];
    }
    return [...crew.alive];
  }

  /** Waits until a worker other than `holders` is up (starting one if there is none) to take the run over. */
  async function spareUp(holders: WxProcess[]) {
    const spares = () => crew.alive.filter((worker) => !holders.includes(worker));
    if (!spares().length) crew.hire(1);
    await Promise.race(spares().map((worker) => worker.waitFor(STARTED_LINE)));
  }

  /**
   * SIGKILLs the worker holding the run once another is up to take it over, and starts others so
   * that POOL stay alive.
   */
  async function killHolder(runId: string, point: string) {
    const holders = await holdersOf(runId);
    await spareUp(holders);
    await crew.kill(holders, point);
    crew.hire(Math.max(0, POOL - crew.alive.length));
  }

  /**
   * Sends a broadcast now while only one worker can take its run (the others are paused until it
   * did), so that the holder is known without a takeover having been logged.
   */
  async function sendWithOneClaimant(send: () => Promise<string>) {
    // A worker left paused by a failed test would claim nothing.
    await crew.kill(crew.alive.filter((worker) => !crew.running().includes(worker)));
    crew.hire(Math.max(0, POOL - crew.alive.length));
    const [claimant, ...others] = [...crew.alive].sort((a, b) => startedAt(a) - startedAt(b));
    await claimant!.waitFor(STARTED_LINE);
    crew.pause(others);
    const task = await taskOf(await send());
    await until('a worker claims the run', () => claims(task.jobId!), (n) => n > 0);
    crew.resume(others);
    return task;
  }

  /**
   * WeChat's clock moves past its minute, as it does in production before a successor sees the
   * dead worker's lease (a minute) run out: a resubmission is then answered 45065 (the first
   * job's msg_id) instead of 45066. Mass jobs older than a minute finish and call back.
   */
  const wechatMinutePasses = () => t.app.sim!.setClock({ advanceMs: WECHAT_MINUTE_MS });

  // ---- Waiting.

  /**
   * Makes the waits the engine scheduled pass now (WeChat's minute after a 45066, a transient
   * backoff; with `results` also the wait for WeChat's result before a record's tag is removed):
   * WeChat's clock moves past its minute and the queued runs are made due and handed to the job store.
   */
  async function skipWaits(options: { results?: boolean } = {}) {
    const due = await prisma().$queryRaw<{ id: string; kind: string; runAt: Date }[]>`
      UPDATE job_runs SET run_at = clock_timestamp()
      WHERE status = 'QUEUED' AND run_at > clock_timestamp() + interval '1 second'
        AND (${options.results ?? false} OR error IS NULL OR error NOT LIKE 'waiting for WeChat''s result%')
      RETURNING id, kind, run_at AS "runAt"`;
    if (!due.length) return;
    wechatMinutePasses();
    for (const run of due) await dispatchRun({ prisma: prisma(), agenda: t.app.deps.agenda }, run);
  }

  /** Polls `value` until `done`, skipping scheduled waits meanwhile (see skipWaits). */
  async function until<T>(what: string, value: () => Promise<T>, done: (v: T) => boolean, options: { results?: boolean } = {}) {
    // A deadline only to end a stuck test with its seed and kills: a worker takes 2–8 s to start on
    // a busy machine, and several may start before a state is reached.
    const deadline = Date.now() + UNTIL_DEADLINE_MS;
    for (let skipped = 0; ; await sleep(25)) {
      const v = await value();
      if (done(v)) return v;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)} (seed ${SEED}; kills: ${crew.kills.join('; ')})`);
      // Waiting for results is skipped at most once a second: each rerun counts as a reschedule.
      if (!options.results || Date.now() - skipped > 1_000) await skipWaits(options), (skipped = Date.now());
    }
  }

  const recordOf = (taskId: string) => prisma().sendRecord.findFirst({ where: { taskId }, include: { batches: { orderBy: { batchNo: 'asc' } } } });
  const batchStates = async (taskId: string) => (await recordOf(taskId))?.batches.map((b) => b.state) ?? [];
  /** What a kill interrupts: the record's state and its batches'. */
  const stateOf = async (taskId: string) => {
    // Batches first: a record read after them is at least as far along as they are.
    const batches = (await prisma().sendBatch.findMany({ where: { record: { taskId } }, orderBy: { batchNo: 'asc' } })).map((b) => b.state);
    const record = await prisma().sendRecord.findFirst({ where: { taskId } });
    return record ? `${record.state}${batches.length ? ` [${batches.join(' ')}]` : ''}` : 'no record yet';
  };
  /** Whether anything is left to send: the record is not frozen and queued yet, or a batch waits for WeChat's answer. */
  const sending = async (taskId: string) => {
    const record = await recordOf(taskId);
    return !record || ['SELECTING', 'PREPARING', 'QUEUED'].includes(record.state) || record.batches.some((b) => b.state === 'PENDING' || b.state === 'SUBMITTING');
  };
  const taskOf = (broadcastId: string) => prisma().broadcastTask.findFirstOrThrow({ where: { broadcastId: rawId(broadcastId) } });

  /** Lets the last workers finish: all batches submitted, WeChat's jobs finished, the record final. */
  async function finishSend(appId: string, taskId: string) {
    await until('every batch submitted', () => sending(taskId), (open) => !open);
    await finishAll(t, appId);
    return (await until('the record final', () => recordOf(taskId), (r) => FINAL.includes(r!.state)))!;
  }

  // ---- Staging with locks.

  async function session() {
    const client = new pg.Client(t.db.url);
    await client.connect();
    sessions.push(client);
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    return { client, pid };
  }

  /** The sessions other than `except` waiting for a lock on `table`. */
  async function lockWaiters(table: string, except: number[]) {
    const rows = await prisma().$queryRaw<{ pid: number }[]>`
      SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
      WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND c.relname = ${table} AND NOT l.granted AND l.pid <> ALL(${except}::int[])`;
    return rows.map((row) => row.pid);
  }
  const untilLockWaiters = (table: string, except: number[], count = 1) =>
    expect.poll(async () => (await lockWaiters(table, except)).length, { timeout: UNTIL_DEADLINE_MS, interval: 20 }).toBe(count);

  /**
   * Ends the sessions a killed worker left waiting for one of the test's locks. PostgreSQL notices
   * a dead client only when it next talks to it: a waiting session would run its statement once
   * the lock is free (in production, until TCP gives up on the peer).
   */
  async function endSessions(pids: number[]) {
    await prisma().$queryRaw`SELECT pg_terminate_backend(pid) FROM unnest(${pids}::int[]) AS pid`;
    await expect.poll(async () => (await prisma().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY(${pids}::int[])`)[0]!.n, { interval: 20 }).toBe(0);
  }

  // ---- Random kills.

  /**
   * Kills the run's holder at delays from the seeded PRNG after it claimed the run, `kills`
   * times or until nothing is left to interrupt. About one time in three the holder is paused
   * instead; once a live worker took the run over, it carries on beside it (two workers running
   * the send at once) and is killed a little later.
   */
  async function randomKills(taskId: string, runId: string, kills: number) {
    let claimed = 0;
    for (let i = 0; i < kills && (await sending(taskId)); i++) {
      claimed = await until('a worker claims the run', () => claims(runId), (n) => n > claimed);
      const claimedAt = Date.now();
      const [delay, pause, resumeAfter, killAfter] = [Math.floor(rng() * MAX_RANDOM_DELAY_MS), rng() < 0.3, Math.floor(rng() * 400), Math.floor(rng() * 400)];
      const holders = await holdersOf(runId);
      // A successor is up before the holder dies (a worker starting takes seconds).
      await spareUp(holders);
      await sleep(claimedAt + delay - Date.now());
      const point = `${Date.now() - claimedAt} ms after the claim: ${await stateOf(taskId)}`;
      if (!pause) {
        await killHolder(runId, `random, ${point}`);
        wechatMinutePasses();
        continue;
      }
      // The holder again: the run may have been rescheduled and claimed anew during the delay.
      const paused = await holdersOf(runId);
      await spareUp(paused);
      crew.pause(paused);
      wechatMinutePasses();
      // (A holder that was not among them would send on and leave nothing to take over.)
      const next = await until('a live worker takes the paused one\'s run over', async () => ({ claims: await claims(runId), open: await sending(taskId) }), (v) => v.claims > claimed || !v.open);
      await sleep(resumeAfter);
      crew.resume(paused);
      await sleep(killAfter);
      const resumed = next.claims > claimed ? `resumed beside its successor ${resumeAfter} ms after the takeover` : `resumed ${resumeAfter} ms after every batch was submitted`;
      await crew.kill(paused, `random, paused ${point}; ${resumed}, killed ${killAfter} ms later`);
      crew.hire(Math.max(0, POOL - crew.alive.length));
      // The successor holds the run: the next kill needs no new claim.
      claimed = next.claims - 1;
    }
  }

  // ---- Deliveries.

  /** The followers among `openids` WeChat delivers to (it filters the seeded blacklist). */
  function reachable(appId: string, openids: string[]) {
    const store = t.app.sim!.state.account(appId)!.followers;
    return openids.filter((openid) => !store.isBlacklisted(store.indexOf(openid)));
  }

  /** Deliveries by openid since `before` was taken. */
  function deliveriesSince(appId: string, before: Map<string, number>) {
    const now = deliveriesByOpenid(t, appId);
    for (const [openid, count] of before) {
      const more = (now.get(openid) ?? 0) - count;
      if (more === 0) now.delete(openid);
      else now.set(openid, more);
    }
    return now;
  }

  /** Each intended recipient exactly once, nobody else. */
  function expectEachOnce(delivered: Map<string, number>, intended: string[]) {
    expect(intended.filter((openid) => delivered.get(openid) !== 1)).toEqual([]);
    expect(delivered.size).toBe(intended.length);
  }

  const simJobsOf = (appId: string) => t.app.sim!.jobs(appId).filter((j) => !j.seeded);
  const report = (what: string, from: number, started: number) =>
    console.info(`${what} (seed ${SEED}): ${crew.kills.length - from} kills in ${Date.now() - started} ms\n  ${crew.kills.slice(from).join('\n  ')}`);

  it('sends to a group of 45,000 of 50,000 followers exactly once through kills at staged points', async () => {
    const started = Date.now();
    const from = crew.kills.length;
    const { account, openids, customerOf } = service;
    const members = openids.slice(0, 45_000);
    const group = await groupOf(t, customerOf, members);

    // Inside the freeze: its batches cannot be written while this session holds a share lock.
    const first = await session();
    await first.client.query('BEGIN');
    await first.client.query('LOCK TABLE send_batches IN SHARE MODE');
    const task = await sendWithOneClaimant(() => sendNow(t, { accountId: gid('Account', account.id), name: 'Chaos staged', firstTask: { ...groupsAudience(group.id), content: text('staged') } }));
    await untilLockWaiters('send_batches', [first.pid]);
    let orphans = await lockWaiters('send_batches', [first.pid]);
    await killHolder(task.jobId!, 'staged: inside the audience freeze (45,000 recipients written, not committed)');
    await endSessions(orphans);
    expect(await recordOf(task.id)).toMatchObject({ state: 'SELECTING', batches: [] });
    expect(await prisma().sendRecordRecipient.count()).toBe(0);

    // Between the freeze and the first batch: a second session queues for the lock behind the
    // successor's freeze, so it holds the lock from the moment the freeze commits, and the
    // successor waits at marking batch 0 SUBMITTING.
    await untilLockWaiters('send_batches', [first.pid]);
    const second = await session();
    const secondLocked = second.client.query('BEGIN').then(() => second.client.query('LOCK TABLE send_batches IN SHARE MODE'));
    await untilLockWaiters('send_batches', [first.pid], 2);
    await first.client.query('COMMIT');
    await secondLocked;
    await untilLockWaiters('send_batches', [second.pid]);
    orphans = await lockWaiters('send_batches', [second.pid]);
    // The next submissions: batch 0 goes through, batch 1 is held (its worker is killed) and then dropped.
    const unseen = t.app.sim!.addFault({ path: MASS_SEND, appid: account.appId, after: 1, hold: true, drop: true });
    await killHolder(task.jobId!, 'staged: audience frozen and cut into 5 batches, none marked yet');
    await endSessions(orphans);
    const frozen = await recordOf(task.id);
    expect(frozen).toMatchObject({ state: 'SENDING', recipientCount: 45_000, batchCount: 5 });
    expect(frozen!.batches.map((b) => b.state)).toEqual(Array(5).fill('PENDING'));
    wechatMinutePasses();
    await second.client.query('COMMIT');

    // Mid-batch, WeChat never saw it.
    await t.app.sim!.whenHeld(unseen.id);
    // Then: batch 1 goes through again, batch 2 is held (its worker is killed), WeChat makes its job and the answer is lost.
    const lost = t.app.sim!.addFault({ path: MASS_SEND, appid: account.appId, after: 1, hold: true, answerLost: true });
    await killHolder(task.jobId!, 'staged: batch 1 SUBMITTING, its request never reached WeChat');
    t.app.sim!.releaseFault(unseen.id);
    expect(await batchStates(task.id)).toEqual(['SUBMITTED', 'SUBMITTING', 'PENDING', 'PENDING', 'PENDING']);
    expect(simJobsOf(account.appId)).toHaveLength(1);
    wechatMinutePasses();

    // WeChat accepted a batch, the answer never came back, the row still says SUBMITTING.
    await t.app.sim!.whenHeld(lost.id);
    await killHolder(task.jobId!, 'staged: batch 2 accepted by WeChat, its answer lost with its worker, the row SUBMITTING');
    t.app.sim!.releaseFault(lost.id);
    await expect.poll(() => simJobsOf(account.appId).length).toBe(3);
    expect((await batchStates(task.id)).slice(1)).toEqual(['SUBMITTED', 'SUBMITTING', 'PENDING', 'PENDING']);
    // Batches 0–2 finish: batch 2's MASSSENDJOBFINISH may arrive before its msg_id is stored.
    wechatMinutePasses();

    const record = await finishSend(account.appId, task.id);
    const jobs = simJobsOf(account.appId);
    const intended = reachable(account.appId, members);
    expect(record).toMatchObject({ state: 'SENT', recipientCount: 45_000, batchCount: 5, sentCount: intended.length, errorCount: 0, filteredOut: 45_000 - intended.length });
    expect(record.batches.map((b) => b.state)).toEqual(Array(5).fill('SENT'));
    expect(jobs).toHaveLength(5);
    expect(record.batches.map((b) => Number(b.msgId)).sort()).toEqual(jobs.map((j) => j.msgId).sort());
    expectEachOnce(deliveriesByOpenid(t, account.appId), intended);
    report('staged', from, started);
  }, TEST_TIMEOUT_MS);

  it('sends to another group exactly once through kills at random moments', async () => {
    const started = Date.now();
    const from = crew.kills.length;
    const { account, openids, customerOf } = service;
    const before = deliveriesByOpenid(t, account.appId);
    const jobsBefore = simJobsOf(account.appId).length;
    const members = openids.slice(5_000);
    const group = await groupOf(t, customerOf, members);
    // WeChat takes its time over an openid list of 10,000, so kills land mid-request too (WeChat
    // then makes the job, and the answer is lost with the worker).
    const slow = t.app.sim!.addFault({ path: MASS_SEND, appid: account.appId, latencyMs: 250 });
    const task = await sendWithOneClaimant(() => sendNow(t, { accountId: gid('Account', account.id), name: 'Chaos random', firstTask: { ...groupsAudience(group.id), content: text('random') } }));

    await randomKills(task.id, task.jobId!, RANDOM_KILLS);
    t.app.sim!.removeFault(slow.id);
    const record = await finishSend(account.appId, task.id);
    const intended = reachable(account.appId, members);
    expect(record).toMatchObject({ state: 'SENT', recipientCount: 45_000, batchCount: 5, sentCount: intended.length, errorCount: 0, filteredOut: 45_000 - intended.length });
    expect(simJobsOf(account.appId)).toHaveLength(jobsBefore + 5);
    expectEachOnce(deliveriesSince(account.appId, before), intended);
    report('random', from, started);
  }, TEST_TIMEOUT_MS);

  it('sends a subscription account\'s group through its tag exactly once through kills mid-tagging, then removes the tag', async () => {
    const started = Date.now();
    const from = crew.kills.length;
    const { account, openids, customerOf } = await sendingAccount(t, 1_200, 'SUBSCRIPTION');
    const members = openids.slice(0, 1_000);
    const group = await groupOf(t, customerOf, members);

    // Mid-tagging: 7 calls of 50 went through, the 8th is held when its worker is killed (it then runs).
    const tagging = t.app.sim!.addFault({ path: '/cgi-bin/tags/members/batchtagging', appid: account.appId, after: 7, hold: true });
    const task = await sendWithOneClaimant(() => sendNow(t, { accountId: gid('Account', account.id), name: 'Chaos tag', firstTask: { ...groupsAudience(group.id), content: text('tagged') } }));
    await t.app.sim!.whenHeld(tagging.id);
    // Then WeChat accepts the sendall to the tag, and the answer is lost with its worker.
    const lost = t.app.sim!.addFault({ path: '/cgi-bin/message/mass/sendall', appid: account.appId, hold: true, answerLost: true });
    await killHolder(task.jobId!, 'staged: mid-tagging, the 8th batchtagging call of 20 in flight');
    t.app.sim!.releaseFault(tagging.id);
    expect(await recordOf(task.id)).toMatchObject({ state: 'PREPARING', tagId: null });

    await t.app.sim!.whenHeld(lost.id);
    await killHolder(task.jobId!, 'staged: sendall to the tag accepted by WeChat, its answer lost with its worker');
    t.app.sim!.releaseFault(lost.id);
    await expect.poll(() => simJobsOf(account.appId).length).toBe(1);
    wechatMinutePasses();

    await finishSend(account.appId, task.id);
    // The send run removes the tag once the result is in (its wait is skipped).
    await until('the send run finished', () => prisma().jobRun.findUniqueOrThrow({ where: { id: task.jobId! } }), (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED', { results: true });
    const record = await recordOf(task.id);
    expect(record).toMatchObject({ state: 'SENT', recipientCount: 1_000, batchCount: 1, sentCount: 1_000, errorCount: 0, untaggedCount: 0, tagId: null });
    expect(await prisma().jobRun.findUniqueOrThrow({ where: { id: task.jobId! } })).toMatchObject({ status: 'SUCCEEDED' });
    expect(simJobsOf(account.appId)).toHaveLength(1);
    expectEachOnce(deliveriesByOpenid(t, account.appId), members);
    expect(t.app.sim!.state.account(account.appId)!.tags.list().filter((tag) => tag.name === tagNameFor(['record', record!.id]))).toEqual([]);
    report('subscription', from, started);
  }, TEST_TIMEOUT_MS);
});
