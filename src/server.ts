import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { createFetch } from '@whatwg-node/fetch';
import type { AppDeps, Viewer } from '#src/context.ts';
import { authenticate } from '#src/auth/authenticate.ts';
import { createContextFactory, unauthenticatedError } from '#src/auth/context-factory.ts';
import { maskError } from '#src/mask-error.ts';
import { armorPlugin } from '#src/armor.ts';
import { logger, yogaLoggerFor } from '#src/logger.ts';
import { MAX_CSV_BYTES } from '#src/services/customer-group-members.ts';
import { MAX_IMAGE_BYTES } from '#src/services/images.ts';

/** WebSocket close code 1001: the server is going away (RFC 6455). */
const GOING_AWAY = 1001;
/** graphql-ws's close code for a socket that may not do what it asked. */
const FORBIDDEN = 4403;
/**
 * A socket that connected without a key (GraphiQL's) must bring one with an operation within
 * this time, or it is closed with 4403 like a socket with a wrong key: no idle anonymous sockets.
 */
export const KEYLESS_SOCKET_GRACE_MS = 10_000;

/** A header from an operation's `extensions.headers` (GraphiQL's way over WebSocket), any case. */
function headerOf(extensions: Record<string, unknown> | undefined | null, name: string): string | undefined {
  const headers = extensions?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return typeof found?.[1] === 'string' ? found[1] : undefined;
}

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

export interface ServerOptions {
  schema: GraphQLSchema;
  app: AppDeps;
  /** For /readyz: the names of the dependencies that do not answer (none when ready). */
  ready: () => Promise<string[]>;
  /** Routes outside GraphQL (the WeChat callback); return false to fall through. */
  extraRoutes?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;
  /**
   * Pre-filled GraphiQL headers (demo mode puts its API key here). A function is read on every
   * GraphiQL page load, so headers can be set after the server started (the key exists only then).
   */
  graphiqlHeaders?: Record<string, string> | (() => Record<string, string> | undefined);
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
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    renderGraphiQL,
    graphiql: () => ({
      title: 'wxcast',
      subscriptionsProtocol: 'WS',
      headers: JSON.stringify(graphiqlHeaders() ?? { Authorization: 'Bearer <your API key>' }),
    }),
    maskedErrors: { maskError },
    logging: yogaLoggerFor(logger),
    // Multipart parsing limits (the GraphQL multipart request spec); busboy stops at these.
    fetchAPI: createFetch({ formDataLimits: { fileSize: MAX_UPLOAD_FILE_BYTES, files: MAX_UPLOAD_FILES, fieldSize: MB } }),
    plugins: [
      armorPlugin(),
    ],
    context: async (initial) => {
      const viewer = initial.viewer ?? (await authenticate(options.app.prisma, initial.request.headers.get('authorization')));
      if (!viewer) throw unauthenticatedError();
      return contextFor(viewer);
    },
  });

  const server = http.createServer(async (req, res) => {
    try {
      // Liveness with a body (Yoga's own health check answers an empty 200): the process serves.
      if ((req.method === 'GET' || req.method === 'HEAD') && /^\/healthz\/?(?:\?|$)/.test(req.url ?? '')) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(HEALTHY);
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && /^\/readyz\/?(?:\?|$)/.test(req.url ?? '')) {
        // Which dependency is down and nothing more: the causes are in the log, not in the answer.
        const down = await options.ready();
        const body = down.length === 0 ? { status: 'ok' } : { status: 'unavailable', down };
        res.writeHead(down.length === 0 ? 200 : 503, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
        return;
      }
      if (options.extraRoutes && (await options.extraRoutes(req, res))) return;
      if (!checkUploadSize(req, res)) return;
      await yoga.requestListener(req, res);
    } catch (error) {
      logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const wsServer = useServer<Record<string, unknown>, { viewer?: Viewer; keyless?: NodeJS.Timeout }>(
    {
      // A key in connectionParams authenticates the socket; a wrong one closes it with 4403
      // Forbidden (graphql-ws, by returning false). GraphiQL sends none: it puts its headers
      // editor's Authorization into each operation's `extensions.headers`, checked per operation.
      onConnect: async (ctx) => {
        const given = ctx.connectionParams?.authorization;
        if (given === undefined) {
          ctx.extra.keyless = setTimeout(() => ctx.extra.socket.close(FORBIDDEN, 'Forbidden'), KEYLESS_SOCKET_GRACE_MS);
          ctx.extra.socket.once('close', () => clearTimeout(ctx.extra.keyless));
          return true;
        }
        const viewer = await authenticate(options.app.prisma, given);
        if (!viewer) return false;
        ctx.extra.viewer = viewer;
        return true;
      },
      execute: (args) => (args.rootValue as { execute: (a: unknown) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: unknown) => unknown }).subscribe(args) as never,
      onSubscribe: async (ctx, _id, params) => {
        const viewer = ctx.extra.viewer ?? (await authenticate(options.app.prisma, headerOf(params.extensions, 'authorization')));
        if (!viewer) {
          // No key anywhere, or a wrong one: the same end as a wrong key at connection time.
          ctx.extra.socket.close(FORBIDDEN, 'Forbidden');
          return [new GraphQLError('Forbidden', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        clearTimeout(ctx.extra.keyless);
        const { schema, execute, subscribe, contextFactory, parse: envelopParse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          viewer,
        });
        const document = envelopParse(params.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );

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
