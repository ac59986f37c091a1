import type { VirtualClock } from '../clock/virtual-clock.js';
import { ApiError } from '../store/api-error.js';

/** client-go's default controller rate limiter starts at 5 ms and doubles; capped here at 10 s. */
const RETRY_BASE_MS = 5;
const RETRY_MAX_MS = 10_000;

/**
 * A de-duplicating work queue drained on the virtual clock. Like client-go's workqueue, a key
 * added many times before it is processed is processed once; unlike it, processing happens in a
 * single clock callback so a burst of watch events becomes one batch of controller work.
 */
export class WorkQueue {
  private readonly keys = new Set<string>();
  private scheduled = false;
  private disposed = false;
  private readonly delayed = new Map<string, number>();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly process: (key: string) => void,
    /** Virtual ms between an event and the batch that handles it (informer + queue latency). */
    private readonly batchDelayMs = 0,
  ) {}

  add(key: string): void {
    if (this.disposed) return;
    this.keys.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      this.clock.after(this.batchDelayMs, () => this.drain());
    }
  }

  /** Adds the key after `ms` (AddAfter); a later call with an earlier time wins. */
  addAfter(key: string, ms: number): void {
    if (this.disposed) return;
    const at = this.clock.now() + Math.max(0, ms);
    const cur = this.delayed.get(key);
    if (cur !== undefined && cur <= at && cur >= this.clock.now()) return;
    this.delayed.set(key, at);
    this.clock.schedule(at, () => {
      if (this.delayed.get(key) === at) this.delayed.delete(key);
      this.add(key);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.keys.clear();
  }

  private drain(): void {
    this.scheduled = false;
    if (this.disposed) return;
    // Keys added while processing go into the next batch (scheduled by add()).
    const batch = [...this.keys];
    this.keys.clear();
    for (const k of batch) {
      try {
        this.process(k);
        this.failures.delete(k);
      } catch (e) {
        // An API error (a conflict, an object deleted under our feet) is retried with back-off, as
        // client-go controllers do; anything else is a bug and surfaces.
        if (!(e instanceof ApiError)) throw e;
        const n = (this.failures.get(k) ?? 0) + 1;
        this.failures.set(k, n);
        this.addAfter(k, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (n - 1)));
      }
    }
  }
}
