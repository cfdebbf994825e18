import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { logger } from '#src/logger.ts';
import { clusterUrl, readPassword, startCluster } from '#src/db/embedded/cluster.ts';
import { claimOwnership, liveOwner, recordPort, releaseOwnership } from '#src/db/embedded/owner.ts';

export { DataDirInUseError } from '#src/db/embedded/owner.ts';

/** The embedded PostgreSQL of a data directory, started by this process. */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Where things live in WXCAST_DATA_DIR. */
export const dataDirLayout = (dataDir: string) => ({
  clusterDir: path.join(dataDir, 'postgres'),
  passwordFile: path.join(dataDir, 'postgres.password'),
  /** What the PGlite-based wxcast kept its database in. */
  pgliteDir: path.join(dataDir, 'pgdata'),
});

/** A data directory this version cannot use. */
export class UnusableDataDirError extends Error {
  override name = 'UnusableDataDirError';
}

/**
 * Makes this process the owner of `dataDir` and starts its PostgreSQL (initialising the cluster
 * on first use) on a free loopback port. Refuses, with one line, a directory another live
 * wxcast owns ({@link DataDirInUseError}) and one made by the earlier PGlite-based wxcast.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const layout = dataDirLayout(dataDir);
  if (existsSync(layout.pgliteDir)) {
    throw new UnusableDataDirError(
      `${dataDir} holds a database of an earlier wxcast (PGlite, in pgdata/) that this version cannot open: ` +
        'move or delete that directory (its data are not converted), or set WXCAST_DATA_DIR to another one',
    );
  }
  // Not 0700: as root, PostgreSQL runs as the `postgres` user, which must reach the cluster in it.
  await mkdir(dataDir, { recursive: true });
  await claimOwnership(dataDir);
  const started = Date.now();
  try {
    const log = logger.child({ module: 'postgres' });
    const cluster = await startCluster({ ...layout, onLog: (line) => log.debug(line) });
    await recordPort(dataDir, cluster.port);
    logger.info({ dataDir, port: cluster.port, ms: Date.now() - started }, 'embedded PostgreSQL started');
    return {
      url: cluster.url,
      port: cluster.port,
      async close() {
        await cluster.stop();
        await releaseOwnership(dataDir);
        logger.info({ dataDir }, 'embedded PostgreSQL stopped');
      },
    };
  } catch (error) {
    await releaseOwnership(dataDir);
    throw error;
  }
}

/** The URL of the embedded PostgreSQL a live wxcast serves from `dataDir`, if there is one. */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  const owner = await liveOwner(dataDir);
  if (!owner?.port) return undefined;
  return clusterUrl(await readPassword(dataDirLayout(dataDir).passwordFile), owner.port);
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
