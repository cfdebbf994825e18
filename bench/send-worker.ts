/**
 * The wxcast process of the sending bench (bench/send.ts forks it, with an IPC channel): the real
 * app (`startApp`, both roles: the Agenda worker that runs SEND_BROADCAST_TASK and the callback
 * route that receives MASSSENDJOBFINISH) on the bench's database and simulator, in a process of
 * its own so that its RSS is the engine's alone. The only difference from `npm start` is the
 * mass-send limit, lifted through `Config.massSendsPerMinute` (WXCAST_MASS_SEND_PER_MINUTE
 * refuses more than WeChat's 60), so 100 batches are submitted as fast as the engine can.
 *
 * Commands from the bench (messages), each answered with `{ id, result }` or `{ id, error }`:
 *   send   plans the broadcast "send now" (sendBroadcastNow, as the GraphQL mutation does) and
 *          records the time of each record move it hears (broadcast:status) for the bench
 *   moves  the record moves heard so far
 *   memory process.memoryUsage() (where RSS growth sits: V8 heap or buffers)
 *   clock  moves wxcast's clock of time rules by an offset (with the simulator's: the A/B
 *          winner reads WeChat's figures of a day only once that day is over)
 *   raw    the raw-client baseline: sends the given batches (openids read from the frozen
 *          recipients beforehand) with fresh clientmsgids through the same sending client,
 *          one call after the other, and answers each call's milliseconds
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '#src/app.ts';
import { systemClock } from '#src/clock.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { logger } from '#src/logger.ts';
import { sendBroadcastNow } from '#src/authoring/plan.ts';
import { startAllocationProfile, traceWorkerMemory } from './worker-memory.ts';

export type WorkerCommand =
  | { id: number; kind: 'send'; workspaceId: string; accountId: string; broadcastId: string; version: number }
  | { id: number; kind: 'moves' }
  | { id: number; kind: 'clock'; offsetMs: number }
  | { id: number; kind: 'memory' }
  | { id: number; kind: 'raw'; accountId: string; batches: { recordId: string; batchNo: number }[] };

/** A record move as heard: its state, the database time of the move, and when it was heard. */
export interface HeardMove {
  recordId: string;
  taskId: string;
  state: string;
  updatedAt: string;
  heardAt: number;
}

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

logger.level = 'warn';
/** Moves wxcast's "now" of time rules with the simulator's clock (the A/B winner asks for a day that is over). */
let clockOffsetMs = 0;
const app = await startApp({
  port: 0,
  databaseUrl: env('BENCH_DATABASE_URL'),
  dataDir: await mkdtemp(path.join(os.tmpdir(), 'wxcast-bench-')),
  wechatApiBase: env('BENCH_WECHAT_API_BASE'),
  secretKey: Buffer.from(env('BENCH_SECRET_KEY'), 'hex'),
  role: 'both',
  logLevel: 'warn',
  massSendsPerMinute: Number(env('BENCH_MASS_SENDS_PER_MINUTE')),
}, { host: '127.0.0.1', clock: { now: () => new Date(Date.now() + clockOffsetMs) } });
const { prisma, pubsub, agenda, wechat } = app.deps;
// Memory diagnosis when asked for (worker-memory.ts); the profile covers the send, not the raw baseline.
traceWorkerMemory();
const allocationProfile = await startAllocationProfile();
const moves: HeardMove[] = [];

async function run(command: WorkerCommand): Promise<unknown> {
  switch (command.kind) {
    case 'send': {
      void (async () => {
        for await (const event of pubsub.subscribe('broadcast:status', command.accountId)) {
          if ('record' in event && event.record) {
            const record = event.record as { recordId: string; taskId: string; state: string; updatedAt: string };
            moves.push({ recordId: record.recordId, taskId: record.taskId, state: record.state, updatedAt: record.updatedAt, heardAt: Date.now() });
          }
        }
      })();
      const deps = { db: scopeToWorkspace(prisma, command.workspaceId), clock: systemClock, pubsub, agenda, prisma };
      await sendBroadcastNow(deps, { broadcastId: command.broadcastId, version: command.version });
      return { plannedAt: Date.now() };
    }
    case 'moves':
      return moves;
    case 'memory':
      return process.memoryUsage();
    case 'clock':
      clockOffsetMs = command.offsetMs;
      return { now: new Date(Date.now() + clockOffsetMs).toISOString() };
    case 'raw': {
      await allocationProfile?.stop();
      const client = await wechat.sendingClientFor(command.accountId);
      const millis: number[] = [];
      for (const [i, batch] of command.batches.entries()) {
        const rows = await prisma.$queryRaw<{ openid: string }[]>`
          SELECT openid FROM send_record_recipients WHERE record_id = ${batch.recordId}::uuid AND batch_no = ${batch.batchNo} ORDER BY openid`;
        const touser = rows.map((row) => row.openid);
        const began = performance.now();
        await client.massSend({ msgtype: 'text', text: { content: 'raw baseline' }, touser, clientmsgid: `rawbench${process.pid}x${i}`, send_ignore_reprint: 0 });
        millis.push(performance.now() - began);
      }
      return millis;
    }
  }
}

process.on('message', (command: WorkerCommand) => {
  run(command).then(
    (result) => process.send!({ id: command.id, result }),
    (error: unknown) => process.send!({ id: command.id, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
});
process.on('disconnect', () => void app.stop().then(() => process.exit(0)));
process.send!({ id: 0, result: { url: app.url } });
