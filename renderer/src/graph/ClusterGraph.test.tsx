import { renderToString } from 'react-dom/server';
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
import { ClusterGraph } from './ClusterGraph';
import { createGraphStore } from './graph.slice';

describe('ClusterGraph (server render smoke test)', () => {
  it('renders the shell, legend and controls without a DOM', () => {
    const web = deployment('web');
    const rs = replicaSet(web, 'r1');
    const model = buildGraph({
      deployments: [web],
      replicaSets: [rs],
      pods: [pod(rs, 'a', { node: 'worker-1' })],
      services: [service('web', { app: 'web' })],
      nodes: [kubeNode('worker-1')],
      now: FIXTURE_NOW,
    });
    const store = createGraphStore();
    store.getState().setModel(model);
    const html = renderToString(<ClusterGraph store={store} />);
    expect(html).toContain('cluster-graph');
    expect(html).toContain('Tab to move between nodes');
  });
});
