/**
 * The simulator's only source of time. Virtual time moves only when `advance` or `runUntilIdle`
 * is called, so a run is reproducible: timers fire in (time, insertion order).
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface TimerHandle {
  readonly id: number;
  readonly at: number;
}

/** The handle is the timer itself (one allocation per timer; cancel just flags it). */
interface Timer extends TimerHandle {
  fn: () => void;
  cancelled: boolean;
}

/** The timers due at one instant, in insertion order; `head` is the next one to run. */
interface Slot {
  timers: Timer[];
  head: number;
}

const NOOP = (): void => undefined;

/** 2026-01-01T00:00:00Z: a fixed start so traces are byte-for-byte reproducible. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/**
 * Timers are grouped by due time: a FIFO per instant and a min-heap of the distinct instants.
 * The kubelet rounds its steps to 100 ms ticks and controllers use after(0), so thousands of
 * timers share a handful of instants: scheduling is a Map lookup and a push, and the heap stays
 * small. FIFO order within an instant is insertion order, so timers still fire in (time, insertion).
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly slots = new Map<number, Slot>();
  private times: number[] = [];
  private live = 0;
  private nextId = 1;

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Number of pending (not cancelled) timers. */
  pending(): number {
    return this.live;
  }

  /** Time of the earliest pending timer, or undefined. */
  nextAt(): number | undefined {
    return this.peek()?.at;
  }

  schedule(atMs: number, fn: () => void): TimerHandle {
    const at = Math.max(atMs, this.current);
    const t: Timer = { id: this.nextId++, at, fn, cancelled: false };
    let slot = this.slots.get(at);
    if (!slot) {
      this.slots.set(at, (slot = { timers: [], head: 0 }));
      this.pushTime(at);
    }
    slot.timers.push(t);
    this.live++;
    return t;
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.schedule(this.current + Math.max(0, ms), fn);
  }

  cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const t = handle as Timer;
    if (!t.cancelled) {
      t.cancelled = true;
      // Release the closure now; the entry itself leaves its slot lazily.
      t.fn = NOOP;
      this.live--;
    }
  }

  /** Moves time forward by `ms`, running every due timer in (time, insertion) order. */
  advance(ms: number): void {
    this.advanceTo(this.current + Math.max(0, ms));
  }

  advanceTo(target: number): void {
    for (;;) {
      const top = this.peek();
      if (!top || top.at > target) break;
      this.slots.get(top.at)!.head++;
      // Mark fired so a late cancel() is a no-op.
      top.cancelled = true;
      this.live--;
      this.current = Math.max(this.current, top.at);
      top.fn();
    }
    if (target > this.current) this.current = target;
  }

  /**
   * Runs timers until none is left or `maxMs` of virtual time has passed (periodic timers such as
   * heartbeats never let the queue drain, hence the bound). Returns the virtual ms that elapsed.
   */
  runUntilIdle(maxMs: number = 3_600_000): number {
    const start = this.current;
    const limit = start + maxMs;
    for (;;) {
      const next = this.nextAt();
      if (next === undefined || next > limit) break;
      this.advanceTo(next);
    }
    return this.current - start;
  }

  /** The next timer to run (not removed), dropping cancelled ones and emptied instants on the way. */
  private peek(): Timer | undefined {
    for (;;) {
      const at = this.times[0];
      if (at === undefined) return undefined;
      const slot = this.slots.get(at)!;
      const list = slot.timers;
      while (slot.head < list.length && list[slot.head]!.cancelled) slot.head++;
      if (slot.head < list.length) return list[slot.head];
      this.slots.delete(at);
      this.popTime();
    }
  }

  private pushTime(at: number): void {
    const h = this.times;
    h.push(at);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const up = h[p]!;
      if (up <= at) break;
      h[i] = up;
      i = p;
    }
    h[i] = at;
  }

  private popTime(): void {
    const h = this.times;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const m = r < h.length && h[r]! < h[l]! ? r : l;
      if (h[m]! >= last) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
}

/** RFC3339 without fractional seconds, as the apiserver serialises metav1.Time. */
const rfcCache = new Map<number, string>();

export function rfc3339(ms: number): string {
  const sec = Math.floor(ms / 1000);
  let text = rfcCache.get(sec);
  if (text === undefined) {
    if (rfcCache.size > 4096) rfcCache.clear();
    text = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
    rfcCache.set(sec, text);
  }
  return text;
}

/** RFC3339 with microseconds, as metav1.MicroTime (and kubelet log timestamps use nanoseconds). */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export function parseTime(s: string | undefined | null): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}
