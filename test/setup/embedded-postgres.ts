import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '#src/db/embedded/cluster.ts';

/** A throw-away PostgreSQL for one test run, and how to remove it. */
export interface TestCluster {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts wxcast's own embedded PostgreSQL (the npm package's binaries) in a temporary directory,
 * for runs on a machine with no PostgreSQL server: nothing to install. Durability is switched
 * off (the data die with the run anyway), and connections are raised for parallel test files.
 */
export async function startTestCluster(): Promise<TestCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wxcast-test-postgres-'));
  // As root, PostgreSQL runs as the `postgres` user, which must reach the cluster.
  await chmod(dir, 0o755);
  try {
    const cluster = await startCluster({
      clusterDir: path.join(dir, 'cluster'),
      passwordFile: path.join(dir, 'password'),
      settings: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    });
    return {
      adminUrl: cluster.url,
      async stop() {
        await cluster.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
