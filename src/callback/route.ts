import type http from 'node:http';
import type { Agenda } from 'agenda';
import type { Db } from '#src/db/client.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { logger } from '#src/logger.ts';
import { verifyCallbackRequest, type CallbackAccount } from '#src/callback/verify.ts';
import { storeCallbackEvent } from '#src/callback/store.ts';
import { dispatchRun } from '#src/jobs/dispatch.ts';

const PATH = /^\/wechat\/callback\/([0-9a-f-]{36})\/?(?:\?|$)/i;
const MAX_BODY_BYTES = 1024 * 1024;
/** WeChat retries a push within 15 s; five minutes either way leaves room for clock skew. */
export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 300;

export interface CallbackRouteDeps {
  prisma: Db;
  pubsub: WxPubSub;
  agenda: Agenda;
  timestampWindowSeconds?: number;
}

/**
 * `GET|POST /wechat/callback/:accountId`: WeChat's URL verification handshake and event pushes.
 * Every request is checked against the account's token (and, in safe and compatible modes, its
 * EncodingAESKey); a forged, stale or replayed one gets 401, a body that is not a pushed message
 * gets 400, and neither changes anything. The precise reason is logged, never told to the client.
 * Events are stored once (redeliveries are no-ops) with their handler's job run, and answered
 * with "success" at once — well inside WeChat's 5 s. Returns false for other paths.
 */
export function createCallbackRoute(deps: CallbackRouteDeps) {
  const windowSeconds = deps.timestampWindowSeconds ?? DEFAULT_TIMESTAMP_WINDOW_SECONDS;
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    const match = PATH.exec(req.url ?? '');
    if (!match) return false;
    const accountId = match[1]!;
    if (req.method !== 'GET' && req.method !== 'POST') return reply(res, 405, 'method not allowed');
    const account: (CallbackAccount & { workspaceId: string }) | null = await deps.prisma.officialAccount.findFirst({
      where: { id: accountId, unboundAt: null },
      select: { id: true, workspaceId: true, appId: true, callbackToken: true, callbackAesKey: true },
    });
    if (!account) return reply(res, 404, 'unknown account');
    const query = new URL(req.url!, 'http://callback').searchParams;
    const reject = (status: 400 | 401, reason: string) => {
      logger.warn({ accountId, method: req.method, reason, status }, 'rejected a WeChat callback request');
      return reply(res, status, status === 400 ? 'bad request' : 'invalid signature');
    };

    if (req.method === 'GET') {
      const echo = verifyCallbackRequest(account, query, undefined, { timestampWindowSeconds: windowSeconds });
      if (!echo.ok) return reject(echo.status, echo.reason);
      return reply(res, 200, query.get('echostr') ?? '');
    }

    const body = await readBody(req);
    if (body === undefined) return reply(res, 413, 'payload too large');
    const verified = verifyCallbackRequest(account, query, body, { timestampWindowSeconds: windowSeconds });
    if (!verified.ok) return reject(verified.status, verified.reason);
    const nonce = verified.mode === 'plaintext' ? { nonce: verified.nonce, timestamp: verified.timestamp, windowSeconds } : undefined;
    const stored = await storeCallbackEvent(deps.prisma, account, verified.message, nonce);
    if (stored === 'replayed-nonce') return reject(401, `nonce ${verified.nonce} was already used with another message`);
    if (stored !== 'duplicate') {
      if (stored.run) {
        // A lost hand-over is not a lost event: the reconciler dispatches the stored run.
        await dispatchRun(deps, stored.run).catch((error: unknown) =>
          logger.warn({ err: error, eventId: stored.event.id }, 'could not hand an event handler run to the job store; the reconciler will'),
        );
      }
      deps.pubsub.publish('wechat:event', account.id, { eventId: stored.event.id, event: stored.event.event });
    }
    return reply(res, 200, 'success');
  };
}

function reply(res: http.ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
  return true;
}

async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
