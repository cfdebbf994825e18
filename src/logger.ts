import { pino } from 'pino';

/**
 * The level the logger starts at, before the configuration is read. pino throws on a level it does
 * not know, and it would throw here, on import, with a stack trace: an unknown LOG_LEVEL starts at
 * info instead, and loadConfig then reports it on one line like every other configuration problem.
 */
function startLevel(given: string | undefined): string {
  if (given !== undefined && given in pino.levels.values) return given;
  if (given === 'silent') return given;
  return process.env.NODE_ENV === 'test' ? 'silent' : 'info';
}

/**
 * The process logger. Secrets never reach it: the redact list names every field that could carry
 * one, as a second line of defence behind not logging them at all.
 */
export const logger = pino({
  level: startLevel(process.env.LOG_LEVEL),
  redact: {
    paths: ['secret', 'appSecret', '*.secret', '*.appSecret', 'authorization', '*.authorization', 'access_token', '*.access_token', 'token', '*.token'],
    censor: '[redacted]',
  },
});

/**
 * Yoga's logger, written through pino. Yoga calls `error` for every error whose masked form
 * differs from it, expected ones (NotFoundError, ValidationError) included; maskError has already
 * logged the unexpected ones at error level with their context, so Yoga's copy goes to debug.
 */
export function yogaLoggerFor(base: pino.Logger) {
  const write = (level: 'debug' | 'info' | 'warn') => (...args: unknown[]) => {
    const [first, ...rest] = args;
    if (first instanceof Error) base[level]({ err: first }, 'graphql-yoga');
    else base[level]({ details: rest.length ? rest : undefined }, `graphql-yoga: ${String(first)}`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('debug') };
}
