import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultCatalogPath, parseImageCatalog } from '../catalog/image-catalog.js';
import { createSimCluster } from '../cluster.js';
import { webDeployment, webService } from '../testing/fixtures.js';

function rollingUpdate(opts: { readinessProbe: boolean; drains: boolean }): { errors: number; ok: number; byVersion: Set<string> } {
  let text = readFileSync(defaultCatalogPath(), 'utf8');
  if (!opts.drains) text = text.replace('drainsOnSigterm: true', 'drainsOnSigterm: false');
  const c = createSimCluster({ seed: 31, catalog: parseImageCatalog(text), freezeObjects: true });
  c.store.create('deployments', webDeployment({ replicas: 4, readinessProbe: opts.readinessProbe }));
  c.store.create('services', webService());
  c.advance(30_000);
  c.traffic.start({ service: 'web', ratePerSecond: 50 });
  c.advance(5_000);
  c.traffic.resetLedger();
  const d = structuredClone(c.store.get('deployments', 'default', 'web'));
  d.spec.template.spec.containers[0]!.image = 'deploy-lab/pyweb:2.0';
  c.store.update('deployments', d);
  c.advance(90_000);
  const led = c.traffic.ledger();
  c.dispose();
  return {
    errors: led.totals.total - led.totals.ok,
    ok: led.totals.ok,
    byVersion: new Set(led.records.filter((r) => r.version).map((r) => r.version!)),
  };
}

describe('TrafficModel', () => {
  it('a rolling update without readiness probe and draining fails requests; with both it fails none', () => {
    const naive = rollingUpdate({ readinessProbe: false, drains: false });
    const probeOnly = rollingUpdate({ readinessProbe: true, drains: false });
    const drainOnly = rollingUpdate({ readinessProbe: false, drains: true });
    const careful = rollingUpdate({ readinessProbe: true, drains: true });
    // No probe: new pods get traffic before gunicorn listens. No drain: old pods refuse the
    // requests kube-proxy still sends during its ~1 s lag. Each safeguard alone is not enough.
    expect(naive.errors).toBeGreaterThan(0);
    expect(probeOnly.errors).toBeGreaterThan(0);
    expect(drainOnly.errors).toBeGreaterThan(0);
    expect(careful.errors).toBe(0);
    expect(careful.ok).toBeGreaterThan(4000);
    expect(careful.byVersion).toEqual(new Set(['1.0', '2.0']));
  });

  it('records each request with pod, node and version, aggregates per second, and feeds access logs', () => {
    const c = createSimCluster({ seed: 32, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 2 }));
    c.store.create('services', webService());
    c.traffic.start({ service: 'web', ratePerSecond: 10 });
    c.advance(2_000);
    expect(c.traffic.ledger().records.every((r) => r.outcome === 'no-endpoints')).toBe(true);
    c.advance(30_000);
    c.traffic.resetLedger();
    c.advance(10_000);
    const led = c.traffic.ledger();
    expect(led.totals.total).toBe(100);
    expect(led.totals.ok).toBe(100);
    const r = led.records[0]!;
    expect(r).toMatchObject({ outcome: 'ok', status: 200, version: '1.0', service: 'default/web' });
    expect(r.pod).toMatch(/^web-/);
    expect(r.node).toMatch(/^deploy-lab-worker2?$/);
    expect(led.perSecond.reduce((s, a) => s + a.ok, 0)).toBe(100);
    const logs = c.logs('default', r.pod!, { tailLines: 1 });
    expect(logs).toMatch(/^10\.244\.0\.1 - - \[01\/Jan\/2026:00:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "deploy-lab-load\/1\.0"\n$/);
    c.faults.injectErrors('1.0', 1);
    c.faults.injectLatency('1.0', 500);
    c.traffic.resetLedger();
    c.advance(1_000);
    const bad = c.traffic.ledger().records;
    expect(bad.every((x) => x.outcome === 'error' && x.status === 500 && x.latencyMs >= 400)).toBe(true);
    c.dispose();
  });

  it('a killed node times requests out until kube-proxy drops its endpoints', () => {
    const c = createSimCluster({ seed: 33, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 2 }));
    c.store.create('services', webService());
    c.advance(30_000);
    c.traffic.start({ service: 'web', ratePerSecond: 20 });
    c.faults.nodeDown('deploy-lab-worker');
    c.advance(10_000);
    const led = c.traffic.ledger();
    expect(led.totals.error).toBeGreaterThan(0);
    expect(led.totals.ok).toBeGreaterThan(0);
    c.dispose();
  });
});
