import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

describe('health endpoints', () => {
  const t = useTestApp();

  it('answers /healthz and /readyz; Yoga\'s own /health is not served', async () => {
    const health = await fetch(`${t.app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${t.app.url}/readyz`)).status).toBe(200);
    for (const path of ['/health', '/graphql/health', '/x/healthz', '/anything']) {
      const response = await fetch(`${t.app.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('x-yoga-id'), path).toBeNull();
    }
  });
});
