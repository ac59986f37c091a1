/** Turns the embedded cluster's traffic summary (`/lab/v1/traffic/summary`) into what the instruments draw. */
import type { TrafficStats } from '../contract';

export interface LabTrafficSummary {
  totals: Record<string, number>;
  running: boolean;
  series: {
    t: number;
    version: string;
    ok: number;
    failed: number;
    meanMs: number;
    p50Ms: number;
    p95Ms: number;
  }[];
}

export function trafficStats(summary: LabTrafficSummary): TrafficStats {
  const byVersion = new Map<string, { ok: number; failed: number }>();
  for (const s of summary.series) {
    const entry = byVersion.get(s.version) ?? { ok: 0, failed: 0 };
    entry.ok += s.ok;
    entry.failed += s.failed;
    byVersion.set(s.version, entry);
  }
  const total = summary.totals.total ?? 0;
  return {
    available: true,
    running: summary.running,
    message: summary.running
      ? 'Synthetic client running.'
      : total > 0
        ? 'Synthetic client stopped.'
        : 'No traffic yet.',
    total,
    failed: total - (summary.totals.ok ?? 0),
    byVersion: [...byVersion.entries()].map(([version, v]) => ({ version, ...v })),
    series: summary.series.map((s) => ({
      t: s.t,
      version: s.version,
      ok: s.ok,
      failed: s.failed,
      meanLatencyMs: s.meanMs,
      p50LatencyMs: s.p50Ms,
      p95LatencyMs: s.p95Ms,
    })),
  };
}
