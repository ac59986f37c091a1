import { describe, expect, it } from 'vitest';
import { ClockDriver, type RealScheduler } from './clock-driver.js';
import { DEFAULT_EPOCH_MS, VirtualClock, rfc3339 } from './virtual-clock.js';
import { SeededRng, fnv32a, safeEncodeString } from '../rng/seeded-rng.js';

describe('VirtualClock', () => {
  it('starts at a fixed epoch and runs due timers in time order, ties by insertion', () => {
    const c = new VirtualClock();
    expect(rfc3339(c.now())).toBe('2026-01-01T00:00:00Z');
    const order: string[] = [];
    c.after(20, () => order.push('b@20'));
    c.after(10, () => order.push('a@10'));
    c.after(20, () => order.push('c@20'));
    const h = c.after(15, () => order.push('cancelled'));
    c.cancel(h);
    c.after(5, () => c.after(0, () => order.push(`nested@${c.now() - DEFAULT_EPOCH_MS}`)));
    c.advance(19);
    expect(order).toEqual(['nested@5', 'a@10']);
    c.advance(1);
    expect(order).toEqual(['nested@5', 'a@10', 'b@20', 'c@20']);
    expect(c.now() - DEFAULT_EPOCH_MS).toBe(20);
  });

  it('runUntilIdle stops at the bound when periodic timers never drain', () => {
    const c = new VirtualClock(0);
    let n = 0;
    const tick = (): void => {
      n++;
      c.after(1000, tick);
    };
    c.after(1000, tick);
    expect(c.runUntilIdle(10_500)).toBe(10_000);
    expect(n).toBe(10);
  });
});

describe('ClockDriver', () => {
  function fakeReal(): RealScheduler & { t: number; fire(): void } {
    let pending: (() => void) | undefined;
    const r = {
      t: 0,
      now: () => r.t,
      setTimer: (_ms: number, fn: () => void) => {
        pending = fn;
        return () => (pending = undefined);
      },
      fire: () => {
        const f = pending;
        pending = undefined;
        f?.();
      },
    };
    return r;
  }

  it('advances virtual time by real elapsed x speed; 0 pauses', () => {
    const clock = new VirtualClock(0);
    const real = fakeReal();
    const d = new ClockDriver(clock, real, { speed: 10 });
    d.start();
    real.t = 100;
    real.fire();
    expect(clock.now()).toBe(1000);
    d.pause();
    real.t = 500;
    real.fire();
    expect(clock.now()).toBe(1000);
    d.resume(2);
    real.t = 600;
    real.fire();
    expect(clock.now()).toBe(1200);
    d.stop();
  });

  it('at Infinity jumps straight to the next timer', () => {
    const clock = new VirtualClock(0);
    const real = fakeReal();
    let fired = false;
    clock.after(3_600_000, () => (fired = true));
    const d = new ClockDriver(clock, real, { speed: Infinity, maxStepMs: 10_000_000 });
    d.start();
    real.fire();
    expect(fired).toBe(true);
    d.stop();
  });
});

describe('SeededRng', () => {
  it('is reproducible per seed and draws pod-name suffixes from the upstream alphabet', () => {
    const a = new SeededRng(42);
    const b = new SeededRng(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(new SeededRng(42).name5()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(new SeededRng(1).fork('x').next()).not.toBe(new SeededRng(1).fork('y').next());
    const r = new SeededRng(3);
    for (let i = 0; i < 100; i++) expect(r.int(7)).toBeLessThan(7);
    expect(['a', 'b']).toContain(r.pick(['a', 'b']));
  });

  it('FNV-32a and SafeEncodeString match the upstream functions', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    // rand.SafeEncodeString("123"): bytes 49,50,51 mod 27 = 22,23,24 -> "567".
    expect(safeEncodeString('123')).toBe('567');
  });
});
