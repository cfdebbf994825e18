import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#src/env.ts';

/** loadConfig is a pure function of the environment it is given. */
const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('defaults to the embedded database on port 4000, both roles, WeChat\'s own host', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, role: 'both', wechatApiBase: 'https://api.weixin.qq.com', logLevel: 'info', massSendsPerMinute: 60 });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('./.wxcast'));
  });

  it('reads every configuration variable', () => {
    const key = 'ab'.repeat(32);
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://u@db:5432/wx',
      WXCAST_DATA_DIR: '/var/lib/wxcast',
      MONGODB_URL: 'mongodb://mongo/wx',
      REDIS_URL: 'redis://cache:6379',
      WECHAT_API_BASE: 'http://127.0.0.1:4100/',
      WXCAST_SECRET_KEY: key,
      WXCAST_ROLE: 'worker',
      LOG_LEVEL: 'debug',
      WXCAST_MASS_SEND_PER_MINUTE: '30',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://u@db:5432/wx',
      dataDir: '/var/lib/wxcast',
      mongodbUrl: 'mongodb://mongo/wx',
      redisUrl: 'redis://cache:6379',
      wechatApiBase: 'http://127.0.0.1:4100',
      role: 'worker',
      logLevel: 'debug',
      massSendsPerMinute: 30,
    });
    expect(config.secretKey).toEqual(Buffer.from(key, 'hex'));
  });

  it('reports every problem at once, one line each, naming the variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://db', REDIS_URL: 'http://cache', WXCAST_ROLE: 'all', WXCAST_SECRET_KEY: 'short' });
    expect(problems).toHaveLength(5);
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'WXCAST_ROLE', 'WXCAST_SECRET_KEY']) {
      expect(problems.filter((line) => line.startsWith(`${name}:`))).toHaveLength(1);
    }
    expect(problems.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('takes 1 to 60 mass sends per minute, WeChat\'s most', () => {
    for (const bad of ['0', '61', '2.5', 'many']) {
      expect(problemsOf({ WXCAST_MASS_SEND_PER_MINUTE: bad })).toEqual([expect.stringMatching(/^WXCAST_MASS_SEND_PER_MINUTE: /)]);
    }
    expect(problemsOf({ WXCAST_MASS_SEND_PER_MINUTE: '61' })[0]).toMatch(/at most 60/);
    expect(loadConfig({ WXCAST_MASS_SEND_PER_MINUTE: '1' }).massSendsPerMinute).toBe(1);
  });

  it('takes a missed-send grace of 1 to 1440 minutes, 15 by default', () => {
    expect(loadConfig({}).missedSendGraceMinutes).toBe(15);
    expect(loadConfig({ WXCAST_MISSED_SEND_GRACE_MINUTES: '60' }).missedSendGraceMinutes).toBe(60);
    for (const bad of ['0', '1441', '1.5', 'soon']) {
      expect(problemsOf({ WXCAST_MISSED_SEND_GRACE_MINUTES: bad })).toEqual([expect.stringMatching(/^WXCAST_MISSED_SEND_GRACE_MINUTES: /)]);
    }
  });

  it('asks message/mass/get about a result after 1 to 1440 minutes, 30 by default', () => {
    expect(loadConfig({}).resultReconcileAfterMs).toBe(30 * 60_000);
    expect(loadConfig({ WXCAST_RESULT_RECONCILE_AFTER_MINUTES: '5' }).resultReconcileAfterMs).toBe(5 * 60_000);
    for (const bad of ['0', '1441', '2.5', 'later']) {
      expect(problemsOf({ WXCAST_RESULT_RECONCILE_AFTER_MINUTES: bad })).toEqual([expect.stringMatching(/^WXCAST_RESULT_RECONCILE_AFTER_MINUTES: /)]);
    }
  });

  it('requires WXCAST_SECRET_KEY with a PostgreSQL server', () => {
    expect(problemsOf({ DATABASE_URL: 'postgresql://u@db/wx' })).toEqual([expect.stringMatching(/^WXCAST_SECRET_KEY: required when DATABASE_URL is set/)]);
  });

  it('leaves HOST unset by default (every interface; loopback in demo mode) and refuses what is no address', () => {
    expect(loadConfig({}).host).toBeUndefined();
    expect(loadConfig({ HOST: '::' }).host).toBe('::');
    expect(problemsOf({ HOST: 'http://example.com' })).toEqual([expect.stringMatching(/^HOST: must be an IP address or a host name/)]);
  });

  it('refuses WXCAST_ROLE=api or worker on the embedded PostgreSQL, which belongs to one process', () => {
    for (const role of ['api', 'worker']) {
      expect(problemsOf({ WXCAST_ROLE: role })).toEqual([expect.stringMatching(new RegExp(`^WXCAST_ROLE: ${role} .*set DATABASE_URL`))]);
    }
    expect(loadConfig({ WXCAST_ROLE: 'both' }).role).toBe('both');
  });
});
