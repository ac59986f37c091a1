/**
 * Turns what the engine reports into the column arrays uPlot draws ([x, ...series], x in epoch
 * seconds). Kept pure so the arithmetic behind each line on a chart is tested, not eyeballed.
 */
import type { TrafficSecond } from '../../../core/contract';

export interface ChartData {
  /** One label per drawn series, in the order of `columns[1..]`. */
  labels: string[];
  /** uPlot's AlignedData: x values first, then one column per label. */
  columns: [number[], ...(number | null)[][]];
}

export interface TrafficCharts {
  requestRate: ChartData;
  errorRate: ChartData;
  latency: ChartData;
}

/**
 * Per version: requests per second, the share of them that failed (%) and the latency percentiles
 * (p50 and p95: a tail that the mean hides is what users feel during a rollout). The
 * ledger only has rows for seconds in which a version served something, so inside the window a
 * missing row means 0 requests (the rate line drops to 0) but an unknown error rate and latency
 * (null: the line breaks instead of inventing a value).
 */
export function trafficCharts(series: TrafficSecond[]): TrafficCharts {
  const versions = [...new Set(series.map((s) => s.version))].sort();
  if (series.length === 0) {
    const empty = (): ChartData => ({ labels: [], columns: [[]] });
    return { requestRate: empty(), errorRate: empty(), latency: empty() };
  }
  let first = Infinity;
  let last = -Infinity;
  for (const s of series) {
    first = Math.min(first, s.t);
    last = Math.max(last, s.t);
  }
  const xs: number[] = [];
  for (let t = first; t <= last; t++) xs.push(t);
  const index = new Map<string, TrafficSecond>();
  for (const s of series) index.set(`${s.version}@${s.t}`, s);
  const rate: (number | null)[][] = [];
  const errors: (number | null)[][] = [];
  const latency: (number | null)[][] = [];
  for (const version of versions) {
    const r: (number | null)[] = [];
    const e: (number | null)[] = [];
    const p50: (number | null)[] = [];
    const p95: (number | null)[] = [];
    for (const t of xs) {
      const row = index.get(`${version}@${t}`);
      const count = row ? row.ok + row.failed : 0;
      r.push(count);
      e.push(row && count > 0 ? Math.round((row.failed / count) * 1000) / 10 : null);
      p50.push(row && count > 0 ? row.p50LatencyMs : null);
      p95.push(row && count > 0 ? row.p95LatencyMs : null);
    }
    rate.push(r);
    errors.push(e);
    latency.push(p50, p95);
  }
  return {
    requestRate: { labels: versions, columns: [xs, ...rate] },
    errorRate: { labels: versions, columns: [[...xs], ...errors] },
    latency: { labels: versions.flatMap((v) => [`${v} p50`, `${v} p95`]), columns: [[...xs], ...latency] },
  };
}

/** One observation of ready replicas, taken from a graph.changed snapshot. */
export interface ReplicaSample {
  /** Epoch ms when the renderer received the snapshot. */
  t: number;
  /** Deployment label (namespace/name when not default) -> ready replicas. */
  ready: Record<string, number>;
  /** HPA label + " desired" / " current" -> replicas, when the cluster has autoscalers. */
  hpa?: Record<string, number>;
}

/**
 * Ready replicas per Deployment over time. A Deployment absent from a sample did not exist then, so
 * its value is null (no line), not 0.
 */
export function replicaChart(samples: ReplicaSample[]): ChartData {
  const labels = [...new Set(samples.flatMap((s) => Object.keys(s.ready)))].sort();
  const xs = samples.map((s) => s.t / 1000);
  const columns = labels.map((label) => samples.map((s) => s.ready[label] ?? null));
  return { labels, columns: [xs, ...columns] };
}
