import path from 'node:path';
import type { Config } from '#src/env.ts';
import { startApp, type App } from '#src/app.ts';
import { scopeToWorkspace } from '#src/db/scoped.ts';
import { bindAccount, updateAccount } from '#src/services/accounts.ts';
import { createWorkspaceKey } from '#src/services/api-keys.ts';
import { createSimulator, type Simulator } from '#src/wechat-simulator/server.ts';
import { demoSeed } from '#src/wechat-simulator/seed.ts';
import { logger } from '#src/logger.ts';

/** The workspace demo mode creates (once) and keys into. */
export const DEMO_WORKSPACE = 'demo';
/** The simulator's seeded demo account (a verified service account). */
export const DEMO_ACCOUNT = demoSeed.accounts[0]!;
/** Simulated time from a mass send's submission to its MASSSENDJOBFINISH push, shorter than WeChat's. */
const DEMO_JOB_DURATION_MS = 15_000;

/** Whether listening on `host` keeps the server to this machine. */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** A running demo: the app, the in-process WeChat simulator, and what it printed. */
export interface Demo {
  app: App & { url: string };
  simulator: Simulator;
  workspaceId: string;
  accountId: string;
  /** The API key created at this start (shown once; earlier demo keys stay valid). */
  apiKey: string;
  graphiqlUrl: string;
  stop(): Promise<void>;
}

/**
 * `npm start -- --demo`: the WeChat simulator in-process with its demo seed, the app
 * talking to it, and a ready workspace: the demo account bound (credentials checked like any
 * binding), the simulator's callback URL pointing at this app, a fresh API key printed once and
 * pre-filled in GraphiQL. Without DATABASE_URL the data live in `<WXCAST_DATA_DIR>/demo`, apart
 * from real data. Restarting reuses the workspace and the account.
 */
export async function startDemo(config: Config): Promise<Demo> {
  // The demo prints an all-scopes key: keep it to this machine unless HOST says otherwise.
  const host = config.host ?? '127.0.0.1';
  const simulator = await createSimulator({ seed: 'demo', jobDurationMs: DEMO_JOB_DURATION_MS });
  let app: App | undefined;
  try {
    let graphiqlHeaders: Record<string, string> | undefined;
    app = await startApp(
      {
        ...config,
        // The demo needs both halves: scheduled sends and syncs run on the worker.
        role: 'both',
        wechatApiBase: simulator.url,
        dataDir: config.databaseUrl ? config.dataDir : path.join(config.dataDir, 'demo'),
      },
      { graphiqlHeaders: () => graphiqlHeaders, host },
    );
    const url = app.url!;
    const { prisma, secretKey, wechat } = app.deps;

    const created = await createWorkspaceKey(prisma, DEMO_WORKSPACE, 'demo');
    const db = scopeToWorkspace(prisma, created.workspace.id);
    const seeded = simulator.accounts().find((account) => account.appId === DEMO_ACCOUNT.appId)!;
    const deps = { secretKey, verifyCredentials: wechat.verifyCredentials };
    const existing = await db.officialAccount.findFirst({ where: { appId: seeded.appId, unboundAt: null } });
    const account = existing
      ? await updateAccount(db, deps, existing.id, { appSecret: seeded.secret, callbackToken: seeded.callbackToken })
      : await bindAccount(db, deps, {
          appId: seeded.appId,
          appSecret: seeded.secret,
          name: seeded.name,
          type: seeded.type,
          callbackToken: seeded.callbackToken,
        });
    // The simulator pushes MASSSENDJOBFINISH here: loopback when listening on every interface.
    const port = new URL(url).port;
    const callbackHost = ['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    simulator.setCallbackUrl(`http://${callbackHost}:${port}/wechat/callback/${account.id}`, seeded.appId);

    graphiqlHeaders = { Authorization: `Bearer ${created.key}` };
    const graphiqlUrl = `${url}/graphql`;
    console.log(
      [
        '',
        'wxcast demo is ready.',
        `  GraphiQL:         ${graphiqlUrl}  (the Authorization header is pre-filled)`,
        `  API key:          ${created.key}`,
        `                    (workspace "${DEMO_WORKSPACE}", all scopes; shown once, a new one at each start)`,
        `  Account:          ${seeded.name} (${seeded.appId}, ${seeded.type}, ${seeded.followers} followers, ${seeded.materials} materials, ${seeded.cards} cards)`,
        `  WeChat simulator: ${simulator.url}  (control surface under /_sim/)`,
        ...(isLoopbackHost(host)
          ? []
          : [
              '',
              `  Warning: HOST=${host} makes this demo reachable from other machines, and anyone who`,
              '  reaches it can use the API with a key. GraphiQL pre-fills the key only for browsers on',
              '  this machine; the key printed above gives all scopes to whoever has it.',
            ]),
        '',
      ].join('\n'),
    );
    logger.info({ graphiqlUrl, simulator: simulator.url, accountId: account.id, workspace: DEMO_WORKSPACE }, 'demo ready');

    const running = app;
    return {
      app: running as App & { url: string },
      simulator,
      workspaceId: created.workspace.id,
      accountId: account.id,
      apiKey: created.key,
      graphiqlUrl,
      async stop() {
        await running.stop();
        await simulator.close();
      },
    };
  } catch (error) {
    await app?.stop();
    await simulator.close();
    throw error;
  }
}
