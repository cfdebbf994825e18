import pg from 'pg';
import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient } from 'mongodb';
import { logger } from '#src/logger.ts';
import { hearConnectionErrors } from '#src/db/connection-errors.ts';

export interface JobStoreOptions {
  /** wxcast's own PostgreSQL (Agenda's tables go to its `agenda` schema). */
  databaseUrl: string;
  /** Set: Agenda stores jobs in MongoDB instead (the design brief's production layout). */
  mongodbUrl?: string;
  /** How often a worker polls for due jobs; bounds how late a scheduled job can start. */
  processEvery?: number;
}

/** Agenda plus what readiness checks and shutdown need. */
export interface JobStore {
  agenda: Agenda;
  kind: 'postgres' | 'mongodb';
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates the process's one Agenda. Connectivity is checked first because Agenda's constructor
 * crashes the process on a store that is down (an unhandled rejection); its ready promise is awaited so
 * callers get a usable instance or an error.
 */
export async function createJobStore(options: JobStoreOptions): Promise<JobStore> {
  const processEvery = options.processEvery ?? 1000;
  if (options.mongodbUrl) return createMongoJobStore(options.mongodbUrl, processEvery);

  await ensureAgendaSchema(options.databaseUrl);
  // Agenda's unqualified table names land in schema `agenda`, out of Prisma's sight (no drift).
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4, options: '-c search_path=agenda' });
  hearConnectionErrors(pool, 'job store');
  const backend = new PostgresBackend({ pool });
  const agenda = new Agenda({ backend, processEvery, defaultLockLifetime: 60_000 });
  // Both emit 'error' on a lost connection; unheard, the channel's would crash the process (it
  // reconnects by itself). Agenda hears its own with a silent listener: log them instead.
  backend.notificationChannel?.on('error', (error: Error) => logger.warn({ err: error }, 'job store: notification channel error'));
  agenda.on('error', (error: Error) => logger.error({ err: error }, 'job store: agenda error'));
  await agenda.ready;
  return {
    agenda,
    kind: 'postgres',
    ping: async () => void (await pool.query('SELECT 1')),
    close: async () => {
      await agenda.stop();
      await pool.end();
    },
  };
}

async function ensureAgendaSchema(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS agenda');
  } finally {
    await client.end();
  }
}

async function createMongoJobStore(mongodbUrl: string, processEvery: number): Promise<JobStore> {
  const client = new MongoClient(mongodbUrl, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db();
  await db.command({ ping: 1 });
  // MongoDB has no notification channel: workers poll every `processEvery`.
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: db }), processEvery, defaultLockLifetime: 60_000 });
  await agenda.ready;
  logger.info('Agenda stores jobs in MongoDB');
  return {
    agenda,
    kind: 'mongodb',
    ping: async () => void (await db.command({ ping: 1 })),
    close: async () => {
      await agenda.stop();
      await client.close();
    },
  };
}
