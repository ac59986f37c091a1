import { describe, expect, it } from 'vitest';
import { replicaChart, trafficCharts } from './chart-series';

describe('trafficCharts', () => {
  it('builds one column per version over a contiguous second range', () => {
    const charts = trafficCharts([
      { t: 100, version: '1.0', ok: 9, failed: 1, meanLatencyMs: 20, p50LatencyMs: 18, p95LatencyMs: 40 },
      { t: 102, version: '1.0', ok: 5, failed: 0, meanLatencyMs: 30, p50LatencyMs: 25, p95LatencyMs: 70 },
      { t: 102, version: '2.0', ok: 2, failed: 2, meanLatencyMs: 80, p50LatencyMs: 60, p95LatencyMs: 300 },
    ]);
    expect(charts.requestRate.labels).toEqual(['1.0', '2.0']);
    expect(charts.requestRate.columns).toEqual([
      [100, 101, 102],
      [10, 0, 5],
      [0, 0, 4],
    ]);
    expect(charts.errorRate.columns).toEqual([
      [100, 101, 102],
      [10, null, 0],
      [null, null, 50],
    ]);
    expect(charts.latency.labels).toEqual(['1.0 p50', '1.0 p95', '2.0 p50', '2.0 p95']);
    expect(charts.latency.columns).toEqual([
      [100, 101, 102],
      [18, null, 25],
      [40, null, 70],
      [null, null, 60],
      [null, null, 300],
    ]);
  });
  it('draws nothing without data', () => {
    const charts = trafficCharts([]);
    expect(charts.requestRate).toEqual({ labels: [], columns: [[]] });
  });
});

describe('replicaChart', () => {
  it('aligns deployments over samples, null where a deployment did not exist', () => {
    const chart = replicaChart([
      { t: 1_000, ready: { web: 0 } },
      { t: 2_000, ready: { web: 3 } },
      { t: 3_500, ready: { web: 3, api: 1 } },
    ]);
    expect(chart.labels).toEqual(['api', 'web']);
    expect(chart.columns).toEqual([
      [1, 2, 3.5],
      [null, null, 1],
      [0, 3, 3],
    ]);
  });
});
