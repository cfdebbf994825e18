import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { graphqlWsOptions, type SocketExtra } from '#src/graphql-ws.ts';
import { serveGraphqlWs } from '#src/ws-transport.ts';
import { useEndRevokedStreams } from '#src/auth/end-revoked-streams.ts';
import { createFetch } from '@whatwg-node/fetch';
import type { AppDeps, Viewer } from '#src/context.ts';
import { authenticate } from '#src/auth/authenticate.ts';
import { createContextFactory, unauthenticatedError } from '#src/auth/context-factory.ts';
import { maskError } from '#src/mask-error.ts';
import { armorPlugin } from '#src/armor.ts';
import { logger, yogaLoggerFor } from '#src/logger.ts';
import { MAX_CSV_BYTES } from '#src/services/customer-group-members.ts';
import { MAX_IMAGE_BYTES } from '#src/services/images.ts';
import { createGraphiQLRoute, isLoopbackRequest } from '#src/graphiql/route.ts';

/** WebSocket close code 1001: the server is going away (RFC 6455). */
const GOING_AWAY = 1001;
export { KEYLESS_SOCKET_GRACE_MS } from '#src/graphql-ws.ts';

const MB = 1024 * 1024;

/**
 * The multipart parser stops a file beyond this: the largest file any mutation accepts (CSV
 * member imports, images) plus 1 MB, so a file a little too big still gets the mutation's typed
 * ValidationError naming its field, and only a grossly oversized one is refused here.
 */
export const MAX_UPLOAD_FILE_BYTES = Math.max(MAX_CSV_BYTES, MAX_IMAGE_BYTES) + MB;
/** Files in one multipart request: every upload mutation takes one file; a little room for more. */
export const MAX_UPLOAD_FILES = 4;
/**
 * The largest multipart request body: the largest file plus 1 MB for the operations, the map and
 * the multipart framing. Refused from its Content-Length before Yoga reads any of it.
 */
export const MAX_MULTIPART_BYTES = MAX_UPLOAD_FILE_BYTES + MB;

/** A GraphQL-over-HTTP style error answer for requests refused before GraphQL runs. */
function refuse(res: http.ServerResponse, status: number, code: string, message: string) {
  // Connection: close, so the client need not send the rest of a body nobody will read.
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Multipart uploads must declare their length (browsers, fetch and curl do), so the cap holds
 * before any byte is read; Node's parser then ends the body at the declared length. Returns
 * false when the request was refused.
 */
function checkUploadSize(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!/^multipart\//i.test(req.headers['content-type'] ?? '')) return true;
  const declared = req.headers['content-length'];
  if (declared === undefined) {
    refuse(res, 411, 'LENGTH_REQUIRED', 'Multipart requests need a Content-Length header');
    return false;
  }
  if (Number(declared) > MAX_MULTIPART_BYTES) {
    refuse(res, 413, 'REQUEST_ENTITY_TOO_LARGE', `Request body is ${declared} bytes; multipart requests may be at most ${MAX_MULTIPART_BYTES} bytes`);
    return false;
  }
  return true;
}

/** The body of `GET /healthz`. */
const HEALTHY = JSON.stringify({ status: 'ok' });
/** The one path Yoga serves: GraphQL (and GraphiQL). */
const YOGA_PATHS = /^\/graphql\/?(?:\?|$)/;
const NOT_FOUND = JSON.stringify({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });

export interface ServerOptions {
  schema: GraphQLSchema;
  app: AppDeps;
  /** For /readyz: the names of the dependencies that do not answer (none when ready). */
  ready: () => Promise<string[]>;
  /** Routes outside GraphQL (the WeChat callback); return false to fall through. */
  extraRoutes?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;
  /**
   * Pre-filled GraphiQL headers (demo mode puts its API key here), given only to requests from
   * loopback. A function is read on every GraphiQL page load, so headers can be set after the
   * server started (the key exists only then).
   */
  graphiqlHeaders?: Record<string, string> | (() => Record<string, string> | undefined);
  /** How long a socket without a key may wait for its first operation; default KEYLESS_SOCKET_GRACE_MS. */
  keylessSocketGraceMs?: number;
}

export interface WxServer {
  yoga: ReturnType<typeof createYoga>;
  start(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Context inputs graphql-ws hands to Yoga's pipeline: the viewer authenticated for the socket or the operation. */
interface SocketContext {
  viewer?: Viewer;
}

/**
 * The API: GraphQL over HTTP (and SSE) and graphql-ws on the same port and path, one pipeline
 * (Yoga's envelop) for both, so context, auth and error masking are identical.
 */
export function buildServer(options: ServerOptions): WxServer {
  const contextFor = createContextFactory(options.app);
  const graphiqlHeaders = () => (typeof options.graphiqlHeaders === 'function' ? options.graphiqlHeaders() : options.graphiqlHeaders);
  const yoga = createYoga<SocketContext>({
    schema: options.schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Served by the route below (compressed, cacheable); Yoga's own would send 9 MB every time.
    graphiql: false,
    maskedErrors: { maskError },
    logging: yogaLoggerFor(logger),
    // Multipart parsing limits (the GraphQL multipart request spec); busboy stops at these.
    fetchAPI: createFetch({ formDataLimits: { fileSize: MAX_UPLOAD_FILE_BYTES, files: MAX_UPLOAD_FILES, fieldSize: MB } }),
    plugins: [
      armorPlugin(),
      useEndRevokedStreams(options.app.keyRevocations),
    ],
    context: async (initial) => {
      const viewer = initial.viewer ?? (await authenticate(options.app.prisma, initial.request.headers.get('authorization')));
      if (!viewer) throw unauthenticatedError();
      return contextFor(viewer);
    },
  });

  // Pre-filled headers (demo mode's key) only for a browser on this machine: never hand a key to
  // whoever can reach the port.
  const graphiql = createGraphiQLRoute(yoga.graphqlEndpoint, (req) => ({
    title: 'wxcast',
    endpoint: yoga.graphqlEndpoint,
    subscriptionsProtocol: 'WS',
    headers: JSON.stringify((isLoopbackRequest(req) ? graphiqlHeaders() : undefined) ?? { Authorization: 'Bearer <your API key>' }),
  }));

  const server = http.createServer(async (req, res) => {
    try {
      // Liveness with a body (Yoga's own health check answers an empty 200): the process serves.
      if ((req.method === 'GET' || req.method === 'HEAD') && /^\/healthz\/?(?:\?|$)/.test(req.url ?? '')) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(HEALTHY);
        return;
      }
      if (await graphiql(req, res)) return;
      if ((req.method === 'GET' || req.method === 'HEAD') && /^\/readyz\/?(?:\?|$)/.test(req.url ?? '')) {
        // Which dependency is down and nothing more: the causes are in the log, not in the answer.
        const down = await options.ready();
        const body = down.length === 0 ? { status: 'ok' } : { status: 'unavailable', down };
        res.writeHead(down.length === 0 ? 200 : 503, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
        return;
      }
      if (options.extraRoutes && (await options.extraRoutes(req, res))) return;
      if (!checkUploadSize(req, res)) return;
      // Only Yoga's own routes reach it: Yoga also answers an empty 200 at /health, which would
      // be a second, weaker liveness check beside /healthz.
      if (!YOGA_PATHS.test(req.url ?? '')) {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(NOT_FOUND);
        return;
      }
      await yoga.requestListener(req, res);
    } catch (error) {
      logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const wsServer = serveGraphqlWs<SocketExtra>(graphqlWsOptions(yoga, options.app, options.keylessSocketGraceMs), wss);

  return {
    yoga,
    start: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: actual } = server.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`);
        });
      }),
    async stop() {
      // Stop accepting, close sockets with 1001 Going Away, let in-flight HTTP requests finish.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of wss.clients) client.close(GOING_AWAY, 'Server shutting down');
      await wsServer.dispose();
      server.closeIdleConnections();
      await closed;
      await yoga.dispose();
    },
  };
}
