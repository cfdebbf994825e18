import type http from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { logger } from '#src/logger.ts';

/** How often an idle socket is pinged; one that does not answer within as long is dropped. */
const KEEP_ALIVE_MS = 12_000;
/** WebSocket close code 1001: the server is going away (RFC 6455). */
const GOING_AWAY = 1001;

/** What graphql-ws hands to hooks as `ctx.extra`, as graphql-ws/use/ws does. */
export interface Extra {
  readonly socket: WebSocket;
  readonly request: http.IncomingMessage;
}

/**
 * graphql-ws served on a `ws` server: what graphql-ws/use/ws does (subprotocol choice, keep-alive
 * pings, message and close routing), except that problems go to the JSON log. use/ws writes them
 * with console.error and a raw stack, and a client can cause that at will (a malformed frame is
 * an `error` event on its socket). A failure while handling a message closes that socket with
 * 4500, as use/ws does; the hooks in src/graphql-ws.ts make sure an operation's own errors never
 * get that far.
 */
export function serveGraphqlWs<E extends Record<PropertyKey, unknown>>(options: ServerOptions<Record<string, unknown>, Extra & Partial<E>>, wss: WebSocketServer) {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => logger.error({ err: error }, 'WebSocket server error'));

  wss.on('connection', (socket, request) => {
    socket.on('error', (error) => {
      // Mostly a client's fault (a malformed frame, a reset connection); ws closes the socket.
      logger.warn({ err: error, remoteAddress: request.socket.remoteAddress }, 'WebSocket error');
      if (socket.readyState === socket.OPEN) socket.close(CloseCode.InternalServerError, 'Internal server error');
    });

    let pongWait: NodeJS.Timeout | undefined;
    const keepAlive = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, KEEP_ALIVE_MS);

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              logger.error({ err: error }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request } as Extra & Partial<E>,
    );

    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(keepAlive);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(GOING_AWAY, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
