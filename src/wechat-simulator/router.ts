import type http from 'node:http';
import type { SimContext } from '#src/wechat-simulator/context.ts';
import { fail } from '#src/wechat-simulator/errors.ts';
import { parseJsonBody, parseMultipart } from '#src/wechat-simulator/http-io.ts';
import type { AccountState } from '#src/wechat-simulator/state.ts';
import { authenticate } from '#src/wechat-simulator/tokens.ts';

/** A response that is not JSON (material bytes). */
export class RawResponse {
  constructor(
    readonly contentType: string,
    readonly data: Buffer,
  ) {}
}

/** What a WeChat route handler receives. */
export interface RouteRequest {
  sim: SimContext;
  req: http.IncomingMessage;
  query: URLSearchParams;
  raw: Buffer;
  /** Simulated now (ms) at request start. */
  now: number;
  /** The authenticated account; only for routes with `auth: true`. */
  account: AccountState;
  /** The JSON body, parsed with WeChat's checks (44002, 40033/47002, 47001). */
  json(): Record<string, unknown>;
  multipart(): ReturnType<typeof parseMultipart>;
}

export interface Route {
  /** `POST` routes answer 43002 to other methods; `GET` routes accept either. */
  method: 'GET' | 'POST';
  /** Whether `access_token` is required (everything but token issuance). */
  auth: boolean;
  /**
   * WeChat's code for `\uXXXX`-escaped bodies: 40033 on the message APIs, 47002 elsewhere
   * (WeChat's docs name both without saying which API uses which).
   */
  unicodeErrcode?: 40033 | 47002;
  handle(request: RouteRequest): unknown | Promise<unknown>;
}

export type RouteTable = Record<string, Route>;

/** Runs a matched route: method check, token check, call counting, then the handler. */
export async function runRoute(route: Route, path: string, sim: SimContext, req: http.IncomingMessage, url: URL, raw: Buffer): Promise<unknown> {
  if (route.method === 'POST' && req.method !== 'POST') fail(43002);
  const now = sim.clock.now();
  let account: AccountState | undefined;
  if (route.auth) {
    account = authenticate(sim.state, url.searchParams.get('access_token'), now);
    account.stats.calls[path] = (account.stats.calls[path] ?? 0) + 1;
  }
  let parsed: Record<string, unknown> | undefined;
  const request: RouteRequest = {
    sim,
    req,
    query: url.searchParams,
    raw,
    now,
    get account() {
      if (!account) throw new Error(`route ${path} is not authenticated`);
      return account;
    },
    json: () => (parsed ??= parseJsonBody(raw, route.unicodeErrcode ?? 47002)),
    multipart: () => parseMultipart(raw, req.headers['content-type']),
  };
  return route.handle(request);
}

/** Reads a non-negative integer field, or fails with `errcode`. */
export function intField(body: Record<string, unknown>, name: string, errcode: number, fallback?: number): number {
  const value = body[name] ?? fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail(errcode);
  return n;
}

/** Reads a required string field, or fails with `errcode`. */
export function stringField(body: Record<string, unknown>, name: string, errcode: number): string {
  const value = body[name];
  if (typeof value !== 'string' || !value) fail(errcode);
  return value;
}
