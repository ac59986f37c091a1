/**
 * How a traffic edge looks. Width grows with the square root of the rate so 1 rps is visible and
 * 1,000 rps does not swallow the picture; colour is a CSS class so the theme decides the shade.
 */
export function trafficStrokeWidth(rps: number): number {
  if (!(rps > 0)) return 1;
  return Math.min(12, Math.round((1.5 + Math.sqrt(rps) * 0.7) * 10) / 10);
}

export type TrafficHealth = 'ok' | 'degraded' | 'failing';

/** 1 % and 5 % are the usual "something is off" and "page someone" lines for an error rate. */
export function trafficHealth(errorRate: number): TrafficHealth {
  if (errorRate >= 0.05) return 'failing';
  if (errorRate >= 0.01) return 'degraded';
  return 'ok';
}

/** Faster dashes for more traffic, within what the eye can follow. */
export function trafficDashSeconds(rps: number): number {
  if (!(rps > 0)) return 0;
  return Math.max(0.3, Math.min(3, 3 / Math.log2(2 + rps)));
}

export function formatRate(rps: number): string {
  if (rps >= 100) return `${Math.round(rps)} rps`;
  if (rps >= 10) return `${rps.toFixed(1).replace(/\.0$/, '')} rps`;
  return `${rps.toFixed(2).replace(/\.?0+$/, '')} rps`;
}

export function formatErrorRate(errorRate: number): string {
  return `${(errorRate * 100).toFixed(errorRate > 0 && errorRate < 0.01 ? 2 : 1).replace(/\.0+$/, '')}%`;
}
