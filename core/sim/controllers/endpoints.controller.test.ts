import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../cluster.js';
import { webDeployment, webService } from '../testing/fixtures.js';

describe('EndpointsController', () => {
  it('keeps only ready, non-terminating pods in addresses and mirrors them in EndpointSlices', () => {
    const c = createSimCluster({ seed: 2, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 3, readinessProbe: true }));
    c.store.create('services', webService());
    c.advance(30_000);
    const eps = (): { ready: string[]; notReady: string[] } => {
      const ep = c.store.get('endpoints', 'default', 'web');
      const s = ep.subsets?.[0];
      return { ready: (s?.addresses ?? []).map((a) => a.targetRef!.name), notReady: (s?.notReadyAddresses ?? []).map((a) => a.targetRef!.name) };
    };
    expect(eps().ready).toHaveLength(3);
    const slice = c.store.list('endpointslices', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' }).items[0]!;
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io');
    expect(slice.ports).toEqual([{ port: 8000, protocol: 'TCP' }]);
    expect(slice.endpoints.every((e) => e.conditions.ready && e.conditions.serving && !e.conditions.terminating)).toBe(true);

    // One pod turns unready: it moves to notReadyAddresses; slice ready=false, serving=false.
    const [p1, p2] = c.store.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items;
    c.faults.failReadiness('deploy-lab/pyweb:1.0');
    c.advance(5_000);
    expect(eps().ready).toHaveLength(0);
    expect(eps().notReady).toHaveLength(3);
    c.faults.failReadiness('deploy-lab/pyweb:1.0', false);
    c.advance(5_000);
    expect(eps().ready).toHaveLength(3);

    // A terminating pod leaves Endpoints at once; in the slice it stays with terminating=true.
    c.store.delete('pods', 'default', p1!.metadata.name!);
    c.advance(100);
    expect(eps().ready).not.toContain(p1!.metadata.name);
    const s2 = c.store.list('endpointslices', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' }).items[0]!;
    const term = s2.endpoints.find((e) => e.targetRef?.name === p1!.metadata.name)!;
    expect(term.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(eps().ready).toContain(p2!.metadata.name);
    c.dispose();
  });

  it('drops endpoints and slices with the Service', () => {
    const c = createSimCluster({ seed: 2, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 1 }));
    c.store.create('services', webService());
    c.advance(20_000);
    c.store.delete('services', 'default', 'web');
    c.advance(100);
    expect(c.store.tryGet('endpoints', 'default', 'web')).toBeUndefined();
    expect(c.store.list('endpointslices', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' }).items).toHaveLength(0);
    c.dispose();
  });
});
