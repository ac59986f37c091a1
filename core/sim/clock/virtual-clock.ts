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
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

const NOOP = (): void => undefined;

/** 2026-01-01T00:00:00Z: a fixed start so traces are byte-for-byte reproducible. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

export class VirtualClock implements Clock {
  private current: number;
  private heap: Timer[] = [];
  private live = 0;
  private nextId = 1;
  private seq = 0;

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
    this.dropCancelledTop();
    return this.heap[0]?.at;
  }

  schedule(atMs: number, fn: () => void): TimerHandle {
    const t: Timer = { id: this.nextId++, at: Math.max(atMs, this.current), seq: this.seq++, fn, cancelled: false };
    this.push(t);
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
      // Release the closure now; the entry itself leaves the heap lazily.
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
      this.dropCancelledTop();
      const top = this.heap[0];
      if (!top || top.at > target) break;
      this.pop();
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

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
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
