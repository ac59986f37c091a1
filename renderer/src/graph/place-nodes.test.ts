import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphInput, type GraphModel } from '../../../core/graph';
import {
  FIXTURE_NOW,
  deployment,
  kubeNode,
  pod,
  replicaSet,
  service,
} from '../../../core/graph/k8s-fixtures';
import { NODE_SIZE, nodeGroupSize, podSlotOf, podSlotPosition } from './node-sizes';
import {
  columnLayout,
  groupSlots,
  placeNewNodes,
  placePods,
  sizeOf,
  type PositionCache,
} from './place-nodes';

function cluster(podNames: string[], extraDeployment = false): GraphInput {
  const web = deployment('web', { replicas: podNames.length });
  const rs = replicaSet(web, 'r1');
  const pods = podNames.map((name, i) => pod(rs, name, { node: `worker-${(i % 2) + 1}` }));
  const input: GraphInput = {
    deployments: [web],
    replicaSets: [rs],
    pods,
    services: [service('web', { app: 'web' })],
    nodes: [kubeNode('worker-1'), kubeNode('worker-2')],
    now: FIXTURE_NOW,
  };
  if (extraDeployment) {
    const api = deployment('api', { replicas: 1 });
    const apiRs = replicaSet(api, 'q1');
    input.deployments?.push(api);
    input.replicaSets?.push(apiRs);
    input.pods?.push(pod(apiRs, 'z', { node: 'worker-1' }));
  }
  return input;
}

function boxesOverlap(model: GraphModel, positions: PositionCache): string[] {
  const slots = groupSlots(model, positions);
  const top = model.nodes.filter((n) => !n.parentId);
  const hits: string[] = [];
  for (let i = 0; i < top.length; i += 1) {
    for (let j = i + 1; j < top.length; j += 1) {
      const a = top[i];
      const b = top[j];
      if (!a || !b) continue;
      const pa = positions[a.id];
      const pb = positions[b.id];
      if (!pa || !pb) continue;
      const sa = sizeOf(a, slots);
      const sb = sizeOf(b, slots);
      if (
        pa.x < pb.x + sb.width &&
        pb.x < pa.x + sa.width &&
        pa.y < pb.y + sb.height &&
        pb.y < pa.y + sa.height
      )
        hits.push(`${a.id}|${b.id}`);
    }
  }
  return hits;
}

describe('pod slots', () => {
  it('round-trips slot positions', () => {
    for (let slot = 0; slot < 20; slot += 1) expect(podSlotOf(podSlotPosition(slot))).toBe(slot);
  });

  it('sizes a node group with a spare row', () => {
    const one = nodeGroupSize(1);
    const three = nodeGroupSize(3);
    const four = nodeGroupSize(4);
    expect(one.height).toBe(three.height);
    // Two pod columns wide until the third slot is used, then three.
    expect(one.width).toBe(nodeGroupSize(2).width);
    expect(one.width).toBeLessThan(three.width);
    expect(four.width).toBe(three.width);
    expect(four.height).toBeGreaterThan(three.height);
    expect(one.height).toBeGreaterThan(NODE_SIZE.pod.height * 2);
  });
});

describe('placeNewNodes', () => {
  const model = buildGraph(cluster(['a', 'b', 'c', 'd']));
  const positions = placeNewNodes(model, {});

  it('places every node, without overlaps, deterministically', () => {
    expect(Object.keys(positions).sort()).toEqual(model.nodes.map((n) => n.id).sort());
    expect(boxesOverlap(model, positions)).toEqual([]);
    expect(placeNewNodes(buildGraph(cluster(['a', 'b', 'c', 'd'])), {})).toEqual(positions);
  });

  it('puts pods in distinct slots of their node group', () => {
    expect(positions['pod/default/web-r1-a']).toEqual(podSlotPosition(0));
    expect(positions['pod/default/web-r1-c']).toEqual(podSlotPosition(1));
    expect(positions['pod/default/web-r1-b']).toEqual(podSlotPosition(0));
  });

  it('returns the same cache when nothing is new', () => {
    expect(placeNewNodes(buildGraph(cluster(['a', 'b', 'c', 'd'])), positions)).toBe(positions);
  });

  it('moves nothing when a pod is replaced: the new pod takes the freed slot', () => {
    const next = buildGraph(cluster(['e', 'b', 'c', 'd']));
    const placed = placeNewNodes(next, positions);
    for (const [id, position] of Object.entries(placed)) {
      if (id !== 'pod/default/web-r1-e') expect(position).toBe(positions[id]);
    }
    expect(placed['pod/default/web-r1-e']).toEqual(podSlotPosition(0));
    expect(placed['pod/default/web-r1-a']).toBeUndefined();
  });

  it('lays a new Deployment out in its own band, left to right, overlapping nothing', () => {
    const next = buildGraph(cluster(['a', 'b', 'c', 'd'], true));
    const placed = placeNewNodes(next, positions);
    for (const [id, position] of Object.entries(positions))
      if (id.startsWith('pod/')) expect(placed[id]).toBe(position);
    expect(placed['pod/default/api-q1-z']).toEqual(podSlotPosition(2));
    expect(boxesOverlap(next, placed)).toEqual([]);
    const x = (id: string) => placed[id]?.x ?? NaN;
    const y = (id: string) => placed[id]?.y ?? NaN;
    // Columns as traffic flows: Service < Deployment < ReplicaSet < node groups.
    expect(x('service/default/web')).toBeLessThan(x('deployment/default/web'));
    expect(x('deployment/default/web')).toBeLessThan(x('replicaset/default/web-r1'));
    expect(x('replicaset/default/web-r1')).toBeLessThan(x('node//worker-1'));
    expect(x('deployment/default/api')).toBe(x('deployment/default/web'));
    // Bands by Deployment id: api above web, each ReplicaSet centred on its Deployment.
    expect(y('deployment/default/api')).toBeLessThan(y('deployment/default/web'));
    expect(
      Math.abs(y('replicaset/default/api-q1') + 32 - (y('deployment/default/api') + 36)),
    ).toBeLessThanOrEqual(1);
    expect(y('service/default/web')).toBe(y('deployment/default/web'));
  });

  it('gives the same layout when only a pod changes, a new one when a node group grows', () => {
    const model4 = buildGraph(cluster(['a', 'b', 'c', 'd']));
    const slots = groupSlots(model4, positions);
    const layout = columnLayout(model4, slots);
    const changed = buildGraph(cluster(['e', 'b', 'c', 'd']));
    expect(columnLayout(changed, groupSlots(changed, placePods(changed, positions)))).toEqual(layout);
    const grown = buildGraph(cluster(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']));
    const grownPlaced = placeNewNodes(grown, positions);
    expect(boxesOverlap(grown, grownPlaced)).toEqual([]);
    expect(grownPlaced['node//worker-2']?.y).toBeGreaterThan(positions['node//worker-2']?.y ?? Infinity);
  });
});
