import { describe, expect, it } from 'vitest';
import type { DeploymentGraphNode, GraphModel, ReplicaSetGraphNode } from '../../../core/graph';
import { deploymentProgress } from './rollout-progress';

function deployment(desired: number, revision: string): DeploymentGraphNode {
  return {
    id: 'deployment/default/web',
    kind: 'deployment',
    name: 'web',
    namespace: 'default',
    label: 'web',
    status: 'progressing',
    summary: '',
    reasons: [],
    replicas: { desired, ready: 0, updated: 0, available: 0 },
    revision,
    strategy: 'RollingUpdate',
  };
}

function replicaSet(name: string, revision: string, current: number, ready: number): ReplicaSetGraphNode {
  return {
    id: `replicaset/default/${name}`,
    kind: 'replicaset',
    name,
    namespace: 'default',
    label: name,
    status: 'ok',
    summary: '',
    reasons: [],
    revision,
    replicas: { desired: current, current, ready },
    ownerId: 'deployment/default/web',
  };
}

describe('deploymentProgress', () => {
  it('reports a rollout with the new ReplicaSet ready count and what the old one still runs', () => {
    const model: GraphModel = {
      nodes: [deployment(5, '2'), replicaSet('web-new', '2', 4, 3), replicaSet('web-old', '1', 2, 2)],
      edges: [],
    };
    expect(deploymentProgress(model)).toEqual([
      {
        id: 'deployment/default/web',
        name: 'web',
        text: 'rollout web: 3 of 5 new replicas ready · old ReplicaSet web-old still has 2 pods',
      },
    ]);
  });
  it('reports missing replicas outside a rollout without guessing why', () => {
    const model: GraphModel = { nodes: [deployment(5, '1'), replicaSet('web-a', '1', 5, 3)], edges: [] };
    expect(deploymentProgress(model)[0]?.text).toBe('web: 3 of 5 replicas ready (waiting for 2)');
  });
  it('reports pods being removed after a scale down', () => {
    const model: GraphModel = { nodes: [deployment(2, '1'), replicaSet('web-a', '1', 4, 4)], edges: [] };
    expect(deploymentProgress(model)[0]?.text).toBe('web: scaling down to 2 · 2 pods being removed');
  });
  it('says nothing about a settled Deployment', () => {
    const model: GraphModel = {
      nodes: [deployment(3, '2'), replicaSet('web-a', '2', 3, 3), replicaSet('web-old', '1', 0, 0)],
      edges: [],
    };
    expect(deploymentProgress(model)).toEqual([]);
  });
});
