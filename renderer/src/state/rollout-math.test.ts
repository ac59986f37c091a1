import { describe, expect, it } from 'vitest';
import { resolveFenceposts, scaleIntOrPercent } from './rollout-math';

describe('resolveFenceposts', () => {
  it('resolves the 25%/25% default for 10 replicas as upstream does', () => {
    const r = resolveFenceposts(10);
    expect(r.maxSurge).toBe(3);
    expect(r.maxUnavailable).toBe(2);
    expect(r.lines[0]).toBe(
      'replicas 10: maxSurge 25% -> 3 extra pods (rounded up); maxUnavailable 25% -> 2 pods may be down (rounded down)',
    );
    expect(r.maxPods).toBe(13);
    expect(r.minAvailable).toBe(8);
  });
  it('raises maxUnavailable to 1 when both resolve to 0', () => {
    const r = resolveFenceposts(3, 0, '25%');
    expect(r.maxSurge).toBe(0);
    expect(r.maxUnavailable).toBe(1);
    expect(r.unavailableRaised).toBe(true);
    expect(r.lines[0]).toContain('raised to 1 pod may be down');
  });
  it('with 3 replicas 25% surges 1 and keeps all available', () => {
    const r = resolveFenceposts(3);
    expect([r.maxSurge, r.maxUnavailable, r.unavailableRaised]).toEqual([1, 0, false]);
  });
  it('takes integers as they are', () => {
    const r = resolveFenceposts(5, 2, '1');
    expect([r.maxSurge, r.maxUnavailable]).toEqual([2, 1]);
    expect(r.lines[0]).not.toContain('rounded');
  });
  it('handles zero replicas', () => {
    const r = resolveFenceposts(0);
    expect([r.maxSurge, r.maxUnavailable]).toEqual([0, 1]);
    expect(r.minAvailable).toBe(0);
  });
});

describe('scaleIntOrPercent', () => {
  it('rounds percentages in the asked direction', () => {
    expect(scaleIntOrPercent('50%', 5, true)).toBe(3);
    expect(scaleIntOrPercent('50%', 5, false)).toBe(2);
  });
  it('rejects nonsense', () => {
    expect(() => scaleIntOrPercent('lots', 5, true)).toThrow(/percentage/);
  });
});
