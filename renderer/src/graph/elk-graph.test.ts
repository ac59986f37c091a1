import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../core/graph';
import {
  FIXTURE_NOW,
  deployment,
  kubeNode,
  pod,
  replicaSet,
  service,
} from '../../../core/graph/k8s-fixtures';
import { positionsFromElk, toElkGraph } from './elk-graph';
import { placeNewNodes } from './place-nodes';

function model() {
  const web = deployment('web');
  const rs = replicaSet(web, 'r1');
  return buildGraph({
    deployments: [web],
    replicaSets: [rs],
    pods: [
      pod(rs, 'a', { node: 'worker-1' }),
      pod(rs, 'b', { node: 'worker-2' }),
      pod(rs, 'c', { node: 'worker-1' }),
    ],
    services: [service('web', { app: 'web' })],
    nodes: [kubeNode('worker-1'), kubeNode('worker-2')],
    now: FIXTURE_NOW,
  });
}

describe('toElkGraph', () => {
  const m = model();
  const graph = toElkGraph(m, placeNewNodes(m, {}));

  it('lays out top-level nodes only and lifts pod edges to their node group', () => {
    expect(graph.children?.map((c) => c.id)).toEqual([
      'service/default/web',
      'deployment/default/web',
      'replicaset/default/web-r1',
      'node//worker-1',
      'node//worker-2',
    ]);
    expect(graph.edges?.map((e) => e.id)).toEqual([
      'deployment/default/web->replicaset/default/web-r1',
      'replicaset/default/web-r1->node//worker-1',
      'replicaset/default/web-r1->node//worker-2',
      'service/default/web->node//worker-1',
      'service/default/web->node//worker-2',
    ]);
  });

  it('produces a layout elk can run, left to right', async () => {
    const result = await new ELK().layout(graph);
    const positions = positionsFromElk(result);
    expect(Object.keys(positions)).toHaveLength(5);
    expect(positions['replicaset/default/web-r1']?.x).toBeGreaterThan(
      positions['deployment/default/web']?.x ?? Infinity,
    );
    expect(positions['node//worker-1']?.x).toBeGreaterThan(
      positions['replicaset/default/web-r1']?.x ?? Infinity,
    );
    // Deterministic: the same graph gives the same picture.
    expect(positionsFromElk(await new ELK().layout(toElkGraph(m, placeNewNodes(m, {}))))).toEqual(positions);
  });
});
