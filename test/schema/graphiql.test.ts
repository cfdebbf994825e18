import http from 'node:http';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

const DEMO_HEADERS = { Authorization: 'Bearer wxk_prefilled-for-loopback-only' };

/** A GET with Node's http client, which (unlike fetch) shows the bytes as they travel. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; raw: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, raw: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const decode = (raw: Buffer, encoding: string | undefined) =>
  encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : raw;

const assetUrls = (html: string) => [...html.matchAll(/(?:src|href)="(\/graphiql\/assets\/[0-9a-f]{16}\.(?:js|css|ico))"/g)].map((m) => m[1]!);

/**
 * GraphiQL must render with no internet access (these machines have none; yoga's default page
 * loads its JS from unpkg), run subscriptions over graphql-ws like every other client, and load
 * quickly: compressed, cacheable, its 9 MB of scripts under content-hashed URLs.
 */
describe('GraphiQL', () => {
  const t = useTestApp({ graphiqlHeaders: () => DEMO_HEADERS });

  it('is served at /graphql self-contained, subscribing over graphql-ws', async () => {
    const response = await fetch(`${t.app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    // Nothing fetched from another host: no external script, stylesheet or module.
    expect(html.match(/<(script|link)\b[^>]*\b(src|href)="(https?:)?\/\//g) ?? []).toEqual([]);
    expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr/);
    const options = JSON.parse(html.match(/renderYogaGraphiQL\(window\.document\.querySelector\('#root'\), (\{.*?\})\);/s)![1]!);
    expect(options).toMatchObject({ subscriptionsProtocol: 'WS', endpoint: '/graphql' });
    // Its script, stylesheet and icon are served by this server, under content-hashed names.
    const assets = assetUrls(html);
    expect(assets.map((url) => url.split('.').at(-1)).sort()).toEqual(['css', 'ico', 'js']);
    const script = await fetch(`${t.app.url}${assets.find((url) => url.endsWith('.js'))}`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('renderYogaGraphiQL');
  });

  it('is sent compressed and revalidated with an ETag; its hashed files are cacheable for good', async () => {
    const page = `${t.app.url}/graphql`;
    const plain = await get(page, { accept: 'text/html' });
    const urls = assetUrls(plain.raw.toString('utf8')).map((path) => `${t.app.url}${path}`);
    const plainAssets = await Promise.all(urls.map((url) => get(url)));
    const before = plain.raw.length + plainAssets.reduce((sum, asset) => sum + asset.raw.length, 0);

    for (const encoding of ['br', 'gzip'] as const) {
      const compressed = await get(page, { accept: 'text/html', 'accept-encoding': `${encoding}, deflate` });
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers.vary).toMatch(/Accept-Encoding/i);
      expect(decode(compressed.raw, encoding).equals(plain.raw)).toBe(true);
      const assets = await Promise.all(urls.map((url) => get(url, { 'accept-encoding': encoding })));
      for (const [i, asset] of assets.entries()) {
        expect(asset.headers['content-encoding']).toBe(encoding);
        expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(decode(asset.raw, encoding).equals(plainAssets[i]!.raw)).toBe(true);
      }
      const after = compressed.raw.length + assets.reduce((sum, asset) => sum + asset.raw.length, 0);
      // A repeat visit: the page is revalidated (304, no body) and the hashed files come from cache.
      const again = await get(page, { accept: 'text/html', 'accept-encoding': encoding, 'if-none-match': String(compressed.headers.etag) });
      expect(again.status).toBe(304);
      expect(again.raw.length).toBe(0);
      console.log(`GraphiQL bytes transferred (${encoding}): first visit ${after} (uncompressed ${before}), repeat visit ${again.raw.length} + headers`);
      expect(after).toBeLessThan(before / 3);
    }
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    expect((await get(`${t.app.url}/graphiql/assets/0000000000000000.js`)).status).toBe(404);
  });

  it('pre-fills the configured headers only for a browser on this machine', async () => {
    const page = await get(`${t.app.url}/graphql`, { accept: 'text/html' });
    expect(page.raw.toString('utf8')).toContain(DEMO_HEADERS.Authorization);
    // Through a reverse proxy the peer is loopback, but the browser is anyone's.
    const proxies: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.7' }, { forwarded: 'for=203.0.113.7' }, { 'x-real-ip': '203.0.113.7' }];
    for (const proxied of proxies) {
      const html = (await get(`${t.app.url}/graphql`, { accept: 'text/html', ...proxied })).raw.toString('utf8');
      expect(html).not.toContain(DEMO_HEADERS.Authorization);
      expect(html).toContain('your API key');
    }
  });
});
