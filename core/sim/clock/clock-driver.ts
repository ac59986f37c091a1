import type { VirtualClock } from './virtual-clock.js';

/** Real time, injected so the driver stays testable and core/sim never touches ambient timers. */
export interface RealScheduler {
  now(): number;
  /** Calls fn after ms real milliseconds; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

export interface ClockDriverOptions {
  /** Virtual ms per real ms. 0 = paused; Infinity = as fast as possible. Default 1. */
  speed?: number;
  /** Real ms between ticks. Default 50. */
  tickMs?: number;
  /** Bound on virtual ms run per tick when speed is Infinity. Default 60_000. */
  maxStepMs?: number;
}

/**
 * Paces a VirtualClock against real time. Each tick advances virtual time by
 * (real elapsed) x speed, so a slow tick does not make the simulation drift.
 */
export class ClockDriver {
  private speed: number;
  private readonly tickMs: number;
  private readonly maxStepMs: number;
  private cancelTimer: (() => void) | undefined;
  private lastReal = 0;
  private running = false;
  private carry = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly real: RealScheduler,
    opts: ClockDriverOptions = {},
  ) {
    this.speed = opts.speed ?? 1;
    this.tickMs = opts.tickMs ?? 50;
    this.maxStepMs = opts.maxStepMs ?? 60_000;
  }

  getSpeed(): number {
    return this.speed;
  }

  isRunning(): boolean {
    return this.running && this.speed > 0;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastReal = this.real.now();
    this.arm();
  }

  pause(): void {
    this.setSpeed(0);
  }

  resume(speed?: number): void {
    this.setSpeed(speed ?? (this.speed > 0 ? this.speed : 1));
  }

  setSpeed(speed: number): void {
    if (!(speed >= 0)) throw new RangeError(`speed must be >= 0, got ${speed}`);
    // Settle the time owed at the old speed before switching.
    if (this.running && this.speed > 0) this.tick(false);
    this.speed = speed;
    this.lastReal = this.real.now();
    this.carry = 0;
    if (this.running) this.arm();
  }

  stop(): void {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (!this.running || this.speed === 0) return;
    this.cancelTimer = this.real.setTimer(this.speed === Infinity ? 0 : this.tickMs, () => this.tick(true));
  }

  private tick(rearm: boolean): void {
    const nowReal = this.real.now();
    const elapsed = Math.max(0, nowReal - this.lastReal);
    this.lastReal = nowReal;
    if (this.speed === Infinity) {
      const next = this.clock.nextAt();
      const target = next === undefined ? this.clock.now() + this.maxStepMs : Math.min(next, this.clock.now() + this.maxStepMs);
      this.clock.advanceTo(target);
    } else {
      const virt = elapsed * this.speed + this.carry;
      const whole = Math.floor(virt);
      this.carry = virt - whole;
      if (whole > 0) this.clock.advance(whole);
    }
    if (rearm) this.arm();
  }
}
