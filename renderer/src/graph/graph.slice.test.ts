import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphInput } from '../../../core/graph';
import {
  FIXTURE_NOW,
  deployment,
  kubeNode,
  pod,
  replicaSet,
  service,
} from '../../../core/graph/k8s-fixtures';
import { createGraphStore, selectSelectedNode } from './graph.slice';

function cluster(names: string[], readyB = true): GraphInput {
  const web = deployment('web', { replicas: names.length });
  const rs = replicaSet(web, 'r1');
  return {
    deployments: [web],
    replicaSets: [rs],
    pods: names.map((n, i) => pod(rs, n, { node: `worker-${(i % 2) + 1}`, ready: n !== 'b' || readyB })),
    services: [service('web', { app: 'web' })],
    nodes: [kubeNode('worker-1'), kubeNode('worker-2')],
    now: FIXTURE_NOW,
  };
}

describe('graph slice', () => {
  it('asks for one full layout for the first picture and applies it', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b', 'c'])));
    const request = store.getState().layoutRequest;
    expect(request?.graph.children?.length).toBe(5);
    store.getState().setModel(buildGraph(cluster(['a', 'b', 'c'], false)));
    expect(store.getState().layoutRequest).toBe(request);
    store.getState().applyLayout(request?.id ?? -1, { 'service/default/web': { x: 5, y: 7 } });
    expect(store.getState().layoutRequest).toBeNull();
    expect(store.getState().layoutVersion).toBe(1);
    expect(store.getState().flowNodes.find((n) => n.id === 'service/default/web')?.position).toEqual({
      x: 5,
      y: 7,
    });
    // A stale answer (from an older request) is ignored.
    store.getState().applyLayout(999, { 'service/default/web': { x: 0, y: 0 } });
    expect(store.getState().positions['service/default/web']).toEqual({ x: 5, y: 7 });
  });

  it('lays out again when most of the picture is new (another cluster), not for a few new nodes', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b'])));
    const first = store.getState().layoutRequest;
    store.getState().applyLayout(first?.id ?? -1, {});
    const withApi = buildGraph({
      ...cluster(['a', 'b']),
      services: [service('web', { app: 'web' }), service('api', { app: 'api' })],
    });
    store.getState().setModel(withApi);
    expect(store.getState().layoutRequest).toBeNull();
    const other: GraphInput = {
      services: ['s1', 's2', 's3', 's4', 's5', 's6'].map((name) => service(name, { app: name })),
      now: FIXTURE_NOW,
    };
    store.getState().setModel(buildGraph(other));
    expect(store.getState().layoutRequest?.graph.children).toHaveLength(6);
  });

  it('does nothing at all for an identical model', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b'])));
    const before = store.getState();
    store.getState().setModel(buildGraph(cluster(['a', 'b'])));
    expect(store.getState()).toBe(before);
  });

  it('keeps positions and node objects stable when one pod changes', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b', 'c'])));
    const { positions, flowNodes, flowEdges } = store.getState();
    store.getState().setModel(buildGraph(cluster(['a', 'b', 'c'], false)));
    const next = store.getState();
    expect(next.positions).toBe(positions);
    const changed = next.flowNodes.filter((n, i) => n !== flowNodes[i]).map((n) => n.id);
    expect(changed).toEqual(['service/default/web', 'replicaset/default/web-r1', 'pod/default/web-r1-b']);
    const changedEdges = next.flowEdges.filter((e, i) => e !== flowEdges[i]).map((e) => e.id);
    expect(changedEdges).toEqual(['selects:service/default/web->pod/default/web-r1-b']);
  });

  it('selects through React Flow changes and clears on a missing node', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b'])));
    store.getState().applyFlowChanges([{ type: 'select', id: 'pod/default/web-r1-a', selected: true }]);
    expect(store.getState().selectedId).toBe('pod/default/web-r1-a');
    expect(selectSelectedNode(store.getState())?.kind).toBe('pod');
    expect(
      store
        .getState()
        .flowEdges.filter((e) => e.data?.highlighted)
        .map((e) => e.id),
    ).toEqual([
      'owns:replicaset/default/web-r1->pod/default/web-r1-a',
      'selects:service/default/web->pod/default/web-r1-a',
    ]);
    store.getState().setModel(buildGraph(cluster(['b'])));
    expect(store.getState().selectedId).toBeNull();
    store.getState().select('nope');
    expect(store.getState().selectedId).toBeNull();
  });

  it('remembers where the user dragged a node and ignores removals', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a'])));
    store.getState().applyFlowChanges([
      { type: 'position', id: 'deployment/default/web', position: { x: 900, y: 40 } },
      { type: 'remove', id: 'service/default/web' },
    ]);
    expect(store.getState().positions['deployment/default/web']).toEqual({ x: 900, y: 40 });
    expect(store.getState().flowNodes.some((n) => n.id === 'service/default/web')).toBe(true);
  });

  it('stores measured sizes React Flow reports', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a'])));
    store
      .getState()
      .applyFlowChanges([
        { type: 'dimensions', id: 'service/default/web', dimensions: { width: 200, height: 72 } },
      ]);
    expect(store.getState().flowNodes.find((n) => n.id === 'service/default/web')?.measured).toEqual({
      width: 200,
      height: 72,
    });
  });
});
