import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildGraph, type GraphInput } from '../../../core/graph';
import {
  FIXTURE_NOW,
  deployment,
  kubeNode,
  pod,
  replicaSet,
  service,
} from '../../../core/graph/k8s-fixtures';
import { RELAYOUT_MS, createGraphStore, selectSelectedNode } from './graph.slice';
import { NODE_SIZE } from './node-sizes';
import type { FlowNode } from './to-flow';

interface Rect {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is drawn: visible top-level boxes (absolute) and pods (relative to their group). */
function drawn(nodes: FlowNode[]): { top: Rect[]; pods: (Rect & { parent: Rect })[] } {
  const rect = (node: FlowNode): Rect => {
    const kind = node.data.node.kind;
    const size = kind === 'node' ? { width: node.width ?? 0, height: node.height ?? 0 } : NODE_SIZE[kind];
    return { id: node.id, ...node.position, ...size };
  };
  const top = nodes.filter((node) => !node.parentId && !node.hidden).map(rect);
  const byId = new Map(top.map((box) => [box.id, box]));
  const pods = nodes
    .filter((node) => node.parentId && !node.hidden)
    .map((node) => ({ ...rect(node), parent: byId.get(node.parentId ?? '') as Rect }));
  return { top, pods };
}

function overlapping(boxes: Rect[]): string[] {
  const hits: string[] = [];
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        hits.push(`${a.id}|${b.id}`);
  return hits;
}

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
  it('lays out at once (no worker) and fits the view when the set of boxes changes', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b', 'c'])));
    expect(store.getState().layoutVersion).toBe(1);
    const serviceCard = () => store.getState().flowNodes.find((n) => n.id === 'service/default/web');
    const before = serviceCard();
    expect(before?.position).toEqual(store.getState().layout['service/default/web']);
    // One pod turns unready: no structural change, no fit, the Service card does not move.
    store.getState().setModel(buildGraph(cluster(['a', 'b', 'c'], false)));
    expect(store.getState().layoutVersion).toBe(1);
    expect(serviceCard()?.position).toBe(before?.position);
    // A second Service is a structural change: new layout, fitted again.
    store.getState().setModel(
      buildGraph({
        ...cluster(['a', 'b', 'c']),
        services: [service('web', { app: 'web' }), service('api', { app: 'api' })],
      }),
    );
    expect(store.getState().layoutVersion).toBe(2);
    expect(store.getState().layout['service/default/api']).toBeDefined();
  });

  it('keeps a dragged node where it is until a structural change, and "Lay out again" undoes it', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b'])));
    store
      .getState()
      .applyFlowChanges([{ type: 'position', id: 'service/default/web', position: { x: -500, y: -500 } }]);
    store.getState().setModel(buildGraph(cluster(['a', 'b'], false)));
    expect(store.getState().positions['service/default/web']).toEqual({ x: -500, y: -500 });
    store.getState().relayout();
    expect(store.getState().positions['service/default/web']).toEqual(
      store.getState().layout['service/default/web'],
    );
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

  describe('a structural change glides', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('with no overlap and no pod outside its group in any frame, new boxes shown at the end', () => {
      let now = 0;
      const frames: FrameRequestCallback[] = [];
      vi.stubGlobal('performance', { now: () => now });
      vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
      vi.stubGlobal('cancelAnimationFrame', () => undefined);
      const store = createGraphStore();
      store.getState().setModel(buildGraph(cluster(['a', 'b'])));
      // Structural: a second app, and worker-1 grows from 2 to 5 pods (two new rows at once).
      const next = cluster(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
      const api = deployment('api', { replicas: 1 });
      const apiRs = replicaSet(api, 'q1');
      next.deployments?.push(api);
      next.replicaSets?.push(apiRs);
      next.pods?.push(pod(apiRs, 'z', { node: 'worker-2' }));
      next.services?.push(service('api', { app: 'api' }));
      store.getState().setModel(buildGraph(next));
      expect(store.getState().flowNodes.find((n) => n.id === 'deployment/default/api')?.hidden).toBe(true);
      let checked = 0;
      while (frames.length > 0) {
        const { top, pods } = drawn(store.getState().flowNodes);
        expect(overlapping(top), `at ${now} ms`).toEqual([]);
        for (const p of pods) {
          expect(p.x >= 0 && p.y >= 0, p.id).toBe(true);
          expect(
            p.x + p.width <= p.parent.width && p.y + p.height <= p.parent.height,
            `${p.id} at ${now} ms`,
          ).toBe(true);
        }
        checked += 1;
        now += 16;
        frames.shift()?.(now);
      }
      expect(checked).toBeGreaterThan(RELAYOUT_MS / 16 - 2);
      const end = store.getState();
      expect(end.flowNodes.every((n) => !n.hidden)).toBe(true);
      for (const node of end.flowNodes)
        if (!node.parentId) expect(node.position).toEqual(end.positions[node.id]);
      expect(overlapping(drawn(end.flowNodes).top)).toEqual([]);
    });
  });
});
