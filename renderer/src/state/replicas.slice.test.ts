import { beforeEach, describe, expect, it } from 'vitest';
import type { GraphSnapshot } from '../../../core/contract';
import type { DeploymentGraphNode } from '../../../core/graph';
import { useReplicas } from './replicas.slice';

function snapshot(ready: number, namespace = 'default'): GraphSnapshot {
  const deployment: DeploymentGraphNode = {
    id: `deployment/${namespace}/web`,
    kind: 'deployment',
    name: 'web',
    namespace,
    label: 'web',
    status: 'ok',
    summary: '',
    reasons: [],
    replicas: { desired: 5, ready, updated: ready, available: ready },
    strategy: 'RollingUpdate',
  };
  return { available: true, message: '', model: { nodes: [deployment], edges: [] } };
}

describe('replicas slice', () => {
  beforeEach(() => useReplicas.setState({ samples: [] }));

  it('adds a point only when a ready count changes, stepping from the previous value', () => {
    const { record } = useReplicas.getState();
    record(snapshot(3), 1_000);
    record(snapshot(3), 2_000);
    record(snapshot(5), 3_000);
    expect(useReplicas.getState().samples).toEqual([
      { t: 1_000, ready: { web: 3 } },
      { t: 2_999, ready: { web: 3 } },
      { t: 3_000, ready: { web: 5 } },
    ]);
  });

  it('ignores snapshots without a cluster and labels other namespaces', () => {
    const { record } = useReplicas.getState();
    record({ available: false, message: 'No cluster connected.' }, 1_000);
    record(snapshot(1, 'shop'), 2_000);
    expect(useReplicas.getState().samples).toEqual([{ t: 2_000, ready: { 'shop/web': 1 } }]);
  });
});
