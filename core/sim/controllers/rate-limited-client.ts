import type { VirtualClock } from '../clock/virtual-clock.js';

/**
 * kube-controller-manager gives each controller its own client with 20 requests per second and a
 * burst of 30 (k8s.io/controller-manager config/v1alpha1 defaults: ClientConnection QPS 20,
 * Burst 30; kind does not change them). This is what paces a large scale-up on a real cluster:
 * 1,000 pods take the ReplicaSet controller about 50 s to create, whatever the machine.
 */
export const CONTROLLER_MANAGER_QPS = 20;
export const CONTROLLER_MANAGER_BURST = 30;

/**
 * A component's API client, throttled as client-go throttles it: rest.Config QPS/Burst become a
 * token bucket (flowcontrol.NewTokenBucketRateLimiter over x/time/rate) that a request waits on.
 * Requests go out in the order they were made (reservations are granted in order). Requests
 * that find a token free run at once, inside the caller, so a small cluster behaves exactly as
 * without the limit; the rest run on the virtual clock at their turn, one timer per instant.
 */
export class RateLimitedClient {
  private tokens: number;
  private last: number;
  private waiting = 0;
  private batchAt = Number.NaN;
  private batch: (() => void)[] | undefined;

  constructor(
    private readonly clock: VirtualClock,
    readonly qps: number,
    readonly burst: number,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes a token: the virtual time at which a request made now goes out (now if one was free). */
  reserve(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? now : now + Math.ceil((-this.tokens * 1000) / this.qps);
  }

  /** Sends a request: `op` runs now if a token is free and nobody waits, otherwise at its turn. */
  send(op: () => void): void {
    const at = this.reserve();
    if (at <= this.clock.now() && this.waiting === 0) {
      op();
      return;
    }
    this.waiting++;
    if (this.batch && at === this.batchAt) {
      this.batch.push(op);
      return;
    }
    const batch = [op];
    this.batch = batch;
    this.batchAt = at;
    this.clock.schedule(at, () => {
      if (this.batch === batch) this.batch = undefined;
      for (const f of batch) {
        this.waiting--;
        f();
      }
    });
  }
}

/**
 * The requests one controller sync made, per work-queue key. client-go's workqueue never hands a
 * key to two workers at once, and a worker is blocked while its requests wait on the limiter: a
 * key with requests still waiting is busy, and an event for it only marks it dirty, to be synced
 * again once they have gone (the workqueue's "dirty while processing").
 */
export class KeyedRequests {
  private readonly pending = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly then = new Map<string, () => void>();

  constructor(
    private readonly client: RateLimitedClient,
    private readonly requeue: (key: string) => void,
  ) {}

  /** True while `key` has requests waiting; the key is then synced again when they are done. */
  busy(key: string): boolean {
    if (!this.pending.has(key)) return false;
    this.dirty.add(key);
    return true;
  }

  send(key: string, op: () => void): void {
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    this.client.send(() => {
      try {
        op();
      } finally {
        this.done(key);
      }
    });
  }

  /** Runs `fn` once every request sent for `key` so far has gone (now, if none waits). */
  afterSent(key: string, fn: () => void): void {
    if (!this.pending.has(key)) fn();
    else this.then.set(key, fn);
  }

  private done(key: string): void {
    const n = this.pending.get(key)! - 1;
    if (n > 0) {
      this.pending.set(key, n);
      return;
    }
    this.pending.delete(key);
    const fn = this.then.get(key);
    if (fn) {
      this.then.delete(key);
      fn();
    }
    if (!this.pending.has(key) && this.dirty.delete(key)) this.requeue(key);
  }
}
