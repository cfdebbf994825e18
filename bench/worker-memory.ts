/**
 * Memory diagnosis of the send bench's wxcast worker (bench/send-worker.ts), off unless asked for
 * by environment variables (the worker inherits the bench's environment; node flags for it go in
 * BENCH_WORKER_NODE_FLAGS, e.g. `--trace-gc`, which prints every collection with the heap before
 * and after):
 *   BENCH_WORKER_MEMORY_LOG=file    appends `ms rss heapUsed heapTotal external arrayBuffers`
 *                                   (MiB) every 100 ms, from the worker's start
 *   BENCH_WORKER_SMAPS_DIR=dir      writes /proc/self/smaps at the start (start.smaps) and at each
 *                                   new RSS peak (peak.smaps): which mappings the RSS growth is in
 *                                   (V8's heap pages, malloc arenas, JIT code, the node binary)
 *   BENCH_WORKER_ALLOC_PROFILE=file V8's sampling heap profile (.heapprofile, for Chrome DevTools)
 *                                   from the worker's start to the raw-client baseline: what is
 *                                   live then plus what full collections freed, i.e. what lived
 *                                   long enough to be promoted to the old space; with
 *                                   BENCH_WORKER_ALLOC_PROFILE_ALL=1 also what died young (all
 *                                   that was allocated)
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';

const SAMPLE_MS = 100;
/** A new smaps is written when the RSS passes the last one written by this much. */
const SMAPS_STEP = 4 * 2 ** 20;
/** Bytes between two samples of the heap profile (V8's default is 32 KiB). */
const PROFILE_INTERVAL = 16_384;

export function traceWorkerMemory(): void {
  const log = process.env.BENCH_WORKER_MEMORY_LOG;
  const smapsDir = process.env.BENCH_WORKER_SMAPS_DIR;
  if (!log && !smapsDir) return;
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const began = Date.now();
  let smapsRss = 0;
  setInterval(() => {
    const m = process.memoryUsage();
    if (log) appendFileSync(log, `${Date.now() - began} ${mib(m.rss)} ${mib(m.heapUsed)} ${mib(m.heapTotal)} ${mib(m.external)} ${mib(m.arrayBuffers)}\n`);
    if (smapsDir && (!smapsRss || m.rss > smapsRss + SMAPS_STEP)) {
      writeFileSync(path.join(smapsDir, smapsRss ? 'peak.smaps' : 'start.smaps'), readFileSync('/proc/self/smaps', 'utf8'));
      smapsRss = m.rss;
    }
  }, SAMPLE_MS).unref();
}

/** Starts the sampling heap profile when asked for; `stop` writes it (once). */
export async function startAllocationProfile(): Promise<{ stop(): Promise<void> } | undefined> {
  const file = process.env.BENCH_WORKER_ALLOC_PROFILE;
  if (!file) return undefined;
  const session = new inspector.Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: PROFILE_INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: process.env.BENCH_WORKER_ALLOC_PROFILE_ALL === '1',
  });
  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
