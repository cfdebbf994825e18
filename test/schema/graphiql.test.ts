import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

/**
 * GraphiQL must render with no internet access (these machines have none; yoga's default page
 * loads its JS from unpkg) and run subscriptions over graphql-ws, like every other client.
 */
describe('GraphiQL', () => {
  const t = useTestApp();

  it('is served at /graphql self-contained, subscribing over graphql-ws', async () => {
    const response = await fetch(`${t.app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    // Nothing fetched from another host: no external script, stylesheet or module.
    expect(html.match(/<(script|link)\b[^>]*\b(src|href)="(https?:)?\/\//g) ?? []).toEqual([]);
    expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr/);
    const options = JSON.parse(html.match(/renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*?\}),\s*\);/s)![1]!);
    expect(options).toMatchObject({ subscriptionsProtocol: 'WS' });
  });
});
