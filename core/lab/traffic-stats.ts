/** Turns the embedded cluster's request ledger into what the instruments draw. */
import type { TrafficStats } from '../contract';

interface LedgerSecond {
  t: number;
  version: string;
  ok: number;
  error: number;
  refused: number;
  noEndpoints: number;
  latencyMsSum: number;
}

export interface LedgerTotals {
  totals: Record<string, number>;
  perSecond: LedgerSecond[];
}

export function trafficStats(ledger: LedgerTotals, running: boolean, keepSeconds = 300): TrafficStats {
  const byVersion = new Map<string, { ok: number; failed: number }>();
  for (const s of ledger.perSecond) {
    const entry = byVersion.get(s.version) ?? { ok: 0, failed: 0 };
    entry.ok += s.ok;
    entry.failed += s.error + s.refused + s.noEndpoints;
    byVersion.set(s.version, entry);
  }
  const last = ledger.perSecond.at(-1)?.t ?? 0;
  const series = ledger.perSecond
    .filter((s) => s.t > last - keepSeconds)
    .map((s) => {
      const count = s.ok + s.error + s.refused + s.noEndpoints;
      return {
        t: s.t,
        version: s.version,
        ok: s.ok,
        failed: count - s.ok,
        meanLatencyMs: count > 0 ? Math.round(s.latencyMsSum / count) : 0,
      };
    });
  const total = ledger.totals.total ?? 0;
  return {
    available: true,
    running,
    message: running
      ? 'Synthetic client running.'
      : total > 0
        ? 'Synthetic client stopped.'
        : 'No traffic yet.',
    total,
    failed: total - (ledger.totals.ok ?? 0),
    byVersion: [...byVersion.entries()].map(([version, v]) => ({ version, ...v })),
    series,
  };
}
