import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { logger } from '#src/logger.ts';

/** A running embedded PostgreSQL (PGlite) reachable over the wire protocol on loopback. */
export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/**
 * Opens (or creates) the PGlite database under `dataDir/pgdata` and serves it on a loopback port,
 * so Prisma's adapter-pg and Agenda's pg pool use it exactly like a server. `maxConnections` must
 * exceed the sum of every pool (the default of 1 resets extra connections with ECONNRESET).
 */
export async function startEmbeddedDatabase(dataDir: string, maxConnections = 64): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const pgdata = path.join(dataDir, 'pgdata');
  const db = await PGlite.create({ dataDir: pgdata });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
  // PGlite data must only be opened by one process: the CLI reads this to use our socket instead.
  const marker = path.join(dataDir, RUNNING_MARKER);
  await writeFile(marker, JSON.stringify({ url, pid: process.pid }));
  logger.info({ pgdata }, 'embedded PostgreSQL (PGlite) started');
  return {
    url,
    async close() {
      await rm(marker, { force: true });
      await server.stop();
      await db.close();
    },
  };
}

const RUNNING_MARKER = 'embedded-server.json';

/** The socket URL of a running wxcast's embedded database in `dataDir`, if one is running. */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  try {
    const { url, pid } = JSON.parse(await readFile(path.join(dataDir, RUNNING_MARKER), 'utf8')) as { url: string; pid: number };
    process.kill(pid, 0); // throws when that process is gone (a stale marker after a crash)
    return url;
  } catch {
    return undefined;
  }
}

/**
 * The embedded default's secret key: generated on first start and kept beside the data
 * (mode 0600), so a newcomer needs no configuration and secrets survive restarts.
 */
export async function embeddedSecretKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'secret.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const key = randomBytes(32);
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, key.toString('hex'), { mode: 0o600 });
    return key;
  }
}
