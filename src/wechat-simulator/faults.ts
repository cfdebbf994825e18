import { createRng } from '#src/wechat-simulator/ids.ts';

/**
 * A fault injected on WeChat paths (never on `/_sim/`). Effects combine: the latency is waited
 * first, then a dropped connection wins over an HTTP status, which wins over an errcode.
 */
export interface FaultSpec {
  /** Exact path (`/cgi-bin/message/mass/send`), a prefix ending in `*`, or `*` for all. */
  path: string;
  /** Only requests of this account (by access_token, or appid on token calls). */
  appid?: string;
  latencyMs?: number;
  /** An HTTP status (e.g. 502) answered with an HTML error page, as WeChat's gateway does. */
  status?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /**
   * Run the endpoint, then destroy the socket without answering: WeChat acted (a mass send
   * created its job) but the answer was lost on the way back.
   */
  answerLost?: boolean;
  /** Answer HTTP 200 `{errcode, errmsg}` instead of running the endpoint. */
  errcode?: number;
  errmsg?: string;
  /** Probability 0..1 that a matching request is hit (default 1). */
  rate?: number;
  /** Stop after this many hits (default unlimited). */
  count?: number;
  /** Let this many matching requests through before the fault fires (default 0): a failure midway. */
  after?: number;
  /**
   * Hold each hit request, unanswered, until the fault is released (`POST /_sim/faults/:id/release`)
   * or removed; then it proceeds with the fault's other effects. Stages races without guessing
   * latencies: a test sees a request held (`held`), acts, then releases it.
   */
  hold?: boolean;
}

export interface Fault extends FaultSpec {
  id: number;
  hits: number;
  /** Matching requests let through so far because of `after`. */
  passed: number;
  /** Requests of a `hold` fault waiting for its release. */
  held: number;
}

/** The merged effect of the faults that fired for one request. */
export interface FaultEffect {
  /** Resolves when every holding fault that hit the request was released. */
  released?: Promise<void>;
  latencyMs: number;
  drop: boolean;
  answerLost: boolean;
  status?: number;
  errcode?: number;
  errmsg?: string;
}

/** The active faults, matched per request with a seeded PRNG so runs are reproducible. */
export class FaultTable {
  private faults: Fault[] = [];
  private nextId = 1;
  private rng: () => number;
  /** Per holding fault: the releases of its waiting requests, and who waits to see one held. */
  private holds = new Map<number, { release: (() => void)[]; watchers: (() => void)[] }>();

  constructor(private readonly seed = 1) {
    this.rng = createRng(seed);
  }

  add(spec: FaultSpec): Fault {
    if (typeof spec.path !== 'string' || !spec.path) throw new Error('fault needs a path');
    if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) throw new Error('rate must be within 0..1');
    if (spec.status !== undefined && !(spec.status >= 100 && spec.status <= 599)) throw new Error('status must be an HTTP status');
    if (spec.after !== undefined && !(Number.isInteger(spec.after) && spec.after >= 0)) throw new Error('after must be a non-negative integer');
    const fault: Fault = { ...spec, id: this.nextId++, hits: 0, passed: 0, held: 0 };
    this.faults.push(fault);
    if (spec.hold) this.holds.set(fault.id, { release: [], watchers: [] });
    return fault;
  }

  /** Removes a fault; requests it holds proceed. */
  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    this.releaseHeld(id);
    return this.faults.length < before;
  }

  clear(): void {
    for (const fault of this.faults) this.releaseHeld(fault.id);
    this.faults = [];
    this.rng = createRng(this.seed);
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f, held: this.holds.get(f.id)?.release.length ?? 0 }));
  }

  /** Lets the requests a holding fault holds proceed, and removes it (later requests pass). */
  release(id: number): boolean {
    return this.remove(id);
  }

  /** Resolves once a holding fault holds at least `count` requests. */
  whenHeld(id: number, count = 1): Promise<void> {
    const hold = this.holds.get(id);
    if (!hold) return Promise.reject(new Error(`fault ${id} does not hold requests`));
    return new Promise((resolve) => {
      const check = () => {
        if (hold.release.length < count) return false;
        resolve();
        return true;
      };
      if (!check()) hold.watchers.push(() => void check());
    });
  }

  private releaseHeld(id: number) {
    const hold = this.holds.get(id);
    if (!hold) return;
    this.holds.delete(id);
    for (const release of hold.release) release();
  }

  /** Rolls every matching fault for a request and returns the combined effect (undefined: none). */
  hit(path: string, appid: string | undefined): FaultEffect | undefined {
    let effect: FaultEffect | undefined;
    for (const fault of [...this.faults]) {
      if (!pathMatches(fault.path, path)) continue;
      // A holding fault stays (and keeps holding) past its count, until released.
      if (fault.count !== undefined && fault.hits >= fault.count) continue;
      if (fault.appid && fault.appid !== appid) continue;
      if (fault.passed < (fault.after ?? 0)) {
        fault.passed++;
        continue;
      }
      if (this.rng() >= (fault.rate ?? 1)) continue;
      fault.hits++;
      if (fault.count !== undefined && fault.hits >= fault.count && !fault.hold) this.remove(fault.id);
      effect ??= { latencyMs: 0, drop: false, answerLost: false };
      const hold = this.holds.get(fault.id);
      if (hold) {
        const released = new Promise<void>((resolve) => hold.release.push(resolve));
        effect.released = effect.released ? Promise.all([effect.released, released]).then(() => {}) : released;
        for (const watcher of hold.watchers) watcher();
      }
      effect.latencyMs = Math.max(effect.latencyMs, fault.latencyMs ?? 0);
      effect.drop ||= fault.drop === true;
      effect.answerLost ||= fault.answerLost === true;
      effect.status ??= fault.status;
      if (effect.errcode === undefined && fault.errcode !== undefined) {
        effect.errcode = fault.errcode;
        effect.errmsg = fault.errmsg;
      }
    }
    return effect;
  }
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}
