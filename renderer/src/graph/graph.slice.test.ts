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
import { EXIT_MS, RELAYOUT_MS, createGraphStore, selectSelectedNode } from './graph.slice';
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

describe('a removed pod fades out before it leaves', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function animated() {
    let now = 0;
    const frames: FrameRequestCallback[] = [];
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('performance', { now: () => now });
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    /** Runs the re-layout glide, if one started, to its end. */
    const settle = () => {
      while (frames.length > 0) {
        now += 16;
        frames.shift()?.(now);
      }
    };
    return { settle };
  }

  const pods = (nodes: FlowNode[]) => nodes.filter((n) => n.data.node.kind === 'pod');

  /** Pods on fixed nodes (the shared fixture spreads them by index, which moves them around). */
  function placed(on: Record<string, 1 | 2>, readyB = true): GraphInput {
    const input = cluster(Object.keys(on), readyB);
    const rs = input.replicaSets?.[0];
    if (!rs) throw new Error('no ReplicaSet');
    const names = Object.entries(on);
    return {
      ...input,
      pods: names.map(([n, w]) => pod(rs, n, { node: `worker-${w}`, ready: n !== 'b' || readyB })),
    };
  }

  it('keeps its card (marked leaving) and its slot for EXIT_MS, moving nothing, then drops it', () => {
    const { settle } = animated();
    const store = createGraphStore();
    store.getState().setModel(buildGraph(placed({ a: 1, b: 2, c: 1, d: 2 })));
    settle();
    const before = store.getState();
    const goneId = 'pod/default/web-r1-c';
    const slot = before.positions[goneId];
    // c goes and e comes (a replacement): e must not take c's slot while c is still drawn.
    store.getState().setModel(buildGraph(placed({ a: 1, b: 2, d: 2, e: 1 })));
    const during = store.getState();
    expect(during.model.nodes.some((n) => n.id === goneId)).toBe(false);
    const ghost = during.flowNodes.find((n) => n.id === goneId);
    expect(ghost?.className).toBe('is-leaving');
    expect(ghost?.position).toEqual(slot);
    expect(ghost?.selectable).toBe(false);
    const e = during.flowNodes.find((n) => n.id === 'pod/default/web-r1-e');
    expect(e?.parentId).toBe(ghost?.parentId);
    expect(e?.position).not.toEqual(slot);
    // Everything else stays where it was and keeps its object.
    for (const node of before.flowNodes) {
      if (node.id === goneId) continue;
      const now = during.flowNodes.find((n) => n.id === node.id);
      expect(now?.position, node.id).toEqual(node.position);
    }
    expect(during.flowNodes.find((n) => n.id === 'deployment/default/web')).toBe(
      before.flowNodes.find((n) => n.id === 'deployment/default/web'),
    );
    // An update meanwhile keeps the ghost on screen.
    store.getState().setModel(buildGraph(placed({ a: 1, b: 2, d: 2, e: 1 }, false)));
    expect(store.getState().flowNodes.some((n) => n.id === goneId)).toBe(true);
    vi.advanceTimersByTime(EXIT_MS);
    settle();
    const after = store.getState();
    expect(after.flowNodes.some((n) => n.id === goneId)).toBe(false);
    expect(pods(after.flowNodes).every((n) => n.className === undefined)).toBe(true);
    expect(after.shown).toBe(after.model);
  });

  it('lets a pod that comes back with the same name be itself again', () => {
    const { settle } = animated();
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b'])));
    settle();
    store.getState().setModel(buildGraph(cluster(['a'])));
    store.getState().setModel(buildGraph(cluster(['a', 'b'])));
    const back = store.getState().flowNodes.filter((n) => n.id === 'pod/default/web-r1-b');
    expect(back).toHaveLength(1);
    expect(back[0]?.className).toBeUndefined();
    vi.advanceTimersByTime(EXIT_MS);
    expect(store.getState().flowNodes.filter((n) => n.id === 'pod/default/web-r1-b')).toHaveLength(1);
  });

  it('drops pods at once where nothing animates (no requestAnimationFrame: tests, reduced motion)', () => {
    const store = createGraphStore();
    store.getState().setModel(buildGraph(cluster(['a', 'b'])));
    store.getState().setModel(buildGraph(cluster(['a'])));
    expect(store.getState().flowNodes.some((n) => n.id === 'pod/default/web-r1-b')).toBe(false);
  });
});
