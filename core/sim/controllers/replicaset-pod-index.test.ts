import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../cluster.js';
import type { Pod } from '../store/kube-types.js';
import { webDeployment } from '../testing/fixtures.js';
import { controllerRef, isPodActive } from './pod-util.js';
import { ReplicaSetPodIndex } from './replicaset-pod-index.js';

describe('ReplicaSetPodIndex', () => {
  it('agrees with a scan of the store through a rolling update, a scale-down and an orphaned pod', () => {
    const c = createSimCluster({ seed: 3, nodes: 4, freezeObjects: true });
    const index = new ReplicaSetPodIndex();
    c.store.watch('pods', {}, (e) => index.observe(e.object, e.type === 'DELETED'));
    c.store.create('deployments', webDeployment({ replicas: 12, readinessProbe: true }));
    c.advance(30_000);
    const d = structuredClone(c.store.get('deployments', 'default', 'web'));
    d.spec.template.spec.containers[0]!.image = 'deploy-lab/pyweb:2.0';
    d.spec.replicas = 7;
    c.store.update('deployments', d);
    const orphan = structuredClone(c.store.list('pods', { namespace: 'default' }).items[0]!);
    delete orphan.metadata.ownerReferences;
    c.store.update('pods', orphan);
    for (let t = 0; t < 40; t++) {
      c.advance(500);
      const pods = c.store.list('pods').items;
      for (const rs of c.store.list('replicasets').items) {
        const uid = rs.metadata.uid!;
        const want = pods.filter((p) => controllerRef(p)?.uid === uid && isPodActive(p)).map((p) => p.metadata.name);
        expect(index.activePods(uid).map((p) => p.metadata.name).sort()).toEqual(want.sort());
        for (const p of index.activePods(uid)) expect(p).toBe(c.store.get('pods', p.metadata.namespace, p.metadata.name!));
        const perNode = new Map<string, number>();
        for (const p of pods as Pod[])
          if (isPodActive(p) && p.spec.nodeName && p.metadata.ownerReferences?.some((r) => r.uid === uid)) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
        expect(Object.fromEntries(index.podsPerNode([uid]))).toEqual(Object.fromEntries(perNode));
      }
    }
    c.dispose();
  });
});
