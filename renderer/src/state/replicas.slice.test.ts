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

describe('replicas slice: HorizontalPodAutoscalers', () => {
  beforeEach(() => useReplicas.setState({ samples: [] }));

  it('records an HPA’s desired and current replicas, adding points when either changes', () => {
    const withHpa = (desired: number, current: number): GraphSnapshot => {
      const base = snapshot(current);
      const hpa = {
        id: 'hpa/default/web',
        kind: 'hpa' as const,
        name: 'web',
        namespace: 'default',
        label: 'web',
        status: 'ok' as const,
        summary: '',
        reasons: [],
        targetId: 'deployment/default/web',
        minReplicas: 2,
        maxReplicas: 10,
        currentReplicas: current,
        desiredReplicas: desired,
        metrics: ['cpu 90%/50%'],
      };
      return { ...base, model: { nodes: [...(base.model?.nodes ?? []), hpa], edges: [] } };
    };
    const { record } = useReplicas.getState();
    record(withHpa(2, 2), 1_000);
    record(withHpa(4, 2), 2_000);
    const samples = useReplicas.getState().samples;
    expect(samples.at(-1)).toEqual({
      t: 2_000,
      ready: { web: 2 },
      hpa: { 'web desired': 4, 'web current': 2 },
    });
    expect(samples).toHaveLength(3);
  });
});
