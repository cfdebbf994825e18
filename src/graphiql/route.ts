import { createHash } from 'node:crypto';
import type http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { GraphiQLOptions } from 'graphql-yoga';
import { ASSET_PREFIX, splitGraphiQL, type GraphiQLParts } from '#src/graphiql/assets.ts';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

type Encoding = 'br' | 'gzip' | 'identity';

/** The encoding to answer with: brotli, else gzip, else none (q=0 counts as refused). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name!.toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

/**
 * Whether the request comes from this machine: a loopback peer that no proxy forwarded (a
 * reverse proxy on the same machine connects from loopback on behalf of anyone, and says so
 * with Forwarded / X-Forwarded-For / X-Real-IP).
 */
export function isLoopbackRequest(req: http.IncomingMessage): boolean {
  if (req.headers.forwarded || req.headers['x-forwarded-for'] || req.headers['x-real-ip']) return false;
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

interface Encoded {
  body: Buffer;
  etag: string;
}

/**
 * Serves GraphiQL: `GET /graphql` from a browser (Accept: text/html) gets the page, and its
 * static files are under {@link ASSET_PREFIX}<content hash>. Everything is compressed (br or
 * gzip, by Accept-Encoding) and carries an ETag, so a browser that has it gets a 304 with no
 * body; the hashed files may be cached for good. Returns false for requests it does not serve.
 */
export function createGraphiQLRoute(endpoint: string, optionsFor: (req: http.IncomingMessage) => GraphiQLOptions) {
  let parts: GraphiQLParts | undefined;
  const partsNow = () => (parts ??= splitGraphiQL());
  // Compressed bodies by content hash and encoding: the assets once, each distinct page once.
  const cache = new Map<string, Promise<Encoded>>();

  const encode = (body: Buffer, encoding: Encoding): Promise<Encoded> => {
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    const key = `${hash}:${encoding}`;
    let entry = cache.get(key);
    if (!entry) {
      if (cache.size > 64) cache.clear(); // pages differ only by their options: a handful at most
      entry = (async () => {
        const compressed =
          encoding === 'br'
            ? await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
            : encoding === 'gzip'
              ? await gzip(body)
              : body;
        return { body: compressed, etag: `"${hash}${encoding === 'identity' ? '' : `-${encoding}`}"` };
      })();
      cache.set(key, entry);
    }
    return entry;
  };

  const send = async (req: http.IncomingMessage, res: http.ServerResponse, type: string, body: Buffer, cacheControl: string) => {
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    const encoded = await encode(body, encoding);
    const headers: http.OutgoingHttpHeaders = {
      'content-type': type,
      etag: encoded.etag,
      'cache-control': cacheControl,
      vary: 'Accept-Encoding',
    };
    const known = (req.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (known.includes(encoded.etag) || known.includes('*')) {
      res.writeHead(304, headers).end();
      return;
    }
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    headers['content-length'] = encoded.body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : encoded.body);
  };

  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '').split('?')[0]!;
    if (path.startsWith(ASSET_PREFIX)) {
      const asset = partsNow().assets.get(path.slice(ASSET_PREFIX.length));
      if (!asset) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return true;
      }
      await send(req, res, asset.type, asset.body, 'public, max-age=31536000, immutable');
      return true;
    }
    if (path !== endpoint || !req.headers.accept?.includes('text/html')) return false;
    // The page may hold a pre-filled API key: private, and revalidated at every load.
    await send(req, res, 'text/html; charset=utf-8', Buffer.from(partsNow().page(optionsFor(req))), 'private, no-cache');
    return true;
  };
}
