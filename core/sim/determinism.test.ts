import { describe, expect, it } from 'vitest';
import { createSimCluster } from './cluster.js';
import { webDeployment, webService } from './testing/fixtures.js';

function scenario(seed: number): { trace: string; ledger: string; objects: string } {
  const c = createSimCluster({ seed });
  c.store.create('deployments', webDeployment({ replicas: 4, readinessProbe: true }));
  c.store.create('services', webService());
  c.advance(20_000);
  c.traffic.start({ service: 'web', ratePerSecond: 25 });
  const d = structuredClone(c.store.get('deployments', 'default', 'web'));
  d.spec.template.spec.containers[0]!.image = 'deploy-lab/pyweb:2.0';
  c.store.update('deployments', d);
  c.advance(30_000);
  c.faults.nodeDown('deploy-lab-worker2');
  c.advance(400_000);
  const pods = c.store.list('pods', { namespace: 'default' }).items;
  c.faults.crashContainer('default', pods.find((p) => !p.metadata.deletionTimestamp)!.metadata.name!);
  c.advance(60_000);
  const out = {
    trace: JSON.stringify(c.events()),
    ledger: JSON.stringify(c.traffic.ledger()),
    objects: JSON.stringify(c.store.list('pods').items.concat() ) + JSON.stringify(c.store.list('events').items),
  };
  c.dispose();
  return out;
}

describe('determinism', () => {
  it('the same seed and inputs produce the same event trace, ledger and objects byte for byte', () => {
    const a = scenario(99);
    const b = scenario(99);
    expect(a.trace.length).toBeGreaterThan(1000);
    expect(b.trace).toBe(a.trace);
    expect(b.ledger).toBe(a.ledger);
    expect(b.objects).toBe(a.objects);
    expect(scenario(100).trace).not.toBe(a.trace);
  });
});
