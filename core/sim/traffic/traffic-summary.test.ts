import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../cluster';
import { webDeployment } from '../testing/fixtures';

describe('traffic summary (what the charts poll)', () => {
  it('aggregates per second and version with latency percentiles, over the last N seconds only', () => {
    const c = createSimCluster({ seed: 3 });
    c.store.create('deployments', webDeployment({ name: 'web', replicas: 2, readinessProbe: true }));
    c.store.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8000 }] },
    });
    c.advance(30_000);
    c.traffic.start({ service: 'web', ratePerSecond: 50 });
    c.advance(10_000);
    c.faults.injectLatency('1.0', 400);
    c.advance(10_000);
    const summary = c.traffic.summary(5);
    expect(summary.running).toBe(true);
    expect(summary.series.length).toBeGreaterThanOrEqual(4);
    expect(summary.series.length).toBeLessThanOrEqual(6);
    for (const s of summary.series) {
      expect(s.version).toBe('1.0');
      expect(s.ok + s.failed).toBeGreaterThan(40);
      expect(s.p50Ms).toBeGreaterThanOrEqual(400);
      expect(s.p95Ms).toBeGreaterThanOrEqual(s.p50Ms);
    }
    const all = c.traffic.summary(60).series;
    // Before the fault, the same version answered fast.
    expect(Math.min(...all.map((s) => s.p50Ms))).toBeLessThan(100);
    c.dispose();
  });
});
