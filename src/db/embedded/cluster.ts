import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadEmbeddedPostgres } from './postgres-binaries.ts';
import { isAlive } from './owner.ts';

/** A PostgreSQL server this process started, on loopback. */
export interface Cluster {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** The cluster's own directory (created by initdb). */
  clusterDir: string;
  /** File holding the superuser's password (generated at initialisation, mode 0600). */
  passwordFile: string;
  /** PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
  /** More server settings, e.g. ['-c', 'fsync=off'] for a throw-away test cluster. */
  settings?: string[];
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The superuser URL of a cluster on loopback. */
export function clusterUrl(password: string, port: number, database = 'postgres'): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

export async function readPassword(passwordFile: string): Promise<string> {
  return (await readFile(passwordFile, 'utf8')).trim();
}

/**
 * Initialises the cluster on first use, then starts PostgreSQL on a free loopback port (TCP only,
 * no Unix socket). A server orphaned by a crashed owner is stopped first; a `postmaster.pid`
 * naming a process that is not PostgreSQL (pid reused after a reboot) is removed.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const { clusterDir, passwordFile } = options;
  const recent: string[] = [];
  const onLog = (message: string) => {
    for (const line of message.split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onLog?.(line);
    }
  };
  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (!initialised) {
    // A directory without PG_VERSION is an initdb that never finished: start it over.
    await rm(clusterDir, { recursive: true, force: true });
    await writeFile(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  const password = await readPassword(passwordFile).catch(() => {
    throw new Error(`${passwordFile} is missing: the embedded PostgreSQL in ${clusterDir} cannot be opened without its password`);
  });
  await stopOrphanedServer(clusterDir);

  for (let attempt = 1; ; attempt++) {
    recent.length = 0;
    const port = await freePort();
    const pg = new EmbeddedPostgres({
      databaseDir: clusterDir,
      user: 'postgres',
      password,
      port,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root: the package then runs it as the system user
      // `postgres`, creating that user when it does not exist.
      createPostgresUser: isRoot(),
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(options.settings ?? [])],
      onLog,
      onError: (error) => onLog(String(error)),
    });
    try {
      if (!initialised && attempt === 1) {
        await prepareForRoot(clusterDir);
        await pg.initialise();
      }
      await pg.start();
      const pid = await postmasterPid(clusterDir);
      if (pid) running.add(pid);
      return {
        port,
        url: clusterUrl(password, port),
        stop: async () => {
          await stopIfRunning(pg);
          if (pid) running.delete(pid);
        },
      };
    } catch (error) {
      await stopIfRunning(pg);
      const log = recent.join('\n');
      // Another program may take the free port between our check and PostgreSQL's bind.
      if (attempt < 3 && /could not (bind|create listen socket)|Address already in use/i.test(log)) continue;
      const detail = error instanceof Error ? error.message : log.split('\n').filter((l) => /FATAL|ERROR|denied/i.test(l)).join('; ') || log;
      throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start: ${detail || 'it exited at once'}`);
    }
  }
}

/**
 * The package's stop() waits for an 'exit' that never comes when the server is already gone
 * (it exited at start, crashed, or was stopped by someone else): only stop a live one.
 */
async function stopIfRunning(pg: { stop(): Promise<void> }) {
  const child = (pg as unknown as { process?: ChildProcess }).process;
  if (child && child.exitCode === null && child.signalCode === null) await pg.stop();
}

/** Servers started here and not stopped yet: told to shut down should the process exit first. */
const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
});

async function postmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * As root the cluster belongs to the system user `postgres`, which must be able to reach it:
 * check that before initdb fails with a bare "Permission denied" (a data directory under /root,
 * mode 0700, is the usual case).
 */
async function prepareForRoot(clusterDir: string) {
  if (!isRoot()) return;
  await mkdir(clusterDir, { recursive: true });
  const uid = Number.parseInt(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout, 10);
  const gid = Number.parseInt(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout, 10);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return; // no such user yet: the package creates it
  // access(2) as that user: fails when any parent directory is not searchable by it.
  if (spawnSync('test', ['-x', path.dirname(clusterDir)], { uid, gid }).status === 0) return;
  throw new Error(
    `PostgreSQL refuses to run as root, so wxcast runs it as the system user postgres, which cannot reach ${path.dirname(clusterDir)}: ` +
      'make it and its parents searchable by that user (chmod o+x) or set WXCAST_DATA_DIR elsewhere',
  );
}

/**
 * A wxcast killed with SIGKILL leaves its PostgreSQL running (nothing tells it its parent died),
 * holding `postmaster.pid`. Stop it (SIGINT: fast shutdown, everything committed is kept).
 * A `postmaster.pid` whose process is gone PostgreSQL removes by itself; one whose pid now
 * belongs to another program (after a reboot) would block it, so it is removed here.
 */
export async function stopOrphanedServer(clusterDir: string): Promise<void> {
  const pid = await postmasterPid(clusterDir);
  if (!pid || !isAlive(pid)) return;
  if (!isPostgres(pid)) {
    await rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
    return;
  }
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT'); // immediate shutdown; crash recovery runs at the next start
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** On Linux, whether `pid` runs PostgreSQL; elsewhere there is no cheap check, so assume it. */
function isPostgres(pid: number): boolean {
  if (os.platform() !== 'linux') return true;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true;
  }
}

/** A TCP port free on loopback right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
