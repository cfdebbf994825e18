import { DateTime } from 'luxon';

/** WeChat's day and month boundaries (quotas, datacube readiness) are Beijing time. */
export const WECHAT_ZONE = 'Asia/Shanghai';

/**
 * The simulated clock. Unless frozen it runs with real time from its last set point; `set` and
 * `advance` jump it. Listeners hear every jump so due work (finishing mass-send jobs) happens
 * before the control call that moved the clock returns.
 */
export class SimClock {
  private baseSim: number;
  private baseReal = Date.now();
  private frozenFlag = false;
  private readonly listeners = new Set<() => void>();

  /** A clock created frozen stands exactly at `start` (freezing afterwards could let a millisecond pass). */
  constructor(start: Date = new Date(), frozen = false) {
    this.baseSim = start.getTime();
    this.frozenFlag = frozen;
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.frozenFlag ? this.baseSim : this.baseSim + (Date.now() - this.baseReal);
  }

  /** Simulated epoch seconds (WeChat's timestamps). */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  get frozen(): boolean {
    return this.frozenFlag;
  }

  set(ms: number): void {
    this.baseSim = ms;
    this.baseReal = Date.now();
    this.emit();
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error('the clock only moves forward');
    this.set(this.now() + ms);
  }

  /** Freezing pins the clock at the current simulated instant; unfreezing lets it run again. */
  freeze(frozen: boolean): void {
    const now = this.now();
    this.frozenFlag = frozen;
    this.set(now);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }
}

/** A DateTime in Beijing time for a simulated instant. */
export function beijing(ms: number): DateTime {
  return DateTime.fromMillis(ms, { zone: WECHAT_ZONE });
}

/** `yyyy-MM-dd` of the Beijing day containing `ms`. */
export function beijingDay(ms: number): string {
  return beijing(ms).toISODate()!;
}

/** `yyyy-MM` of the Beijing month containing `ms`. */
export function beijingMonth(ms: number): string {
  return beijing(ms).toFormat('yyyy-MM');
}

interface Task {
  id: number;
  at: number;
  run: () => void;
}

/**
 * Runs tasks at simulated instants: immediately when a clock jump passes them, or by a real
 * timer while the clock runs. Each task runs once, in order of its due time.
 */
export class Scheduler {
  private tasks: Task[] = [];
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly clock: SimClock) {
    clock.onChange(() => this.runDue());
  }

  schedule(at: number, run: () => void): number {
    const id = this.nextId++;
    this.tasks.push({ id, at, run });
    this.tasks.sort((a, b) => a.at - b.at || a.id - b.id);
    this.arm();
    return id;
  }

  cancel(id: number): void {
    this.tasks = this.tasks.filter((t) => t.id !== id);
    this.arm();
  }

  /** Runs every task due by now. Called on clock jumps, timer ticks and each incoming request. */
  runDue(): void {
    const now = this.clock.now();
    while (this.tasks.length && this.tasks[0]!.at <= now) {
      const task = this.tasks.shift()!;
      task.run();
    }
    this.arm();
  }

  clear(): void {
    this.tasks = [];
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }

  private arm() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.tasks[0];
    if (!next || this.closed || this.clock.frozen) return;
    const delay = Math.min(Math.max(next.at - this.clock.now(), 0), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.runDue(), delay);
    this.timer.unref();
  }
}
