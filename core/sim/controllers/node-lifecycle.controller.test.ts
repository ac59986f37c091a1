import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../cluster.js';
import { webDeployment, webService } from '../testing/fixtures.js';
import { isPodReady } from './pod-util.js';

describe('node lifecycle and taint eviction', () => {
  it('a stopped node goes NotReady after ~40 s; its pods are evicted ~300 s later and replaced elsewhere', () => {
    const c = createSimCluster({ seed: 12, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 4 }));
    c.store.create('services', webService());
    c.advance(30_000);
    const victim = 'deploy-lab-worker';
    const onVictim = c.store.list('pods', { namespace: 'default', fieldSelector: `spec.nodeName=${victim}` }).items;
    expect(onVictim.length).toBe(2);
    const t0 = c.clock.now();
    c.faults.nodeDown(victim);
    const readyOf = (): string | undefined => c.store.get('nodes', undefined, victim).status?.conditions?.find((x) => x.type === 'Ready')?.status;
    let notReadyAt = 0;
    while (readyOf() === 'True') c.advance(1000);
    notReadyAt = c.clock.now() - t0;
    // Last lease at or before t0, 40 s grace, checked every 5 s.
    expect(notReadyAt).toBeGreaterThan(40_000);
    expect(notReadyAt).toBeLessThanOrEqual(50_000);
    expect(readyOf()).toBe('Unknown');
    const node = c.store.get('nodes', undefined, victim);
    expect(node.spec.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    c.advance(100);
    for (const p of onVictim) expect(isPodReady(c.store.get('pods', 'default', p.metadata.name!))).toBe(false);
    const ep = c.store.get('endpoints', 'default', 'web');
    expect(ep.subsets?.[0]?.addresses?.map((a) => a.nodeName).every((n) => n !== victim)).toBe(true);
    expect(c.events().some((e) => e.reason === 'NodeNotReady' && e.message === `Node ${victim} status is now: NodeNotReady`)).toBe(true);

    // Evicted when the default 300 s toleration for unreachable runs out.
    c.advance(290_000);
    for (const p of onVictim) expect(c.store.get('pods', 'default', p.metadata.name!).metadata.deletionTimestamp).toBeUndefined();
    c.advance(15_000);
    for (const p of onVictim) expect(c.store.get('pods', 'default', p.metadata.name!).metadata.deletionTimestamp).toBeDefined();
    // CoreDNS/local-path pods on that node go too (same default toleration); count ours.
    const evictions = c.events().filter((e) => e.reason === 'TaintManagerEviction' && e.object.startsWith('Pod/default/'));
    expect(evictions).toHaveLength(2);
    expect(evictions[0]!.message).toMatch(/^Marking for deletion Pod default\/web-/);
    c.advance(30_000);
    const active = c.store.list('pods', { namespace: 'default' }).items.filter((p) => !p.metadata.deletionTimestamp);
    expect(active).toHaveLength(4);
    expect(active.every((p) => p.spec.nodeName === 'deploy-lab-worker2' && isPodReady(p))).toBe(true);

    // The node comes back: the kubelet removes the terminating pods, the taints go.
    c.faults.nodeUp(victim);
    c.advance(10_000);
    expect(readyOf()).toBe('True');
    expect(c.store.get('nodes', undefined, victim).spec.taints).toBeUndefined();
    expect(c.store.list('pods', { namespace: 'default' }).items).toHaveLength(4);
    c.dispose();
  });

  it('keeps pods Pending with FailedScheduling when nothing fits, and schedules them when room appears', () => {
    const c = createSimCluster({ seed: 13, freezeObjects: true, nodeCpu: '1' });
    c.store.create('deployments', webDeployment({ replicas: 3, cpuRequest: '600m' }));
    c.advance(20_000);
    const pending = c.store.list('pods', { namespace: 'default' }).items.filter((p) => !p.spec.nodeName);
    expect(pending).toHaveLength(1);
    const ev = c.events().find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    expect(pending[0]!.status?.conditions?.find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    const d = structuredClone(c.store.get('deployments', 'default', 'web'));
    d.spec.replicas = 2;
    c.store.update('deployments', d);
    c.advance(20_000);
    expect(c.store.list('pods', { namespace: 'default' }).items.every((p) => p.spec.nodeName)).toBe(true);
    c.dispose();
  });
});

describe('pod GC', () => {
  it('deletes the pods of a Node object that was removed (kubectl delete node); the RS replaces them', () => {
    const c = createSimCluster({ seed: 16, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 2 }));
    c.advance(20_000);
    c.store.delete('nodes', undefined, 'deploy-lab-worker');
    c.advance(20_000);
    const pods = c.store.list('pods', { namespace: 'default' }).items;
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.spec.nodeName === 'deploy-lab-worker2' && isPodReady(p))).toBe(true);
    c.dispose();
  });
});
