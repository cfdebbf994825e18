import type http from 'node:http';
import type { FollowerFlags, QuotaUse, ReadStatsInput } from '#src/wechat-simulator/control-sending.ts';
import type { ClockChange, MaterialEdit, SimControl } from '#src/wechat-simulator/control.ts';
import type { FaultSpec } from '#src/wechat-simulator/faults.ts';
import { sendJson } from '#src/wechat-simulator/http-io.ts';
import type { SeedAccount, SeedSpec } from '#src/wechat-simulator/seed.ts';
import type { SimConfig } from '#src/wechat-simulator/config.ts';

type Body = Record<string, unknown>;
type Handler = (control: SimControl, body: Body, query: URLSearchParams, params: string[]) => unknown;

const num = (value: string | null) => (value === null || value === '' ? undefined : Number(value));

/** `[method, path pattern, handler]`; `:param` segments are passed in order. */
const ROUTES: [string, string, Handler][] = [
  ['POST', '/_sim/reset', (c, b) => c.reset(b.seed as SeedSpec | 'demo' | undefined, b.clock as string | number | undefined)],
  ['GET', '/_sim/accounts', (c) => ({ accounts: c.accounts() })],
  ['POST', '/_sim/accounts', (c, b) => c.addAccount(b as unknown as SeedAccount)],
  ['GET', '/_sim/clock', (c) => c.clock()],
  ['POST', '/_sim/clock', (c, b) => c.setClock(b as ClockChange)],
  ['GET', '/_sim/faults', (c) => ({ faults: c.faults() })],
  ['POST', '/_sim/faults', (c, b) => c.addFault(b as unknown as FaultSpec)],
  ['DELETE', '/_sim/faults', (c) => (c.clearFaults(), { ok: true })],
  ['DELETE', '/_sim/faults/:id', (c, _b, _q, [id]) => ({ ok: c.removeFault(Number(id)) })],
  ['POST', '/_sim/faults/:id/release', (c, _b, _q, [id]) => ({ ok: c.releaseFault(Number(id)) })],
  [
    'GET',
    '/_sim/deliveries',
    (c, _b, q) =>
      c.deliveries({
        appid: q.get('appid') ?? q.get('appId') ?? undefined,
        openid: q.get('openid') ?? undefined,
        msgId: num(q.get('msg_id') ?? q.get('msgId')),
        offset: num(q.get('offset')),
        limit: num(q.get('limit')),
      }),
  ],
  ['POST', '/_sim/callback-url', (c, b) => (c.setCallbackUrl((b.url as string | null) ?? null, (b.appid ?? b.appId) as string | undefined), { ok: true })],
  ['GET', '/_sim/callbacks', (c, _b, q) => ({ attempts: c.callbacks({ appid: q.get('appid') ?? undefined, msgId: num(q.get('msg_id')) }) })],
  ['POST', '/_sim/idle', async (c) => (await c.idle(), { ok: true })],
  ['GET', '/_sim/stats', (c) => c.stats()],
  ['POST', '/_sim/materials/:mediaId', (c, b, _q, [id]) => c.editMaterial(decodeURIComponent(id!), b as MaterialEdit)],
  ['DELETE', '/_sim/materials/:mediaId', (c, _b, _q, [id]) => c.removeMaterial(decodeURIComponent(id!))],
  ['DELETE', '/_sim/cards/:cardId', (c, _b, _q, [id]) => c.removeCard(decodeURIComponent(id!))],
  ['POST', '/_sim/followers', (c, b) => c.followers(String(b.appid ?? b.appId), b.action === 'unfollow' ? 'unfollow' : 'follow', b.openid as string | undefined)],
  ['GET', '/_sim/mass-jobs', (c, _b, q) => ({ jobs: c.jobs(q.get('appid') ?? undefined) })],
  ['POST', '/_sim/mass-jobs/:msgId/finish', (c, b, _q, [id]) => c.finishJob(Number(id), b.status as string | undefined)],
  [
    'POST',
    '/_sim/comments',
    (c, b) =>
      c.addComment({
        appid: (b.appid ?? b.appId) as string | undefined,
        msgDataId: Number(b.msg_data_id ?? b.msgDataId),
        index: b.index as number | undefined,
        openid: b.openid as string | undefined,
        content: String(b.content ?? ''),
      }),
  ],
  ['POST', '/_sim/config', (c, b) => c.configure(b as Partial<SimConfig>)],
  ['GET', '/_sim/config', (c) => c.configure({})],
  ['POST', '/_sim/follower-flags', (c, b) => c.sending.followerFlags(b as unknown as FollowerFlags)],
  ['POST', '/_sim/quota-used', (c, b) => c.sending.useQuota(b as unknown as QuotaUse)],
  ['POST', '/_sim/copyright', (c, b) => c.sending.addCopyrightRule(b)],
  ['DELETE', '/_sim/copyright', (c) => (c.sending.clearCopyrightRules(), { ok: true })],
  ['POST', '/_sim/read-stats', (c, b) => c.sending.setReadStats(b as unknown as ReadStatsInput)],
];

function match(pattern: string, path: string): string[] | undefined {
  const a = pattern.split('/');
  const b = path.replace(/\/$/, '').split('/');
  if (a.length !== b.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(':')) params.push(b[i]!);
    else if (a[i] !== b[i]) return undefined;
  }
  return params;
}

/** Serves the JSON control surface; bad input answers 400 `{error}`, unknown paths 404. */
export async function handleControl(control: SimControl, req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: Buffer): Promise<void> {
  for (const [method, pattern, handler] of ROUTES) {
    if (method !== req.method) continue;
    const params = match(pattern, url.pathname);
    if (!params) continue;
    try {
      const text = raw.toString('utf8').trim();
      const body = text ? (JSON.parse(text) as Body) : {};
      sendJson(res, 200, (await handler(control, body, url.searchParams, params)) ?? { ok: true });
    } catch (error) {
      sendJson(res, 400, { error: (error as Error).message });
    }
    return;
  }
  sendJson(res, 404, { error: `no control route ${req.method} ${url.pathname}` });
}
