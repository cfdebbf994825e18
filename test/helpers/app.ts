import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config, Role } from '#src/env.ts';
import { startApp, type App } from '#src/app.ts';
import { createWorkspaceKey } from '#src/services/api-keys.ts';

export interface TestAppOptions {
  databaseUrl: string;
  role?: Role;
  redisUrl?: string;
  wechatApiBase?: string;
  secretKey?: Buffer;
}

/** Config for a test process: port 0, a fresh secret key, silent logs. */
export async function testConfig(options: TestAppOptions): Promise<Config> {
  return {
    port: 0,
    databaseUrl: options.databaseUrl,
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'wxcast-test-')),
    wechatApiBase: options.wechatApiBase ?? 'http://127.0.0.1:9',
    secretKey: options.secretKey ?? randomBytes(32),
    role: options.role ?? 'both',
    redisUrl: options.redisUrl,
    logLevel: 'silent',
  };
}

/** Starts the real app (HTTP + WS on port 0, Agenda) on the given database. */
export async function startTestApp(options: TestAppOptions): Promise<App & { url: string }> {
  const app = await startApp(await testConfig(options), { host: '127.0.0.1' });
  return app as App & { url: string };
}

/** A new workspace with an all-scopes API key; returns the clear key. */
export async function createTestKey(app: App, workspace = `ws-${randomBytes(4).toString('hex')}`) {
  const created = await createWorkspaceKey(app.deps.prisma, workspace);
  return { key: created.key, workspaceId: created.workspace.id };
}
