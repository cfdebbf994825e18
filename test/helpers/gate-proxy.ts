import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of a server that can hold requests of one path until released. */
export interface GateProxy {
  url: string;
  /** Holds every request to `path` after the first `after` ones; resolves once one is held. */
  close(path: string, after: number): Promise<void>;
  /** Lets held and later requests through. */
  open(): void;
  stop(): Promise<void>;
}

/**
 * Stages "while a job is running" without guessing latencies: the job's WeChat calls go through
 * this proxy, which stops forwarding them at a chosen point, so the job is provably mid-run until
 * the test opens the gate.
 */
export async function startGateProxy(target: string): Promise<GateProxy> {
  let gate: { path: string; after: number; seen: number; held: (() => void)[]; onHeld: () => void } | undefined;
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const upstream = http.request(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (gate && path === gate.path && ++gate.seen > gate.after) {
      gate.held.push(() => forward(req, res));
      gate.onHeld();
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const open = () => {
    const held = gate?.held ?? [];
    gate = undefined;
    for (const release of held) release();
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: (path, after) => new Promise<void>((resolve) => (gate = { path, after, seen: 0, held: [], onHeld: resolve })),
    open,
    stop: async () => {
      open();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
