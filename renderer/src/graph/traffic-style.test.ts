import { describe, expect, it } from 'vitest';
import {
  formatErrorRate,
  formatRate,
  trafficDashSeconds,
  trafficHealth,
  trafficStrokeWidth,
} from './traffic-style';

describe('traffic style', () => {
  it('grows stroke width with rate, within bounds', () => {
    expect(trafficStrokeWidth(0)).toBe(1);
    expect(trafficStrokeWidth(1)).toBeLessThan(trafficStrokeWidth(10));
    expect(trafficStrokeWidth(10)).toBeLessThan(trafficStrokeWidth(100));
    expect(trafficStrokeWidth(1_000_000)).toBe(12);
  });

  it('colours by error rate', () => {
    expect(trafficHealth(0)).toBe('ok');
    expect(trafficHealth(0.009)).toBe('ok');
    expect(trafficHealth(0.01)).toBe('degraded');
    expect(trafficHealth(0.2)).toBe('failing');
  });

  it('speeds dashes up with rate', () => {
    expect(trafficDashSeconds(0)).toBe(0);
    expect(trafficDashSeconds(1)).toBeGreaterThan(trafficDashSeconds(100));
    expect(trafficDashSeconds(1e9)).toBe(0.3);
  });

  it('formats rates and error rates', () => {
    expect(formatRate(0.5)).toBe('0.5 rps');
    expect(formatRate(12.04)).toBe('12 rps');
    expect(formatRate(1234.4)).toBe('1234 rps');
    expect(formatErrorRate(0.025)).toBe('2.5%');
    expect(formatErrorRate(0)).toBe('0%');
  });
});
