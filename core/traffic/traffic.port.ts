/**
 * The synthetic client every scenario uses to show what users experience: a steady stream of requests
 * into a Service, each recorded with outcome, latency, pod and version. The embedded cluster models it
 * (`sim-traffic.ts`); on kind and Docker a real HTTP load generator sends to 127.0.0.1
 * (`http-load.generator.ts`).
 */
export type RequestOutcome = 'ok' | 'error' | 'refused' | 'no-endpoints';

export interface RequestRecord {
  /** Cluster time (virtual on the embedded cluster). */
  t: number;
  outcome: RequestOutcome;
  status?: number;
  latencyMs: number;
  pod?: string;
  node?: string;
  version?: string;
  service: string;
}

export interface TrafficTarget {
  namespace: string;
  service: string;
  ratePerSecond: number;
}

export interface TrafficPort {
  start(target: TrafficTarget): Promise<void>;
  /** Stops every client this port started. */
  stop(): Promise<void>;
  /** Requests recorded at or after `since` (cluster time), oldest first. */
  records(since: number): Promise<RequestRecord[]>;
}

export interface TrafficTotals {
  total: number;
  ok: number;
  failed: number;
  byVersion: Record<string, { ok: number; failed: number }>;
}

export function summarizeTraffic(records: readonly RequestRecord[]): TrafficTotals {
  const totals: TrafficTotals = { total: 0, ok: 0, failed: 0, byVersion: {} };
  for (const r of records) {
    totals.total += 1;
    const entry = (totals.byVersion[r.version ?? '(none)'] ??= { ok: 0, failed: 0 });
    if (r.outcome === 'ok') {
      totals.ok += 1;
      entry.ok += 1;
    } else {
      totals.failed += 1;
      entry.failed += 1;
    }
  }
  return totals;
}
