import { ConfigError, loadConfig } from '#src/env.ts';
import { startApp } from '#src/app.ts';
import { logger } from '#src/logger.ts';
import { DataDirInUseError, UnusableDataDirError } from '#src/db/embedded.ts';

/**
 * `npm start` (both roles, embedded PostgreSQL unless DATABASE_URL) and `npm start -- --demo`.
 * Configuration problems print one line each and exit 1, without a stack trace.
 */
async function main(argv: string[]) {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  logger.level = config.logLevel;
  const demo = argv.includes('--demo');
  const running = demo ? await (await import('#src/demo.ts')).startDemo(config) : await startApp(config);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(`wxcast failed to start: ${error instanceof Error ? error.message : String(error)}`);
  // A refused data directory is the user's to sort out, as the line says: no stack trace.
  if (!(error instanceof DataDirInUseError || error instanceof UnusableDataDirError)) logger.error({ err: error }, 'start-up failed');
  process.exit(1);
});
