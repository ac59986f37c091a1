import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph';
import { deepEqual, reuseIdentity } from './graph-diff';
import { diffGraphModels, isEmptyDelta, type ItemDelta } from './graph-delta';
import type { GraphModel } from './graph-model';
import type { GraphInput } from './graph-input';
import { FIXTURE_NOW, deployment, endpointSlice, kubeNode, pod, replicaSet, service } from './k8s-fixtures';

function cluster(readyB = true, extraPod = false): GraphInput {
  const web = deployment('web');
  const rs = replicaSet(web, 'r1');
  const pods = [
    pod(rs, 'a', { node: 'worker-1' }),
    pod(rs, 'b', { node: 'worker-2', ready: readyB }),
    pod(rs, 'c', { node: 'worker-1' }),
  ];
  if (extraPod) pods.push(pod(rs, 'd', { node: 'worker-2' }));
  const svc = service('web', { app: 'web' });
  return {
    deployments: [web],
    replicaSets: [rs],
    pods,
    services: [svc],
    endpointSlices: [
      endpointSlice(
        svc,
        pods.map((p) => ({ pod: p, ready: p.status?.containerStatuses?.[0]?.ready ?? true })),
      ),
    ],
    nodes: [kubeNode('worker-1'), kubeNode('worker-2')],
    now: FIXTURE_NOW,
  };
}

/** The ids a delta adds, removes and changes, sorted: what the graph-diff assertions read. */
function idsOf<T extends { id: string }>(d: ItemDelta<T>) {
  return {
    added: d.added.map((a) => a.item.id).sort(),
    removed: [...d.removed].sort(),
    changed: d.updated.map((u) => u.id).sort(),
  };
}
function diffGraph(prev: GraphModel, next: GraphModel) {
  const delta = diffGraphModels(prev, next);
  return { nodes: idsOf(delta.nodes), edges: idsOf(delta.edges) };
}

describe('deepEqual', () => {
  it('compares plain data structurally', () => {
    expect(deepEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
  });
});

describe('diffGraphModels: which ids a change touches', () => {
  it('is empty between two builds of the same input', () => {
    expect(isEmptyDelta(diffGraphModels(buildGraph(cluster()), buildGraph(cluster())))).toBe(true);
  });

  it('reports a pod that turned unready and everything that depends on it', () => {
    const diff = diffGraph(buildGraph(cluster()), buildGraph(cluster(false)));
    expect(diff.nodes.added).toEqual([]);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.nodes.changed).toEqual([
      'pod/default/web-r1-b',
      'replicaset/default/web-r1',
      'service/default/web',
    ]);
    expect(diff.edges.changed).toEqual(['selects:service/default/web->pod/default/web-r1-b']);
  });

  it('reports added and removed ids', () => {
    const diff = diffGraph(buildGraph(cluster(true, true)), buildGraph(cluster()));
    expect(diff.nodes.removed).toEqual(['pod/default/web-r1-d']);
    expect(diff.edges.removed).toEqual([
      'owns:replicaset/default/web-r1->pod/default/web-r1-d',
      'selects:service/default/web->pod/default/web-r1-d',
    ]);
    const back = diffGraph(buildGraph(cluster()), buildGraph(cluster(true, true)));
    expect(back.nodes.added).toEqual(['pod/default/web-r1-d']);
    expect(back.nodes.changed).toContain('node//worker-2');
  });
});

describe('reuseIdentity', () => {
  it('returns the previous model itself when nothing changed', () => {
    const prev = buildGraph(cluster());
    expect(reuseIdentity(prev, buildGraph(cluster()))).toBe(prev);
  });

  it('keeps unchanged node and edge objects and swaps in only the changed ones', () => {
    const prev = buildGraph(cluster());
    const next = buildGraph(cluster(false));
    const merged = reuseIdentity(prev, next);
    expect(merged).toEqual(next);
    const changed = new Set(['pod/default/web-r1-b', 'replicaset/default/web-r1', 'service/default/web']);
    for (const node of merged.nodes) {
      const old = prev.nodes.find((n) => n.id === node.id);
      if (changed.has(node.id)) expect(node).not.toBe(old);
      else expect(node).toBe(old);
    }
    const sameEdges = merged.edges.filter((e) => prev.edges.includes(e));
    expect(sameEdges).toHaveLength(prev.edges.length - 1);
  });

  it('passes a first model through untouched', () => {
    const next = buildGraph(cluster());
    expect(reuseIdentity(undefined, next)).toBe(next);
  });

  it('keeps the edges array when only nodes changed', () => {
    const prev = buildGraph(cluster());
    const next = buildGraph({
      ...cluster(),
      deployments: [{ ...deployment('web'), status: { ...deployment('web').status, readyReplicas: 2 } }],
    });
    const merged = reuseIdentity(prev, next);
    expect(merged).not.toBe(prev);
    expect(merged.edges).toBe(prev.edges);
  });
});
