import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestCluster } from './embedded-postgres.ts';

/**
 * The PostgreSQL admin URL tests ask for: TEST_DATABASE_ADMIN_URL, else the local server. When
 * the local server does not answer (or TEST_POSTGRES=embedded), the run uses an embedded
 * PostgreSQL instead: see {@link ensureServices}.
 */
const requestedAdminUrl = process.env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

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

/** The services of a test run: the PostgreSQL admin URL to use, and what to stop afterwards. */
export interface TestServices {
  adminUrl: string;
  /** Whether the run started its own embedded PostgreSQL. */
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Makes sure PostgreSQL, the Redis of {@link redisUrl} and Chromium are there. PostgreSQL: the
 * server of TEST_DATABASE_ADMIN_URL / 127.0.0.1:5432 when it answers; when the local default
 * does not (or TEST_POSTGRES=embedded), an embedded PostgreSQL started for this run, so no
 * PostgreSQL installation is needed. A non-local server that does not answer is an error.
 * Redis or Chromium missing: runs .ci/services.sh (which starts Redis or installs Debian's
 * packages) and waits.
 */
export async function ensureServices(): Promise<TestServices> {
  const postgres = endpoint('PostgreSQL', requestedAdminUrl, 5432);
  const redis = endpoint('Redis', redisUrl, 6379);
  let services: TestServices = { adminUrl: requestedAdminUrl, embedded: false, stop: async () => {} };
  const forced = process.env.TEST_POSTGRES === 'embedded';
  if (forced || !(await answers(postgres))) {
    if (!forced && !isLocalDefault(postgres, 5432)) {
      throw new Error(`PostgreSQL does not answer on ${postgres.host}:${postgres.port} (set by the environment; start it yourself)`);
    }
    console.log(`[test setup] ${forced ? 'TEST_POSTGRES=embedded' : `no PostgreSQL on ${postgres.host}:${postgres.port}`}: starting an embedded PostgreSQL for this run`);
    const cluster = await startTestCluster();
    services = { adminUrl: cluster.adminUrl, embedded: true, stop: cluster.stop };
  }
  const redisDown = !(await answers(redis));
  if (redisDown && !isLocalDefault(redis, 6379)) {
    await services.stop();
    throw new Error(`Redis does not answer on ${redis.host}:${redis.port} (set by the environment; start it yourself)`);
  }
  const missing = [...(redisDown ? ['Redis not answering'] : []), ...(existsSync(CHROMIUM_PATH) ? [] : [`no Chromium at ${CHROMIUM_PATH}`])];
  if (missing.length === 0) return services;
  console.log(`[test setup] ${missing.join(', ')}: running ${path.relative(process.cwd(), servicesScript)}`);
  try {
    // Installing packages can take minutes; the script waits for the ports itself.
    const { stdout, stderr } = await promisify(execFile)('bash', [servicesScript], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(stdout);
    process.stderr.write(stderr);
    if (redisDown) await waitFor(redis, 30_000);
  } catch (error) {
    await services.stop();
    throw error;
  }
  return services;
}
