import { inject, describe, expect, it } from 'vitest';
import pg from 'pg';
import { useTestApp } from '../helpers/app.ts';

/** Runs one statement as the test server's admin (on its maintenance database). */
async function admin(sql: string) {
  const client = new pg.Client(inject('testDatabases').adminUrl);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('/readyz', () => {
  const fixture = useTestApp();

  it('is ready when the database and the job store answer', async () => {
    const response = await fetch(`${fixture.app.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('names the dependencies that are down, and nothing more, while the database refuses connections', async () => {
    const name = fixture.db.name;
    // No new connections, and the open ones ended: the database is down for this app.
    await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
    try {
      const response = await fetch(`${fixture.app.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', down: ['database', 'jobStore'] });
    } finally {
      await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
    // Back once the database is: pools reconnect on their own.
    await expect.poll(async () => (await fetch(`${fixture.app.url}/readyz`)).status, { timeout: 30_000 }).toBe(200);
  }, 60_000);
});
