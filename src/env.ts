import path from 'node:path';
import net from 'node:net';
import { z } from 'zod';

/** Which halves of wxcast this process runs. */
export type Role = 'api' | 'worker' | 'both';

/** Validated configuration. Built once at start by {@link loadConfig}. */
export interface Config {
  port: number;
  /** HOST: the address to listen on. Unset: all IPv4 interfaces, or loopback in demo mode. */
  host?: string;
  /** Unset: an embedded PostgreSQL server under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  mongodbUrl?: string;
  redisUrl?: string;
  wechatApiBase: string;
  /** 32-byte key for app secrets; in embedded mode a generated one is kept under dataDir. */
  secretKey?: Buffer;
  role: Role;
  logLevel: string;
  /** Mass-send calls per minute and account, across all processes (WeChat allows 60). */
  massSendsPerMinute: number;
  /** Plaintext-mode callbacks: how far (seconds, either way) `timestamp` may be from now. Default 300. */
  callbackTimestampWindowSeconds?: number;
  /** How often a worker looks for job runs no job store entry will run. Default 30 000 ms. */
  jobReconcileIntervalMs?: number;
  /** Overrides every job kind's lock lifetime (ms): for tests and tuning only. */
  jobLockLifetimeMs?: number;
  /** A planned send whose time passed by more than this (minutes) while no worker ran is marked missed, not sent late. Default 15. */
  missedSendGraceMinutes?: number;
  /** How long (ms) a submitted batch waits for its MASSSENDJOBFINISH event before message/mass/get is asked. Default 30 min. */
  resultReconcileAfterMs?: number;
}

/** Thrown with one line per configuration problem, so start-up can print them without a trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a port number (0 to 65535)' }).int('must be a port number (0 to 65535)').min(0, 'must be a port number (0 to 65535)').max(65535, 'must be a port number (0 to 65535)').default(4000),
  HOST: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || net.isIP(value) !== 0 || /^[a-z0-9.-]+$/i.test(value), {
      message: 'must be an IP address or a host name (e.g. 127.0.0.1, 0.0.0.0, ::)',
    }),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  WXCAST_DATA_DIR: z.string().default('./.wxcast'),
  MONGODB_URL: optionalUrl(['mongodb', 'mongodb+srv']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WXCAST_SECRET_KEY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      const key = parseSecretKey(value);
      if (!key) {
        ctx.addIssue({ code: 'custom', message: 'must be 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)' });
        return z.NEVER;
      }
      return key;
    }),
  WXCAST_ROLE: z.enum(['api', 'worker', 'both'], { message: 'must be api, worker or both' }).default('both'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  WXCAST_MASS_SEND_PER_MINUTE: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(60, 'must be at most 60 (WeChat refuses more mass-send calls per minute and account)')
    .default(60),
  WXCAST_CALLBACK_TIMESTAMP_WINDOW_SECONDS: z.coerce.number().int('must be a whole number').min(15, 'must be at least 15 (WeChat retries within 15 s)').max(86_400).default(300),
  WXCAST_JOB_RECONCILE_INTERVAL_MS: z.coerce.number().int('must be a whole number').min(100).max(3_600_000).default(30_000),
  WXCAST_JOB_LOCK_LIFETIME_MS: z.coerce.number().int('must be a whole number').min(300).max(86_400_000).optional(),
  WXCAST_MISSED_SEND_GRACE_MINUTES: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(1440, 'must be at most 1440 (a day)').default(15),
  WXCAST_RESULT_RECONCILE_AFTER_MINUTES: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(1440, 'must be at most 1440 (a day)').default(30),
});

/** Parses a 32-byte key given as hex or base64; undefined when it is neither. */
export function parseSecretKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const decoded = Buffer.from(trimmed, 'base64');
  return decoded.length === 32 ? decoded : undefined;
}

/**
 * Reads and validates the environment. Collects every problem instead of stopping at the first,
 * and requires WXCAST_SECRET_KEY whenever a PostgreSQL server is used (the embedded database may
 * keep a generated key beside its data instead).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  if (values.DATABASE_URL && !values.WXCAST_SECRET_KEY) {
    throw new ConfigError([
      'WXCAST_SECRET_KEY: required when DATABASE_URL is set (it encrypts app secrets); generate one with `openssl rand -hex 32`',
    ]);
  }
  if (!values.DATABASE_URL && values.WXCAST_ROLE !== 'both') {
    throw new ConfigError([
      `WXCAST_ROLE: ${values.WXCAST_ROLE} runs beside a process of the other role, and both need one PostgreSQL server: set DATABASE_URL ` +
        '(the embedded PostgreSQL belongs to a single wxcast process running both roles)',
    ]);
  }
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir: path.resolve(values.WXCAST_DATA_DIR),
    mongodbUrl: values.MONGODB_URL,
    redisUrl: values.REDIS_URL,
    wechatApiBase: values.WECHAT_API_BASE.replace(/\/+$/, ''),
    secretKey: values.WXCAST_SECRET_KEY,
    role: values.WXCAST_ROLE,
    logLevel: values.LOG_LEVEL,
    massSendsPerMinute: values.WXCAST_MASS_SEND_PER_MINUTE,
    callbackTimestampWindowSeconds: values.WXCAST_CALLBACK_TIMESTAMP_WINDOW_SECONDS,
    jobReconcileIntervalMs: values.WXCAST_JOB_RECONCILE_INTERVAL_MS,
    jobLockLifetimeMs: values.WXCAST_JOB_LOCK_LIFETIME_MS,
    missedSendGraceMinutes: values.WXCAST_MISSED_SEND_GRACE_MINUTES,
    resultReconcileAfterMs: values.WXCAST_RESULT_RECONCILE_AFTER_MINUTES * 60_000,
  };
}
