import { describe, expect, it } from 'vitest';
import { childEnv, runCli, startProcess } from '../helpers/process.ts';

/** The whole output of a refused start: the heading and one line per problem, nothing else. */
const EXPECTED = [
  'Invalid configuration:',
  '  - PORT: must be a port number (0 to 65535)',
  '  - LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
];

describe('configuration problems at start', () => {
  it('npm start prints one line per problem and exits 1, without a stack trace (an unknown LOG_LEVEL included)', async () => {
    const started = startProcess([], childEnv({ LOG_LEVEL: 'loud', PORT: 'eighty' }));
    expect(await started.exited).toBe(1);
    expect(started.lines).toEqual(EXPECTED);
  }, 60_000);

  it('a DATABASE_URL that cannot be reached is one configuration line too', async () => {
    const started = startProcess([], childEnv({ DATABASE_URL: 'postgres://127.0.0.1:1/wxcast', WXCAST_SECRET_KEY: 'ab'.repeat(32) }));
    expect(await started.exited).toBe(1);
    expect(started.lines).toEqual(['Invalid configuration:', expect.stringMatching(/^ {2}- DATABASE_URL: cannot reach the database at postgres:\/\/127\.0\.0\.1:1\/wxcast: .*ECONNREFUSED/)]);
  }, 60_000);

  it('the CLI does the same', async () => {
    const run = await runCli(['migrate'], childEnv({ LOG_LEVEL: 'loud', PORT: 'eighty' }));
    expect(run.code).toBe(1);
    expect(run.output.trim().split('\n')).toEqual(EXPECTED);
  }, 60_000);
});
