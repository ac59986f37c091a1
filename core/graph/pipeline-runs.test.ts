import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph';
import type { ConfigMap, Deployment } from './graph-input';

const deployment: Deployment = {
  metadata: { name: 'web', namespace: 'lab', uid: 'd1', generation: 1 },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [] } } },
  status: { replicas: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1, observedGeneration: 1 },
} as Deployment;

function run(n: number, data: Record<string, string>): ConfigMap {
  return {
    metadata: {
      name: `pipeline-run-${n}`,
      namespace: 'lab',
      labels: { 'deploy-lab.io/pipeline-run': String(n) },
    },
    data: { stages: 'test,build,push,deploy', deployment: 'web', sha: `abc${n}`, version: '2.0', ...data },
  };
}

describe('pipeline runs on the graph', () => {
  it('draws each run as a row of stages with its status, connected to the Deployment it deploys', () => {
    const model = buildGraph(
      {
        deployments: [deployment],
        configMaps: [
          run(1, {
            status: 'waiting-approval',
            'test.status': 'passed',
            'build.status': 'passed',
            'push.status': 'passed',
            'deploy.status': 'waiting-approval',
          }),
          run(2, {
            status: 'failed',
            'test.status': 'failed',
            'test.log': 'pytest: 1 failed',
            'build.status': 'skipped',
            'push.status': 'skipped',
            'deploy.status': 'skipped',
          }),
          { metadata: { name: 'pipeline', namespace: 'lab' }, data: { approval: 'manual' } },
        ],
        now: 0,
      },
      { namespace: 'lab' },
    );
    const runs = model.nodes.filter((n) => n.kind === 'pipelinerun');
    expect(runs.map((n) => [n.name, n.status, n.summary])).toEqual([
      ['pipeline-run-1', 'warning', 'abc1 · 2.0 · waiting for approval'],
      ['pipeline-run-2', 'error', 'abc2 · 2.0 · failed at test'],
    ]);
    const failed = runs[1];
    expect(failed?.kind === 'pipelinerun' && failed.stages.map((s) => s.status)).toEqual([
      'failed',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(failed?.reasons).toEqual(['test failed: pytest: 1 failed']);
    expect(model.edges.filter((e) => e.kind === 'deploys').map((e) => e.id)).toEqual([
      'deploys:pipelinerun/lab/pipeline-run-1->deployment/lab/web',
      'deploys:pipelinerun/lab/pipeline-run-2->deployment/lab/web',
    ]);
    // The pipeline definition itself is not a run and is not drawn.
    expect(model.nodes.some((n) => n.name === 'pipeline')).toBe(false);
  });
});
