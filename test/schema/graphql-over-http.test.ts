import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

/**
 * The GraphQL over HTTP spec's server audits (graphql-http), every MUST, SHOULD and MAY, against
 * the real running server with a valid API key. An audit that is not `ok` fails with its reason.
 */
describe('GraphQL over HTTP audits', () => {
  const fixture = useTestApp();
  const audits = serverAudits({
    url: () => `${fixture.app.url}/graphql`,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${fixture.key}`);
      return fetch(input, { ...init, headers });
    },
  });

  it('has audits to run', () => {
    expect(audits.length).toBeGreaterThanOrEqual(60);
  });

  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
    });
  }
});
