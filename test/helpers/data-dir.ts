import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { dataDirLayout } from '#src/db/embedded.ts';
import { stopOrphanedServer } from '#src/db/embedded/cluster.ts';

/**
 * A fresh WXCAST_DATA_DIR under the system temp directory, removed when the test finishes —
 * after stopping any PostgreSQL still running in it (a wxcast the test killed with SIGKILL
 * leaves its server running), so no test leaks a postgres process.
 */
export async function tempDataDir(label = 'data'): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), `wxcast-${label}-`));
  // mkdtemp makes it 0700; as root, PostgreSQL runs as the `postgres` user, which must reach it.
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  onTestFinished(async () => {
    for (const dir of [dataDir, path.join(dataDir, 'demo')]) await stopOrphanedServer(dataDirLayout(dir).clusterDir);
    await rm(parent, { recursive: true, force: true });
  });
  return dataDir;
}
