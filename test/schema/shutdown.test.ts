import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createTestKey, startTestApp, type TestApp } from '../helpers/app.ts';

/** Graceful stop: a request already being received is answered; new connections are refused. */
describe('graceful shutdown', () => {
  let db: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url });
  });
  afterAll(async () => db?.drop());

  it('finishes an in-flight request, then refuses new ones', async () => {
    const { key } = await createTestKey(app);
    const body = JSON.stringify({ query: '{ viewer { workspace { name } } }' });
    const url = new URL(`${app.url}/graphql`);
    // Send the headers with `Expect: 100-continue`: the server's "100 Continue" says it has the
    // request. Then stop the app and only then send the body: the request was in flight when
    // stop() began and must still get its answer.
    let request!: http.ClientRequest;
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}`, expect: '100-continue' },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, text }));
        },
      );
      request.on('error', reject);
      request.flushHeaders();
    });
    await new Promise((resolve) => request.once('continue', resolve));
    const stopped = app.stop();
    request.end(body);
    const result = await answered;
    await stopped;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toMatchObject({ data: { viewer: { workspace: { name: expect.any(String) } } } });
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });
});
