/**
 * Time as the engine sees it. `realClock` is the wall clock and Node's timers; `VirtualClock` is a
 * discrete-event clock: timers sit in a priority queue and run in (time, order set) order when the
 * clock is advanced, so hours of dialing run in milliseconds and the same inputs replay the same way.
 */

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  /** Position in the heap; -1 once run or cleared. */
  index: number;
}

/** A handle of a VirtualClock timer (opaque to callers). */
export interface VirtualTimer {
  readonly at: number;
}

export class VirtualClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly heap: Timer[] = [];
  /** Timers run so far (the simulator's event count). */
  eventsRun = 0;

  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  /** Runs `fn` once the clock has been advanced `ms` (≥ 0) past now; a 0 ms timer runs on the next advance. */
  setTimeout(fn: () => void, ms: number): VirtualTimer {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: Timer = { at: this.t + delay, seq: this.seq++, fn, index: this.heap.length };
    this.heap.push(timer);
    this.up(timer.index);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    const timer = handle as Timer | null | undefined;
    if (!timer || typeof timer !== 'object' || typeof timer.index !== 'number' || timer.index < 0) return;
    if (this.heap[timer.index] !== timer) return;
    this.removeAt(timer.index);
  }

  /** Timers not yet run. */
  get pending(): number {
    return this.heap.length;
  }

  /** When the next timer is due, or null. */
  nextAt(): number | null {
    return this.heap[0]?.at ?? null;
  }

  /** Runs the earliest timer (moving the clock to its time); false when none is left. */
  step(): boolean {
    const timer = this.heap[0];
    if (!timer) return false;
    this.removeAt(0);
    if (timer.at > this.t) this.t = timer.at;
    this.eventsRun++;
    timer.fn();
    return true;
  }

  /** Runs every timer due up to `untilMs` (including those they set), then sets the clock there. */
  runUntil(untilMs: number): number {
    let n = 0;
    while (this.heap.length && this.heap[0].at <= untilMs) {
      this.step();
      n++;
    }
    if (untilMs > this.t) this.t = untilMs;
    return n;
  }

  /** Moves the clock `ms` forward, running what falls due on the way. */
  advance(ms: number): number {
    return this.runUntil(this.t + Math.max(0, ms));
  }

  /**
   * As `advance`, but lets promises settle after each timer: for code that awaits between timers
   * (webhook deliveries, database writes). Still no real waiting beyond the microtask queue.
   */
  async advanceAsync(ms: number): Promise<number> {
    const until = this.t + Math.max(0, ms);
    let n = 0;
    await settle();
    while (this.heap.length && this.heap[0].at <= until) {
      this.step();
      n++;
      await settle();
    }
    if (until > this.t) this.t = until;
    return n;
  }

  /** Runs timers until none is left (or `limit` ran: a guard against timers that re-arm forever). */
  runAll(limit = 1_000_000): number {
    let n = 0;
    while (n < limit && this.step()) n++;
    return n;
  }

  /** A promise resolved when the clock has been advanced `ms` further. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  // ───────────── binary heap on (at, seq) ─────────────

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private swap(i: number, j: number) {
    const h = this.heap;
    [h[i], h[j]] = [h[j], h[i]];
    h[i].index = i;
    h[j].index = j;
  }

  private up(i: number) {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.heap[i], this.heap[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number) {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(this.heap[l], this.heap[m])) m = l;
      if (r < n && this.less(this.heap[r], this.heap[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private removeAt(i: number) {
    const last = this.heap.length - 1;
    const timer = this.heap[i];
    if (i !== last) this.swap(i, last);
    this.heap.pop();
    timer.index = -1;
    if (i < this.heap.length) {
      this.down(i);
      this.up(i);
    }
  }
}

/** Lets pending promise callbacks (and the ones they chain) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise<void>((r) => setImmediate(r));
}
