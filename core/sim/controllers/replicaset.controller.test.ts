import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../cluster.js';
import type { Pod } from '../store/kube-types.js';
import { webDeployment } from '../testing/fixtures.js';
import { podsToDelete } from './pod-deletion-order.js';

function pod(name: string, o: { node?: string; phase?: NonNullable<Pod['status']>['phase']; ready?: boolean; created?: string; restarts?: number; cost?: string }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: name,
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
    },
    spec: { containers: [{ name: 'c' }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: '2026-01-01T00:00:10Z' }],
      containerStatuses: [{ name: 'c', state: {}, lastState: {}, ready: o.ready !== false, restartCount: o.restarts ?? 0, image: '', imageID: '' }],
    },
  };
}

describe('ReplicaSet pod ranking (controller_utils.go ActivePodsWithRanks)', () => {
  it('deletes unscheduled, then pending, then unready, then cheap, then doubled-up, then restarting, then newer pods first', () => {
    const now = Date.parse('2026-01-01T01:00:00Z');
    const pods = [
      pod('ready-old', { node: 'n1', created: '2026-01-01T00:00:00Z' }),
      pod('unscheduled', { phase: 'Pending' }),
      pod('pending', { node: 'n2', phase: 'Pending', ready: false }),
      pod('unready', { node: 'n2', ready: false }),
      pod('cheap', { node: 'n3', cost: '-100' }),
      pod('doubled-a', { node: 'n1' }),
      pod('restarting', { node: 'n4', restarts: 5 }),
      pod('newer', { node: 'n5', created: '2026-01-01T00:59:00Z' }),
    ];
    const order = podsToDelete(pods, pods, pods.length, now).map((p) => p.metadata.name);
    // doubled-a and ready-old share n1 (rank 2) and tie on everything else: the uid decides.
    // restarting and newer are alone on their nodes: more restarts goes before newer.
    expect(order).toEqual(['unscheduled', 'pending', 'unready', 'cheap', 'doubled-a', 'ready-old', 'restarting', 'newer']);
  });

  it('scales down by removing the least valuable pods and replaces a deleted pod at once', () => {
    const c = createSimCluster({ seed: 11, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 3 }));
    c.advance(20_000);
    const rs = c.store.list('replicasets', { namespace: 'default' }).items[0]!;
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    const victim = c.store.list('pods', { namespace: 'default' }).items[0]!;
    c.store.delete('pods', 'default', victim.metadata.name!);
    c.advance(1);
    const active = c.store.list('pods', { namespace: 'default' }).items.filter((p) => !p.metadata.deletionTimestamp);
    expect(active).toHaveLength(3);
    expect(c.events().filter((e) => e.reason === 'SuccessfulCreate' && e.object.startsWith('ReplicaSet/default/'))).toHaveLength(4);
    c.dispose();
  });

  it('creates pods at the pace of the controller-manager client: a burst of 30 requests, then 20 a second, its events included', () => {
    const c = createSimCluster({ seed: 11 });
    c.store.create('deployments', webDeployment({ replicas: 100 }));
    const created: number[] = [];
    c.store.watch('pods', {}, (e) => {
      if (e.type === 'ADDED' && e.object.metadata.labels?.app === 'web') created.push(c.clock.now());
    });
    let worst = -Infinity;
    for (let i = 0; i < 200 && created.length < 100; i++) {
      c.advance(50);
      worst = Math.max(worst, created.length - (30 + (20 * (c.clock.now() - created[0]!)) / 1000));
    }
    expect(created).toHaveLength(100);
    expect(worst).toBeLessThanOrEqual(0);
    // The SuccessfulCreate events (and the kube-system ReplicaSets' pods) spend tokens of the same
    // bucket: fewer than 30 pods in the first instant, and 100 creates take about 5 s, not 3.5.
    expect(created.filter((t) => t === created[0]).length).toBeLessThan(20);
    const spread = created[99]! - created[0]!;
    expect(spread).toBeGreaterThan(4_000);
    expect(spread).toBeLessThan(6_000);
    c.dispose();
  });
});
