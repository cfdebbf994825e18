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
