import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Who serves a data directory's embedded PostgreSQL: the wxcast process that started it and the
 * loopback port it listens on (absent while it is starting). One file, created exclusively, so
 * of two processes starting at once exactly one becomes the owner.
 */
export interface Owner {
  pid: number;
  port?: number;
}

export const OWNER_FILE = 'server.json';

/** The directory is served by another live wxcast process. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(readonly dataDir: string, readonly owner: Owner) {
    super(
      `${dataDir} is in use by wxcast process ${owner.pid} (its PostgreSQL ${owner.port ? `listens on 127.0.0.1:${owner.port}` : 'is starting'}); ` +
        'stop that process first, or set WXCAST_DATA_DIR to another directory',
    );
  }
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner file's content: undefined when there is none, 'unreadable' when it is not an owner. */
async function readOwner(dataDir: string): Promise<Owner | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, OWNER_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as Owner;
    return Number.isInteger(owner.pid) ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** The live owner of `dataDir`, or undefined when there is none (no file, or a crashed owner's). */
export async function liveOwner(dataDir: string): Promise<Owner | undefined> {
  const owner = await readOwner(dataDir);
  return typeof owner === 'object' && isAlive(owner.pid) ? owner : undefined;
}

/**
 * Makes this process the owner of `dataDir`, or throws {@link DataDirInUseError}. A file left by
 * a crashed owner (its pid is gone) is taken over.
 */
export async function claimOwnership(dataDir: string): Promise<void> {
  const file = path.join(dataDir, OWNER_FILE);
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await writeFile(file, JSON.stringify({ pid: process.pid } satisfies Owner), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(dataDir);
    if (owner === 'unreadable') {
      // Just created by another process that has not written it yet, or garbage: wait a little
      // before calling it garbage.
      if (attempt < 10) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
    } else if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new DataDirInUseError(dataDir, owner);
    }
    await rm(file, { force: true });
  }
  throw new Error(`could not claim ${file}: another process keeps creating it`);
}

/** Records the port once the server listens, for the CLI and for refusal messages. */
export async function recordPort(dataDir: string, port: number): Promise<void> {
  // Written aside and renamed over, so a reader never sees a half-written file.
  const temporary = path.join(dataDir, `${OWNER_FILE}.${process.pid}`);
  await writeFile(temporary, JSON.stringify({ pid: process.pid, port } satisfies Owner));
  await rename(temporary, path.join(dataDir, OWNER_FILE));
}

/** Gives the directory up, only if this process still owns it. */
export async function releaseOwnership(dataDir: string): Promise<void> {
  const owner = await liveOwner(dataDir);
  if (owner?.pid === process.pid) await rm(path.join(dataDir, OWNER_FILE), { force: true });
}
