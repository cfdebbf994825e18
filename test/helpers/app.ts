import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Config, Role } from '#src/env.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { startApp, type App, type AppOptions } from '#src/app.ts';
import { createWorkspaceKey } from '#src/services/api-keys.ts';
import { bindAccount } from '#src/services/accounts.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { createSimulator, type Simulator } from '#src/wechat-simulator/server.ts';
import type { SeedAccount } from '#src/wechat-simulator/seed.ts';

export interface TestAppOptions {
  databaseUrl: string;
  role?: Role;
  redisUrl?: string;
  /** WeChat to talk to; default a fresh in-process simulator (returned as `sim`). */
  wechatApiBase?: string;
  secretKey?: Buffer;
  /** Pre-filled GraphiQL headers, as demo mode sets them. */
  graphiqlHeaders?: AppOptions['graphiqlHeaders'];
  /** A shorter grace for keyless sockets, so a test can watch it end. */
  keylessSocketGraceMs?: number;
  /** How often open sockets' keys are re-read from PostgreSQL (default the app's). */
  keyRecheckMs?: number;
  /** Further configuration (short job reconcile intervals, callback windows…). */
  config?: Partial<Config>;
  /** "Now" of the app's time rules (default the system clock). */
  clock?: AppOptions['clock'];
}

export type TestApp = App & { url: string; sim?: Simulator };

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
    massSendsPerMinute: 60,
    ...options.config,
  };
}

/**
 * Starts the real app (HTTP + WS on port 0, Agenda) on the given database, talking to a WeChat
 * simulator over HTTP (a fresh in-process one unless `wechatApiBase` is given). stop() stops both.
 */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const sim = options.wechatApiBase ? undefined : await createSimulator({ port: 0 });
  const app = await startApp(await testConfig({ ...options, wechatApiBase: options.wechatApiBase ?? sim!.url }), {
    host: '127.0.0.1',
    graphiqlHeaders: options.graphiqlHeaders,
    keylessSocketGraceMs: options.keylessSocketGraceMs,
    keyRecheckMs: options.keyRecheckMs,
    clock: options.clock,
  });
  const stopApp = app.stop;
  return Object.assign(app as App & { url: string }, {
    sim,
    stop: async () => {
      await stopApp();
      await sim?.close();
    },
  });
}

/**
 * Adds an account to the app's simulator (followers, materials… per `spec`) and binds it in the
 * workspace through the real service, which checks the credentials with the simulator.
 */
export async function bindSimAccount(app: TestApp, workspaceId: string, spec: Partial<SeedAccount> = {}) {
  if (!app.sim) throw new Error('bindSimAccount needs the test app\'s own simulator');
  const appId = spec.appId ?? `wx${randomBytes(8).toString('hex')}`;
  const secret = spec.secret ?? randomBytes(16).toString('hex');
  const type = spec.type ?? 'SERVICE';
  app.sim.addAccount({ ...spec, appId, secret, type });
  const db = scopeToWorkspace(app.deps.prisma, workspaceId);
  return bindAccount(db, { secretKey: app.deps.secretKey, verifyCredentials: app.deps.wechat.verifyCredentials }, {
    appId,
    appSecret: secret,
    name: spec.name ?? `Account ${appId}`,
    type,
    // The simulator signs its callbacks with these: the same values make them verify.
    callbackToken: app.sim.state.account(appId)!.callbackToken,
    ...(spec.encodingAesKey ? { callbackAesKey: spec.encodingAesKey } : {}),
  });
}

/** A new workspace with an all-scopes API key; returns the clear key. */
export async function createTestKey(app: App, workspace = `ws-${randomBytes(4).toString('hex')}`) {
  const created = await createWorkspaceKey(app.deps.prisma, workspace);
  return { key: created.key, workspaceId: created.workspace.id };
}

/** What {@link useTestApp} provides to the tests of a file once its beforeAll has run. */
export interface TestAppFixture {
  db: TestDatabase;
  app: TestApp;
  /** An all-scopes API key of `workspaceId`. */
  key: string;
  workspaceId: string;
}

/**
 * The usual set-up of an integration test file: its own database, the app on it (with its own
 * simulator), and a workspace key; torn down after the file. Read the fields inside tests/hooks.
 */
export function useTestApp(options: Omit<TestAppOptions, 'databaseUrl'> = {}): TestAppFixture {
  const fixture = {} as TestAppFixture;
  beforeAll(async () => {
    fixture.db = await createTestDatabase();
    fixture.app = await startTestApp({ ...options, databaseUrl: fixture.db.url });
    Object.assign(fixture, await createTestKey(fixture.app));
  });
  afterAll(async () => {
    await fixture.app?.stop();
    await fixture.db?.drop();
  });
  return fixture;
}
