import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '#src/env.ts';
import { createPrismaClient } from '#src/db/client.ts';
import { runningEmbeddedUrl, startEmbeddedDatabase } from '#src/db/embedded.ts';
import { applyMigrations } from '#src/db/migrations/apply.ts';
import { createWorkspaceKey } from '#src/services/api-keys.ts';
import { AppError } from '#src/errors.ts';
import { logger } from '#src/logger.ts';

const USAGE = `Usage:
  wxcast migrate                                  apply pending migrations (like prisma migrate deploy)
  wxcast migration create --name <name>           create a migration from prisma/schema.prisma (needs a PostgreSQL server)
  wxcast api-key create --workspace <name> [--name <key name>]
                                                  create a workspace (if new) and an API key; prints the key once`;

/**
 * Runs `fn` against the configured database: DATABASE_URL, else the data directory's embedded
 * PostgreSQL — the one a running wxcast serves, or, when none runs, started here for the
 * command and stopped after it (the directory is this command's meanwhile).
 */
async function withDatabase<T>(config: Config, fn: (url: string) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return fn(config.databaseUrl);
  const running = await runningEmbeddedUrl(config.dataDir);
  if (running) return fn(running);
  const embedded = await startEmbeddedDatabase(config.dataDir);
  try {
    return await fn(embedded.url);
  } finally {
    await embedded.close();
  }
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, workspace: { type: 'string' }, help: { type: 'boolean' } },
  });
  const command = positionals.join(' ');
  if (values.help || !command) return console.log(USAGE);
  const config = loadConfig();
  // The command's own output is what matters; the embedded server's start/stop lines are noise.
  logger.level = config.logLevel === 'info' ? 'warn' : config.logLevel;

  switch (command) {
    case 'migrate': {
      const { runMigrate } = await import('#src/db/migrations/commands.ts');
      await withDatabase(config, runMigrate);
      return;
    }
    case 'migration create': {
      if (!values.name) throw new UsageError('migration create needs --name <name>');
      const { runCreateMigration } = await import('#src/db/migrations/commands.ts');
      await runCreateMigration(values.name, config.databaseUrl);
      return;
    }
    case 'api-key create': {
      if (!values.workspace) throw new UsageError('api-key create needs --workspace <name>');
      const key = await withDatabase(config, async (url) => {
        await applyMigrations(url);
        const prisma = createPrismaClient(url, 1);
        try {
          return await createWorkspaceKey(prisma, values.workspace!, values.name ?? 'cli');
        } finally {
          await prisma.$disconnect();
        }
      });
      console.log(`Workspace: ${key.workspace.name}\nAPI key (shown once, store it now):\n${key.key}`);
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  // Done: exit now rather than when the last pool's idle connections time out (about 10 s).
  () => process.stdout.write('', () => process.exit(0)),
  (error) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else if (error instanceof ConfigError || error instanceof AppError) console.error(error.message);
    else console.error(`wxcast: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
