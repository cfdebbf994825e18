import { pino } from 'pino';

/**
 * The process logger. Secrets never reach it: the redact list names every field that could carry
 * one, as a second line of defence behind not logging them at all.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
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
