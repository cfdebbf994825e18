import { createSimulator, type Simulator, type SimulatorOptions } from '#src/wechat-simulator/server.ts';
import type { SeedAccount } from '#src/wechat-simulator/seed.ts';

/** A fixed Beijing-morning start (2025-03-10 10:00 +08:00) so day/month rules are predictable. */
export const START = new Date('2025-03-10T02:00:00Z');

export const SERVICE: SeedAccount = {
  appId: 'wx0000000000000001',
  secret: 'secret-service-0000000000000001',
  type: 'SERVICE',
  followers: 50,
  unsubscribed: 5,
  materials: 3,
  cards: 3,
};

export const SUBSCRIPTION: SeedAccount = {
  appId: 'wx0000000000000002',
  secret: 'secret-subscription-000000000002',
  type: 'SUBSCRIPTION',
  followers: 20,
  materials: 2,
};

/** Starts a simulator on a random port with a frozen clock (tests move it explicitly). */
export async function startSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return createSimulator({ clockStart: START, frozen: true, seed: { accounts: [SERVICE, SUBSCRIPTION] }, ...options });
}

/** A started simulator, an HTTP client of it and a token of the service account. */
export async function startSimWithToken(options: SimulatorOptions = {}): Promise<{ sim: Simulator; wx: WxHttp; token: string }> {
  const sim = await startSim(options);
  const wx = new WxHttp(sim.url);
  return { sim, wx, token: await wx.token() };
}

type Json = Record<string, any>;

/** A tiny HTTP client for the simulator: WeChat calls and `/_sim/` control calls, over fetch only. */
export class WxHttp {
  constructor(readonly base: string) {}

  async get(path: string, query: Record<string, string | number> = {}): Promise<Json> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    return (await fetch(url)).json() as Promise<Json>;
  }

  async post(path: string, body: unknown, query: Record<string, string | number> = {}): Promise<Json> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    return response.json() as Promise<Json>;
  }

  async token(account: SeedAccount = SERVICE): Promise<string> {
    const r = await this.get('/cgi-bin/token', { grant_type: 'client_credential', appid: account.appId, secret: account.secret });
    if (!r.access_token) throw new Error(`token failed: ${JSON.stringify(r)}`);
    return r.access_token as string;
  }

  /** A WeChat API call with an access token. */
  async call(token: string, path: string, body?: unknown, query: Record<string, string | number> = {}): Promise<Json> {
    return body === undefined ? this.get(path, { ...query, access_token: token }) : this.post(path, body, { ...query, access_token: token });
  }

  async control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Json> {
    const response = await fetch(new URL(path, this.base), {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Json;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  advance(ms: number) {
    return this.control('POST', '/_sim/clock', { advanceMs: ms });
  }

  /** Creates a draft (one article per title) with the account's first image material as thumb. */
  async draft(token: string, titles: string[] = ['测试文章'], extra: Json = {}): Promise<string> {
    const images = await this.call(token, '/cgi-bin/material/batchget_material', { type: 'image', offset: 0, count: 1 });
    const thumb = images.item[0].media_id as string;
    const articles = titles.map((title) => ({ title, content: `<p>${title} 正文</p>`, thumb_media_id: thumb, need_open_comment: 1, ...extra }));
    const r = await this.call(token, '/cgi-bin/draft/add', { articles });
    if (!r.media_id) throw new Error(`draft failed: ${JSON.stringify(r)}`);
    return r.media_id as string;
  }

  /** The first `n` follower openids via user/get. */
  async openids(token: string, n: number): Promise<string[]> {
    const r = await this.call(token, '/cgi-bin/user/get', undefined, { next_openid: '' });
    return (r.data.openid as string[]).slice(0, n);
  }
}

/** Asserts a WeChat error envelope: HTTP-200 JSON with errcode and a ` rid: ` suffix. */
export function expectErr(r: Json, errcode: number) {
  if (r.errcode !== errcode) throw new Error(`expected errcode ${errcode}, got ${JSON.stringify(r)}`);
  if (!/ rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/.test(r.errmsg)) throw new Error(`errmsg lacks rid suffix: ${r.errmsg}`);
}
