import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphInput } from '../../../core/graph';
import {
  FIXTURE_NOW,
  deployment,
  endpointSlice,
  kubeNode,
  pod,
  replicaSet,
  service,
} from '../../../core/graph/k8s-fixtures';
import { reuseIdentity } from '../../../core/graph';
import { placeNewNodes } from './place-nodes';
import {
  ANIMATED_TRAFFIC_LIMIT,
  POD_EDGE_DETAIL_LIMIT,
  ariaLabelFor,
  toFlowEdges,
  toFlowNodes,
  type FlowNode,
} from './to-flow';

function cluster(bReady = true): GraphInput {
  const web = deployment('web');
  const rs = replicaSet(web, 'r1');
  const pods = [
    pod(rs, 'a', { node: 'worker-1' }),
    pod(rs, 'b', { node: 'worker-2', ready: bReady }),
    pod(rs, 'c', { node: 'worker-1' }),
  ];
  const svc = service('web', { app: 'web' });
  return {
    deployments: [web],
    replicaSets: [rs],
    pods,
    services: [svc],
    endpointSlices: [
      endpointSlice(
        svc,
        pods.map((p, i) => ({ pod: p, ready: i !== 1 || bReady })),
      ),
    ],
    nodes: [kubeNode('worker-1'), kubeNode('worker-2')],
    traffic: {
      windowSeconds: 10,
      perService: { web: { rps: 30, errorRate: 0 } },
      perPod: { 'web-r1-a': { rps: 15, errorRate: 0 }, 'web-r1-c': { rps: 15, errorRate: 0 } },
      byVersion: {},
    },
    now: FIXTURE_NOW,
  };
}

describe('toFlowNodes', () => {
  const model = buildGraph(cluster());
  const positions = placeNewNodes(model, {});
  const nodes = toFlowNodes(model, positions, [], null);

  it('maps every graph node to a typed React Flow node, parents first', () => {
    expect(nodes.map((n) => n.type)).toEqual([
      'client',
      'service',
      'deployment',
      'replicaset',
      'nodeGroup',
      'nodeGroup',
      'pod',
      'pod',
      'pod',
    ]);
    const pa = nodes.find((n) => n.id === 'pod/default/web-r1-a') as FlowNode;
    expect(pa.parentId).toBe('node//worker-1');
    expect(pa.extent).toBe('parent');
    const indexOfParent = nodes.findIndex((n) => n.id === 'node//worker-1');
    expect(indexOfParent).toBeLessThan(nodes.indexOf(pa));
    const group = nodes.find((n) => n.id === 'node//worker-1') as FlowNode;
    expect(group.width).toBeGreaterThan(0);
    expect(group.height).toBeGreaterThan(0);
  });

  it('returns the same objects when nothing changed', () => {
    const again = toFlowNodes(model, positions, nodes, null);
    again.forEach((node, i) => expect(node).toBe(nodes[i]));
  });

  it('replaces only the changed pod (and what its change touches) after an update', () => {
    const next = reuseIdentity(model, buildGraph(cluster(false)));
    const nextPositions = placeNewNodes(next, positions);
    expect(nextPositions).toBe(positions);
    const updated = toFlowNodes(next, nextPositions, nodes, null);
    const changed = updated.filter((node, i) => node !== nodes[i]).map((n) => n.id);
    expect(changed).toEqual(['service/default/web', 'replicaset/default/web-r1', 'pod/default/web-r1-b']);
  });

  it('keeps measured sizes on changed nodes so React Flow keeps their handles', () => {
    const measured = nodes.map((n) => ({ ...n, measured: { width: 10, height: 20 } }));
    const updated = toFlowNodes(buildGraph(cluster(false)), positions, measured, null);
    expect(updated.every((n) => n.measured?.width === 10)).toBe(true);
  });

  it('changes only the old and new selected nodes on selection', () => {
    const selA = toFlowNodes(model, positions, nodes, 'pod/default/web-r1-a');
    expect(selA.filter((n, i) => n !== nodes[i]).map((n) => n.id)).toEqual(['pod/default/web-r1-a']);
    const selB = toFlowNodes(model, positions, selA, 'service/default/web');
    expect(selB.filter((n, i) => n !== selA[i]).map((n) => n.id)).toEqual([
      'service/default/web',
      'pod/default/web-r1-a',
    ]);
    expect(selB.find((n) => n.id === 'service/default/web')?.selected).toBe(true);
  });

  it('labels nodes for screen readers with the reason chain', () => {
    const broken = buildGraph({ services: [service('web', { app: 'nope' })], now: FIXTURE_NOW }).nodes[0];
    expect(broken && ariaLabelFor(broken)).toBe(
      'service web, error: 0 endpoints. Service web has 0 endpoints; because its selector app=nope matches no running pods',
    );
  });
});

describe('toFlowEdges', () => {
  const model = buildGraph(cluster());
  const edges = toFlowEdges(model, [], null);

  it('draws traffic edges with the traffic type and drops selects edges they cover', () => {
    expect(edges.filter((e) => e.type === 'traffic').map((e) => e.id)).toEqual([
      'traffic:client//traffic->service/default/web',
      'traffic:service/default/web->pod/default/web-r1-a',
      'traffic:service/default/web->pod/default/web-r1-c',
    ]);
    expect(edges.filter((e) => e.id.startsWith('selects:')).map((e) => e.id)).toEqual([
      'selects:service/default/web->pod/default/web-r1-b',
    ]);
    expect(edges.every((e) => e.selectable === false)).toBe(true);
  });

  it('marks a not-serving selects edge', () => {
    const next = toFlowEdges(buildGraph(cluster(false)), edges, null);
    expect(next.find((e) => e.id === 'selects:service/default/web->pod/default/web-r1-b')?.className).toBe(
      'edge-selects edge-not-serving',
    );
  });

  it('highlights only the edges of the selected node and keeps the rest identical', () => {
    const selected = toFlowEdges(model, edges, 'pod/default/web-r1-a');
    const changed = selected.filter((e, i) => e !== edges[i]);
    expect(changed.map((e) => e.id)).toEqual([
      'owns:replicaset/default/web-r1->pod/default/web-r1-a',
      'traffic:service/default/web->pod/default/web-r1-a',
    ]);
    expect(changed.every((e) => e.data?.highlighted && e.className?.includes('is-highlighted'))).toBe(true);
    const same = toFlowEdges(model, edges, null);
    same.forEach((e, i) => expect(e).toBe(edges[i]));
  });
});

describe('toFlowEdges at scale', () => {
  function big(pods: number): GraphInput {
    const web = deployment('web', { replicas: pods });
    const rs = replicaSet(web, 'r1');
    const list = Array.from({ length: pods }, (_, i) => pod(rs, `p${i}`, { node: `worker-${(i % 2) + 1}` }));
    return {
      deployments: [web],
      replicaSets: [rs],
      pods: list,
      services: [service('web', { app: 'web' })],
      nodes: [kubeNode('worker-1'), kubeNode('worker-2')],
      traffic: {
        windowSeconds: 10,
        perService: { web: { rps: pods, errorRate: 0 } },
        perPod: Object.fromEntries(
          list.map((p, i) => [p.metadata.name, { rps: 1, errorRate: i % 2 ? 0.1 : 0, version: '1.0' }]),
        ),
        byVersion: {},
      },
      now: FIXTURE_NOW,
    };
  }
  // Keep every pod visible: this is about edges to pods, not pod groups.
  const model = buildGraph(big(POD_EDGE_DETAIL_LIMIT + 2), { aggregateAbove: 10_000 });

  it('draws traffic to node groups instead of to each pod', () => {
    const edges = toFlowEdges(model, [], null);
    expect(edges.map((e) => e.id)).toEqual([
      'owns:deployment/default/web->replicaset/default/web-r1',
      'traffic:client//traffic->service/default/web',
      'traffic:service/default/web->node//worker-1',
      'traffic:service/default/web->node//worker-2',
    ]);
    const toW2 = edges[3]?.data?.edge;
    expect(toW2?.kind === 'traffic' && toW2.rps).toBe((POD_EDGE_DETAIL_LIMIT + 2) / 2);
    expect(toW2?.kind === 'traffic' && toW2.errorRate).toBeCloseTo(0.1);
    expect(toW2?.kind === 'traffic' && toW2.version).toBe('1.0');
  });

  it("still draws the selected pod's own edges", () => {
    const edges = toFlowEdges(model, [], 'pod/default/web-r1-p3');
    expect(edges.filter((e) => e.data?.highlighted).map((e) => e.id)).toEqual([
      'owns:replicaset/default/web-r1->pod/default/web-r1-p3',
      'traffic:service/default/web->pod/default/web-r1-p3',
    ]);
  });

  it('keeps lifted edges identical across rebuilds of an equal model', () => {
    const first = toFlowEdges(model, [], null);
    // As in the slice: unchanged model edges keep identity via reuseIdentity; lifted edges are new
    // objects every time and must be matched by value.
    const rebuilt = reuseIdentity(
      model,
      buildGraph(big(POD_EDGE_DETAIL_LIMIT + 2), { aggregateAbove: 10_000 }),
    );
    const again = toFlowEdges(rebuilt, first, null);
    again.forEach((edge, i) => expect(edge).toBe(first[i]));
  });

  it('animates every traffic edge in a small graph', () => {
    const edges = toFlowEdges(model, [], null);
    expect(edges.filter((e) => e.className?.includes('is-flowing')).map((e) => e.id)).toEqual([
      'traffic:client//traffic->service/default/web',
      'traffic:service/default/web->node//worker-1',
      'traffic:service/default/web->node//worker-2',
    ]);
  });

  it("animates only the selected node's traffic when many traffic edges are drawn", () => {
    const many = buildGraph(big(ANIMATED_TRAFFIC_LIMIT + 5), { aggregateAbove: 10_000 });
    expect(toFlowEdges(many, [], null).some((e) => e.className?.includes('is-flowing'))).toBe(false);
    const selected = toFlowEdges(many, [], 'service/default/web');
    expect(selected.filter((e) => e.className?.includes('is-flowing'))).toHaveLength(
      ANIMATED_TRAFFIC_LIMIT + 6,
    );
  });
});
