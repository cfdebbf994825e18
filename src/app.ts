import pg from 'pg';
import { ConfigError, type Config } from '#src/env.ts';
import type { AppDeps } from '#src/context.ts';
import { createPrismaClient } from '#src/db/client.ts';
import { embeddedSecretKey, startEmbeddedDatabase, type EmbeddedDatabase } from '#src/db/embedded.ts';
import { applyMigrations } from '#src/db/migrations/apply.ts';
import { createWxPubSub } from '#src/pubsub.ts';
import { createJobStore } from '#src/jobs/agenda.ts';
import type { WxServer } from '#src/server.ts';
import { registerJobs } from '#jobs/index.ts';
import { startReconciler } from '#src/jobs/dispatch.ts';
import { overrideAllLockLifetimes } from '#src/jobs/registry.ts';
import { logger } from '#src/logger.ts';
import { hearConnectionErrors } from '#src/db/connection-errors.ts';
import { createWeChatAccess } from '#src/wechat/access.ts';
import { systemClock, type Clock } from '#src/clock.ts';
import { createKeyRevocations } from '#src/auth/key-revocations.ts';

/** Bulk imports (customer group CSVs) running at once; more wait for a connection. */
const IMPORT_CONNECTIONS = 2;

export interface AppOptions {
  /** Pre-filled GraphiQL headers (demo mode); a function is read at each GraphiQL page load. */
  graphiqlHeaders?: Record<string, string> | (() => Record<string, string> | undefined);
  /** Host to listen on; default HOST (config.host), else all interfaces. */
  host?: string;
  /** See ServerOptions.keylessSocketGraceMs (tests shorten it). */
  keylessSocketGraceMs?: number;
  /** How often the keys of open sockets are re-read from PostgreSQL (default KEY_RECHECK_MS); tests slow it to isolate the pub/sub. */
  keyRecheckMs?: number;
  /** "Now" of time rules; the system clock unless a test controls it. */
  clock?: Clock;
}

/** A running wxcast process (api, worker or both) and how to stop it. */
export interface App {
  deps: AppDeps;
  databaseUrl: string;
  /** Base URL of the API, when this process runs the api role. */
  url?: string;
  stop(): Promise<void>;
}

/**
 * The composition root: database (server or embedded), migrations, Prisma, pub/sub, Agenda, then
 * the roles this process runs. Everything it opens, stop() closes in reverse order.
 */
export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of closers.reverse()) {
      await close().catch((error) => logger.error({ err: error }, 'error during shutdown'));
    }
  };
  try {
    let embedded: EmbeddedDatabase | undefined;
    if (!config.databaseUrl) {
      embedded = await startEmbeddedDatabase(config.dataDir);
      closers.push(() => embedded!.close());
    }
    const databaseUrl = config.databaseUrl ?? embedded!.url;
    await checkDatabase(databaseUrl, Boolean(config.databaseUrl));
    const applied = await applyMigrations(databaseUrl);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const secretKey = config.secretKey ?? (await embeddedSecretKey(config.dataDir));

    const prisma = createPrismaClient(databaseUrl);
    closers.push(() => prisma.$disconnect());
    const importPool = new pg.Pool({ connectionString: databaseUrl, max: IMPORT_CONNECTIONS });
    hearConnectionErrors(importPool, 'import pool');
    closers.push(() => importPool.end());
    const pubsub = createWxPubSub(config.redisUrl);
    closers.push(pubsub.close);
    const jobStore = await createJobStore({ databaseUrl, mongodbUrl: config.mongodbUrl });
    closers.push(jobStore.close);

    const wechat = createWeChatAccess({
      prisma,
      secretKey,
      baseUrl: config.wechatApiBase,
      massSendsPerMinute: config.massSendsPerMinute,
    });
    const keyRevocations = createKeyRevocations({ prisma, pubsub: pubsub.pubsub, recheckMs: options.keyRecheckMs });
    closers.push(keyRevocations.close);
    const deps: AppDeps = { config, prisma, importPool, pubsub: pubsub.pubsub, agenda: jobStore.agenda, secretKey, wechat, keyRevocations, clock: options.clock ?? systemClock };
    if (config.role !== 'api') {
      if (config.jobLockLifetimeMs) overrideAllLockLifetimes(config.jobLockLifetimeMs);
      registerJobs(jobStore.agenda, deps);
      await jobStore.agenda.start();
      // Hands over runs no job store entry will run (a process died between writing and scheduling).
      closers.push(async () => stopReconciler());
      const stopReconciler = startReconciler({ prisma, agenda: jobStore.agenda }, config.jobReconcileIntervalMs ?? 30_000);
      logger.info('worker started');
    }
    let url: string | undefined;
    if (config.role !== 'worker') {
      // Loaded only by a process that serves the API: a worker never needs Yoga, the schema or the
      // callback route, and loading them is most of a worker's start-up time.
      const [{ buildServer }, { buildSchema }, { createCallbackRoute }] = await Promise.all([
        import('#src/server.ts'), import('#schema/index.ts'), import('#src/callback/route.ts'),
      ]);
      const server: WxServer = buildServer({
        schema: buildSchema(),
        app: deps,
        graphiqlHeaders: options.graphiqlHeaders,
        keylessSocketGraceMs: options.keylessSocketGraceMs,
        extraRoutes: createCallbackRoute({ prisma, pubsub: pubsub.pubsub, agenda: jobStore.agenda, timestampWindowSeconds: config.callbackTimestampWindowSeconds }),
        ready: () => downDependencies({ database: () => prisma.$queryRaw`SELECT 1`, jobStore: () => jobStore.ping() }),
      });
      url = await server.start(config.port, options.host ?? config.host);
      closers.push(server.stop);
      logger.info({ url: `${url}/graphql` }, 'api started');
    }
    return { deps, databaseUrl, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Fails fast with a readable message when the database cannot be reached; with DATABASE_URL set
 * that is a configuration problem, reported on one line like the others.
 */
async function checkDatabase(databaseUrl: string, configured: boolean) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const where = databaseUrl.replace(/\/\/[^@]*@/, '//');
    const problem = `cannot reach the database at ${where}: ${(error as Error).message}`;
    throw configured ? new ConfigError([`DATABASE_URL: ${problem}`]) : new Error(problem);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The names of the dependencies whose check fails, each failure logged with its cause. */
async function downDependencies(checks: Record<string, () => Promise<unknown>>): Promise<string[]> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return null;
      } catch (error) {
        logger.warn({ err: error, dependency: name }, 'readiness check failed');
        return name;
      }
    }),
  );
  return results.filter((name): name is string => name !== null);
}
