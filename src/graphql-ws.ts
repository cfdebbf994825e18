import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { AppDeps, Viewer } from '#src/context.ts';
import { authenticate } from '#src/auth/authenticate.ts';
import { maskError } from '#src/mask-error.ts';
import type { Extra } from '#src/ws-transport.ts';

/** graphql-ws's close code for a socket that may not do what it asked. */
const FORBIDDEN = 4403;
/**
 * A socket that connected without a key (GraphiQL's) must bring one with an operation within
 * this time, or it is closed with 4403 like a socket with a wrong key: no idle anonymous sockets.
 */
export const KEYLESS_SOCKET_GRACE_MS = 10_000;

/** What wxcast keeps per socket beside graphql-ws's own `socket` and `request`. */
export interface SocketExtra extends Record<PropertyKey, unknown> {
  /** The Authorization value given in connection_init (`Bearer <key>`), re-checked at every operation. */
  authorization?: string;
  /** Closes a keyless socket that brought no authenticated operation in time. */
  keyless?: NodeJS.Timeout;
  /** The keys this socket has used, each watched for revocation (value: stop watching). */
  watched?: Map<string, () => void>;
}

type SocketExtras = Extra & Partial<SocketExtra>;
type YogaEnveloped = YogaServerInstance<{ viewer?: Viewer }, object>['getEnveloped'];
type Run = (args: ExecutionArgs) => unknown;

/** A header from an operation's `extensions.headers` (GraphiQL's way over WebSocket), any case. */
function headerOf(extensions: Record<string, unknown> | undefined | null, name: string): string | undefined {
  const headers = extensions?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return typeof found?.[1] === 'string' ? found[1] : undefined;
}

/**
 * An error of one operation as graphql-ws sends it (an `error` message for that id only):
 * the client's own mistakes (syntax, validation, limits) as they are, anything unexpected
 * logged and masked by the same maskError as HTTP.
 */
function operationError(error: unknown): GraphQLError {
  const masked = maskError(error, 'Unexpected error.');
  return masked instanceof GraphQLError ? masked : new GraphQLError(masked.message);
}

/** Runs Yoga's execute or subscribe; a throw becomes an error result of that operation, not of the socket. */
const safely = (which: 'execute' | 'subscribe') => async (args: ExecutionArgs) => {
  try {
    return await (args.rootValue as Record<typeof which, Run>)[which](args);
  } catch (error) {
    return { errors: [operationError(error)] };
  }
};

/**
 * graphql-ws on Yoga's pipeline (envelop), so sockets get the same context, auth, limits and
 * error masking as HTTP. Every key a socket uses is re-checked in PostgreSQL at each operation and
 * watched: once it is revoked the socket is closed with 4403, ending all its subscriptions.
 * Nothing an operation sends can throw out of these hooks: graphql-ws would close the whole socket
 * with 4500, ending every other subscription on it.
 */
export function graphqlWsOptions(
  yoga: { getEnveloped: YogaEnveloped },
  app: Pick<AppDeps, 'prisma' | 'keyRevocations'>,
  keylessSocketGraceMs = KEYLESS_SOCKET_GRACE_MS,
): ServerOptions<Record<string, unknown>, SocketExtras> {
  const forbid = (extra: SocketExtras) => extra.socket.close(FORBIDDEN, 'Forbidden');
  const watchKey = (extra: SocketExtras, apiKeyId: string) => {
    if (extra.watched!.has(apiKeyId) || extra.socket.readyState !== extra.socket.OPEN) return;
    extra.watched!.set(apiKeyId, app.keyRevocations.watch(apiKeyId, () => forbid(extra)));
  };

  return {
    // A key in connectionParams authenticates the socket; a wrong one closes it with 4403
    // Forbidden (graphql-ws, by returning false). GraphiQL sends none: it puts its headers
    // editor's Authorization into each operation's `extensions.headers`, checked per operation.
    onConnect: async (ctx) => {
      const extra = ctx.extra;
      extra.watched = new Map();
      extra.socket.once('close', () => {
        clearTimeout(extra.keyless);
        for (const stop of extra.watched!.values()) stop();
      });
      const given = ctx.connectionParams?.authorization;
      if (given === undefined) {
        extra.keyless = setTimeout(() => forbid(extra), keylessSocketGraceMs);
        return true;
      }
      const viewer = await authenticate(app.prisma, given);
      if (!viewer) return false;
      extra.authorization = given as string;
      watchKey(extra, viewer.apiKeyId);
      return true;
    },
    execute: safely('execute') as ServerOptions['execute'],
    subscribe: safely('subscribe') as ServerOptions['subscribe'],
    onSubscribe: async (ctx, _id, params) => {
      try {
        const viewer = await authenticate(app.prisma, ctx.extra.authorization ?? headerOf(params.extensions, 'authorization'));
        if (!viewer) {
          // No key anywhere, a wrong one, or the socket's key was revoked: the same end as a
          // wrong key at connection time.
          forbid(ctx.extra);
          return [new GraphQLError('Forbidden', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        clearTimeout(ctx.extra.keyless);
        watchKey(ctx.extra, viewer.apiKeyId);
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          viewer,
        });
        // parse throws on a syntax error or a refused token count; validate returns the rest.
        const document = parse(params.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return [...errors];
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      } catch (error) {
        return [operationError(error)];
      }
    },
  };
}
