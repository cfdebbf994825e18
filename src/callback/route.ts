import type http from 'node:http';
import type { Db } from '#src/db/client.ts';
import type { WxPubSub } from '#src/pubsub.ts';
import { logger } from '#src/logger.ts';
import { verifyCallbackRequest, type CallbackAccount } from '#src/callback/verify.ts';
import { storeCallbackEvent } from '#src/callback/store.ts';
import { isUuid } from '#src/services/unique.ts';

const PATH = /^\/wechat\/callback\/([0-9a-f-]{36})\/?(?:\?|$)/i;
const MAX_BODY_BYTES = 1024 * 1024;

export interface CallbackRouteDeps {
  prisma: Db;
  pubsub: WxPubSub;
}

/**
 * `GET|POST /wechat/callback/:accountId`: WeChat's URL verification handshake and
 * event pushes. Every request is checked against the account's token (and, in safe mode, its
 * EncodingAESKey); a forged or unsigned one gets 401 and changes nothing. Events are stored once
 * (redeliveries are no-ops) and answered with "success" at once — well inside WeChat's 5 s.
 * Returns false for other paths so the caller can route them elsewhere.
 */
export function createCallbackRoute(deps: CallbackRouteDeps) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    const match = PATH.exec(req.url ?? '');
    if (!match) return false;
    const accountId = match[1]!;
    if (req.method !== 'GET' && req.method !== 'POST') return reply(res, 405, 'method not allowed');
    // 36 characters of hex and dashes need not be a uuid, and PostgreSQL refuses to compare one.
    if (!isUuid(accountId)) return reply(res, 404, 'unknown account');
    const account: CallbackAccount | null = await deps.prisma.officialAccount.findFirst({
      where: { id: accountId, unboundAt: null },
      select: { id: true, appId: true, callbackToken: true, callbackAesKey: true },
    });
    if (!account) return reply(res, 404, 'unknown account');
    const query = new URL(req.url!, 'http://callback').searchParams;

    if (req.method === 'GET') {
      const echo = verifyCallbackRequest(account, query, undefined);
      if (!echo.ok) return reply(res, 401, 'invalid signature');
      return reply(res, 200, query.get('echostr') ?? '');
    }

    const body = await readBody(req);
    if (body === undefined) return reply(res, 413, 'payload too large');
    const verified = verifyCallbackRequest(account, query, body);
    if (!verified.ok) {
      logger.warn({ accountId, reason: verified.reason }, 'rejected a callback request');
      return reply(res, 401, 'invalid signature');
    }
    const stored = await storeCallbackEvent(deps.prisma, account.id, verified.message);
    if (stored) deps.pubsub.publish('wechat:event', account.id, { eventId: stored.id, event: stored.event });
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
