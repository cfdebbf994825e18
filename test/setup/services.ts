import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The PostgreSQL admin URL tests use: TEST_DATABASE_ADMIN_URL, else the local server. */
export const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The Redis URL tests use: TEST_REDIS_URL, else the local server. */
export const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Debian's Chromium, for the browser tests (CHROMIUM_PATH overrides). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const servicesScript = fileURLToPath(new URL('../../.ci/services.sh', import.meta.url));

interface Endpoint {
  name: string;
  host: string;
  port: number;
}

function endpoint(name: string, url: string, defaultPort: number): Endpoint {
  const parsed = new URL(url);
  return { name, host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1', port: Number(parsed.port || defaultPort) };
}

/** Whether something accepts TCP connections at `endpoint` within `timeoutMs`. */
function answers({ host, port }: Endpoint, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(target: Endpoint, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(target))) {
    if (Date.now() > deadline) throw new Error(`${target.name} does not answer on ${target.host}:${target.port}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The local default endpoints are the ones .ci/services.sh can start. */
function isLocalDefault({ host, port }: Endpoint, defaultPort: number): boolean {
  return ['127.0.0.1', 'localhost', '::1'].includes(host) && port === defaultPort;
}

/**
 * Makes sure the PostgreSQL server of {@link adminUrl} and the Redis of {@link redisUrl} answer
 * and Chromium is installed. When a local default server does not answer or Chromium is missing,
 * runs .ci/services.sh (which starts the server or installs Debian's package) and waits; a
 * non-local server that does not answer is an error.
 */
export async function ensureServices(): Promise<void> {
  const postgres = endpoint('PostgreSQL', adminUrl, 5432);
  const redis = endpoint('Redis', redisUrl, 6379);
  const down = [];
  for (const [target, defaultPort] of [[postgres, 5432], [redis, 6379]] as const) {
    if (await answers(target)) continue;
    if (!isLocalDefault(target, defaultPort)) {
      throw new Error(`${target.name} does not answer on ${target.host}:${target.port} (set by the environment; start it yourself)`);
    }
    down.push(target);
  }
  const missing = [...down.map((target) => `${target.name} not answering`), ...(existsSync(CHROMIUM_PATH) ? [] : [`no Chromium at ${CHROMIUM_PATH}`])];
  if (missing.length === 0) return;
  console.log(`[test setup] ${missing.join(', ')}: running ${path.relative(process.cwd(), servicesScript)}`);
  // Installing packages can take minutes; the script waits for the ports itself.
  const { stdout, stderr } = await promisify(execFile)('bash', [servicesScript], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  for (const target of down) await waitFor(target, 30_000);
}
