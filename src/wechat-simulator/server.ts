import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallbackSender } from '#src/wechat-simulator/callback-sender.ts';
import { Scheduler, SimClock } from '#src/wechat-simulator/clock.ts';
import type { SimContext } from '#src/wechat-simulator/context.ts';
import { SimControl } from '#src/wechat-simulator/control.ts';
import { handleControl } from '#src/wechat-simulator/control-routes.ts';
import { errmsgOf, withRid, WxError } from '#src/wechat-simulator/errors.ts';
import { FaultTable } from '#src/wechat-simulator/faults.ts';
import { readBody, sendBytes, sendJson } from '#src/wechat-simulator/http-io.ts';
import { RawResponse, runRoute, type RouteTable } from '#src/wechat-simulator/router.ts';
import { allRoutes } from '#src/wechat-simulator/routes/all-routes.ts';
import type { SeedSpec } from '#src/wechat-simulator/seed.ts';
import { DEFAULT_CONFIG, type SimConfig } from '#src/wechat-simulator/config.ts';
import { SimState } from '#src/wechat-simulator/state.ts';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: SeedSpec | 'demo';
  /** Simulated start instant (default: now). The clock then runs with real time unless frozen. */
  clockStart?: Date;
  /** Start with the clock frozen. */
  frozen?: boolean;
  /** Real ms between callback attempts (default 1000). */
  callbackRetryDelayMs?: number;
  /** Real ms the callback receiver has to answer 200 (default 5000). */
  callbackTimeoutMs?: number;
  /** Simulated ms from submission to a mass job's finish (default 60000). */
  jobDurationMs?: number;
  /** Seed of the fault-rate PRNG (default 1). */
  faultSeed?: number;
  /** Any other runtime knob. */
  config?: Partial<SimConfig>;
}

/** The running simulator: its address, the control operations, and `close()`. */
export class Simulator extends SimControl {
  url = '';
  port = 0;

  constructor(
    ctx: SimContext,
    config: SimConfig,
    private readonly server: http.Server,
  ) {
    super(ctx, config);
  }

  /** Stops listening, cancels timers and in-flight callbacks. */
  async close(): Promise<void> {
    this.ctx.scheduler.close();
    this.ctx.callbacks.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Starts the WeChat simulator on `host:port`: WeChat's paths (`/cgi-bin/…`, `/datacube/…`,
 * `/card/…`) with its shapes and errors, plus the `/_sim/…` control surface. Resolves once
 * listening; `url` is the base to give the client (`WECHAT_API_BASE`).
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const config: SimConfig = {
    ...DEFAULT_CONFIG,
    ...(options.callbackRetryDelayMs !== undefined ? { callbackRetryDelayMs: options.callbackRetryDelayMs } : {}),
    ...(options.callbackTimeoutMs !== undefined ? { callbackTimeoutMs: options.callbackTimeoutMs } : {}),
    ...(options.jobDurationMs !== undefined ? { jobDurationMs: options.jobDurationMs } : {}),
    ...options.config,
  };
  const clock = new SimClock(options.clockStart, options.frozen ?? false);
  const ctx: SimContext = {
    state: new SimState({ ...config }),
    clock,
    scheduler: new Scheduler(clock),
    callbacks: new CallbackSender(clock),
    faults: new FaultTable(options.faultSeed),
  };
  const routes = allRoutes();
  const server = http.createServer((req, res) => {
    handle(simulator, ctx, routes, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  const simulator = new Simulator(ctx, config, server);
  simulator.reset(options.seed);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  simulator.port = address.port;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  simulator.url = `http://${host}:${address.port}`;
  return simulator;
}

/** The account a request belongs to, for per-account faults (before authentication). */
function appIdOf(ctx: SimContext, url: URL): string | undefined {
  const token = url.searchParams.get('access_token');
  return (token ? ctx.state.tokens.get(token)?.appId : undefined) ?? url.searchParams.get('appid') ?? undefined;
}

async function handle(control: SimControl, ctx: SimContext, routes: RouteTable, req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname;
  if (path === '/_sim' || path.startsWith('/_sim/')) {
    ctx.scheduler.runDue();
    return handleControl(control, req, res, url, await readBody(req));
  }
  // Jobs that fell due while no timer fired (e.g. a busy event loop) finish before we answer.
  ctx.scheduler.runDue();
  // The whole request is received before any fault, as WeChat has it when its answer is slow or
  // lost: a held or slow request still runs after its client gave up.
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch {
    return; // the client went away while sending: nobody is left to answer
  }
  const effect = ctx.faults.hit(path, appIdOf(ctx, url));
  if (effect) {
    if (effect.released) await effect.released;
    if (effect.latencyMs) await new Promise((resolve) => setTimeout(resolve, effect.latencyMs));
    if (effect.drop) return void req.socket.destroy();
    if (effect.status) {
      res.writeHead(effect.status, { 'content-type': 'text/html' }).end(`<html><body><h1>${effect.status}</h1></body></html>`);
      return;
    }
    if (effect.errcode !== undefined) {
      return sendJson(res, 200, { errcode: effect.errcode, errmsg: withRid(effect.errmsg ?? errmsgOf(effect.errcode)) });
    }
  }
  const route = routes[path];
  if (!route) return sendJson(res, 404, { errcode: -1, errmsg: withRid(`unknown path ${path}`) });
  try {
    const result = await runRoute(route, path, ctx, req, url, raw);
    // The endpoint acted, but its answer never reaches the client.
    if (effect?.answerLost) return void req.socket.destroy();
    if (result instanceof RawResponse) sendBytes(res, result.contentType, result.data);
    else sendJson(res, 200, result);
  } catch (error) {
    if (error instanceof WxError) return sendJson(res, 200, error.body());
    // The client gave up (timeout tests abort mid-request): nobody is left to answer.
    if (req.destroyed || res.destroyed || (error as Error).message === 'aborted') return;
    console.error('[wechat-simulator]', error);
    sendJson(res, 200, { errcode: -1, errmsg: withRid('system error') });
  }
}
