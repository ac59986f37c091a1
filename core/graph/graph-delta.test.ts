import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph';
import { applyGraphDelta, diffGraphModels, EMPTY_GRAPH, GraphDeltaError, isEmptyDelta } from './graph-delta';
import type { GraphInput } from './graph-input';
import type { GraphModel } from './graph-model';
import { FIXTURE_NOW, deployment, endpointSlice, kubeNode, pod, replicaSet, service } from './k8s-fixtures';

function cluster(
  options: { readyB?: boolean; extraPod?: boolean; dropA?: boolean; second?: boolean } = {},
): GraphInput {
  const web = deployment('web');
  const rs = replicaSet(web, 'r1');
  const pods = [
    pod(rs, 'a', { node: 'worker-1' }),
    pod(rs, 'b', { node: 'worker-2', ready: options.readyB ?? true }),
    pod(rs, 'c', { node: 'worker-1' }),
  ].filter((p) => !(options.dropA && p.metadata.name.endsWith('-a')));
  if (options.extraPod) pods.push(pod(rs, 'd', { node: 'worker-2' }));
  const svc = service('web', { app: 'web' });
  const deployments = [web];
  const replicaSets = [rs];
  if (options.second) {
    const api = deployment('api');
    const apiRs = replicaSet(api, 'q1');
    deployments.push(api);
    replicaSets.push(apiRs);
    pods.push(pod(apiRs, 'x', { node: 'worker-1' }));
  }
  return {
    deployments,
    replicaSets,
    pods,
    services: [svc],
    endpointSlices: [
      endpointSlice(
        svc,
        pods
          .filter((p) => p.metadata.labels?.app === 'web')
          .map((p) => ({ pod: p, ready: p.status?.containerStatuses?.[0]?.ready ?? true })),
      ),
    ],
    nodes: [kubeNode('worker-1'), kubeNode('worker-2')],
    now: FIXTURE_NOW,
  };
}

/** A JSON round trip: what crosses the WebSocket or Electron IPC. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('diffGraphModels', () => {
  it('is empty between two builds of the same input', () => {
    const delta = diffGraphModels(buildGraph(cluster()), buildGraph(cluster()));
    expect(isEmptyDelta(delta)).toBe(true);
    expect(delta.nodes.count).toBe(buildGraph(cluster()).nodes.length);
  });

  it('carries only the changed nodes and edges, in full, by id', () => {
    const prev = buildGraph(cluster());
    const next = buildGraph(cluster({ readyB: false }));
    const delta = diffGraphModels(prev, next);
    expect(delta.nodes.added).toEqual([]);
    expect(delta.nodes.removed).toEqual([]);
    expect(delta.nodes.updated.map((n) => n.id).sort()).toEqual([
      'pod/default/web-r1-b',
      'replicaset/default/web-r1',
      'service/default/web',
    ]);
    expect(delta.nodes.updated.find((n) => n.id === 'pod/default/web-r1-b')).toEqual(
      next.nodes.find((n) => n.id === 'pod/default/web-r1-b'),
    );
    expect(delta.edges.updated.map((e) => e.id)).toEqual([
      'selects:service/default/web->pod/default/web-r1-b',
    ]);
    expect(delta.nodes.order).toBeUndefined();
  });

  it('names removed ids and gives added items their place', () => {
    const prev = buildGraph(cluster({ extraPod: true }));
    const next = buildGraph(cluster());
    const delta = diffGraphModels(prev, next);
    expect(delta.nodes.removed).toEqual(['pod/default/web-r1-d']);
    expect(delta.edges.removed).toEqual([
      'owns:replicaset/default/web-r1->pod/default/web-r1-d',
      'selects:service/default/web->pod/default/web-r1-d',
    ]);
    const back = diffGraphModels(next, prev);
    expect(back.nodes.added.map((a) => a.item.id)).toEqual(['pod/default/web-r1-d']);
    const index = prev.nodes.findIndex((n) => n.id === 'pod/default/web-r1-d');
    expect(back.nodes.added[0]?.index).toBe(index);
  });

  it('is much smaller than the model when one pod changes', () => {
    const prev = buildGraph(cluster({ second: true }));
    const next = buildGraph(cluster({ second: true, readyB: false }));
    expect(JSON.stringify(diffGraphModels(prev, next)).length).toBeLessThan(JSON.stringify(next).length / 2);
  });
});

describe('applyGraphDelta', () => {
  const cases: [string, GraphInput, GraphInput][] = [
    ['a pod turns unready', cluster(), cluster({ readyB: false })],
    ['a pod is added', cluster(), cluster({ extraPod: true })],
    ['a pod is removed', cluster({ extraPod: true }), cluster()],
    ['the first pod is removed and one added', cluster(), cluster({ dropA: true, extraPod: true })],
    ['a Deployment appears', cluster(), cluster({ second: true, readyB: false })],
    ['a Deployment goes', cluster({ second: true }), cluster({ dropA: true })],
  ];

  it.each(cases)('rebuilds the next model exactly (content and order) when %s', (_, a, b) => {
    const prev = buildGraph(a);
    const next = buildGraph(b);
    const applied = applyGraphDelta(prev, wire(diffGraphModels(prev, next)));
    expect(applied).toEqual(next);
    expect(applied.nodes.map((n) => n.id)).toEqual(next.nodes.map((n) => n.id));
    expect(applied.edges.map((e) => e.id)).toEqual(next.edges.map((e) => e.id));
  });

  it('keeps the object of every node and edge the delta does not name', () => {
    const prev = buildGraph(cluster());
    const delta = wire(diffGraphModels(prev, buildGraph(cluster({ readyB: false }))));
    const applied = applyGraphDelta(prev, delta);
    const named = new Set(delta.nodes.updated.map((n) => n.id));
    for (const node of applied.nodes) {
      const old = prev.nodes.find((n) => n.id === node.id);
      if (named.has(node.id)) expect(node).not.toBe(old);
      else expect(node).toBe(old);
    }
    expect(applied.edges.filter((e) => prev.edges.includes(e))).toHaveLength(prev.edges.length - 1);
  });

  it('returns the same model when nothing changed', () => {
    const prev = buildGraph(cluster());
    expect(applyGraphDelta(prev, diffGraphModels(prev, buildGraph(cluster())))).toBe(prev);
  });

  it('builds a whole model from the empty one', () => {
    const next = buildGraph(cluster({ second: true }));
    expect(applyGraphDelta(EMPTY_GRAPH, wire(diffGraphModels(EMPTY_GRAPH, next)))).toEqual(next);
  });

  it('sends the whole order when the kept items were reordered', () => {
    const prev = buildGraph(cluster());
    const reordered: GraphModel = { nodes: [...prev.nodes].reverse(), edges: prev.edges };
    const delta = diffGraphModels(prev, reordered);
    expect(delta.nodes.order).toEqual(reordered.nodes.map((n) => n.id));
    expect(isEmptyDelta(delta)).toBe(false);
    expect(applyGraphDelta(prev, wire(delta))).toEqual(reordered);
  });

  it('refuses a delta made from another base', () => {
    const base = buildGraph(cluster());
    const delta = diffGraphModels(base, buildGraph(cluster({ extraPod: true })));
    // Applied twice: the second time its base is wrong (the pod is already there).
    const once = applyGraphDelta(base, delta);
    expect(() => applyGraphDelta(once, delta)).toThrow(GraphDeltaError);
    // An update of a node the receiver does not have.
    const update = diffGraphModels(base, buildGraph(cluster({ readyB: false })));
    expect(() => applyGraphDelta(EMPTY_GRAPH, update)).toThrow(GraphDeltaError);
  });
});
