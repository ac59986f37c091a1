/**
 * CI/CD pipeline runs on the graph: each `pipeline-run-N` ConfigMap (label `deploy-lab.io/pipeline-run`,
 * written by the lab's pipeline runner; the format is defined in scenarios/cicd-pipeline/pipeline-model.ts)
 * becomes one node that shows its stages in a row, with a `deploys` edge to the Deployment its deploy
 * stage updates. Only the newest runs are drawn.
 */
import type { ConfigMap } from './graph-input';
import {
  edgeId,
  nodeId,
  type DeploysEdge,
  type NodeStatus,
  type PipelineRunGraphNode,
  type PipelineStageStatus,
} from './graph-model';

export const PIPELINE_RUN_LABEL = 'deploy-lab.io/pipeline-run';
/** Older runs than the newest this many are left out of the picture. */
export const PIPELINE_RUNS_SHOWN = 4;

const STAGE_STATUSES: readonly PipelineStageStatus[] = [
  'pending',
  'running',
  'passed',
  'failed',
  'waiting-approval',
  'skipped',
  'rejected',
];

function stageStatus(value: string | undefined): PipelineStageStatus {
  return STAGE_STATUSES.find((s) => s === value) ?? 'pending';
}

function runStatus(status: string | undefined): NodeStatus {
  switch (status) {
    case 'succeeded':
      return 'ok';
    case 'running':
      return 'progressing';
    case 'waiting-approval':
      return 'warning';
    case 'failed':
    case 'rejected':
      return 'error';
    default:
      return 'idle';
  }
}

export function buildPipelineRuns(
  configMaps: readonly ConfigMap[],
  deploymentIds: ReadonlySet<string>,
): { nodes: PipelineRunGraphNode[]; edges: DeploysEdge[] } {
  const runs = configMaps
    .filter((cm) => cm.metadata.labels?.[PIPELINE_RUN_LABEL] !== undefined)
    .map((cm) => ({ cm, n: Number(cm.metadata.labels?.[PIPELINE_RUN_LABEL]) || 0 }))
    .sort((a, b) => b.n - a.n)
    .slice(0, PIPELINE_RUNS_SHOWN);
  const nodes: PipelineRunGraphNode[] = [];
  const edges: DeploysEdge[] = [];
  for (const { cm, n } of runs) {
    const d = cm.data ?? {};
    const namespace = cm.metadata.namespace ?? '';
    const id = nodeId('pipelinerun', namespace, cm.metadata.name);
    const stages = (d.stages ?? 'test,build,push,deploy')
      .split(',')
      .filter(Boolean)
      .map((name) => ({
        name,
        status: stageStatus(d[`${name}.status`]),
        ...(d[`${name}.log`] ? { log: d[`${name}.log`] } : {}),
      }));
    const sha = d.sha ?? '';
    const version = d.version ?? '';
    const status = d.status ?? 'running';
    const current = stages.find((s) => s.status !== 'passed');
    const summary =
      status === 'succeeded'
        ? `${sha} · ${version} · deployed`
        : status === 'waiting-approval'
          ? `${sha} · ${version} · waiting for approval`
          : status === 'running'
            ? `${sha} · ${version} · ${current?.name ?? ''} running`
            : `${sha} · ${version} · ${status}${current ? ` at ${current.name}` : ''}`;
    const reasons: string[] = [];
    const failed = stages.find((s) => s.status === 'failed' || s.status === 'rejected');
    if (failed) reasons.push(`${failed.name} ${failed.status}${failed.log ? `: ${failed.log}` : ''}`);
    else if (status === 'waiting-approval')
      reasons.push(
        `deploy waits for approval: kubectl annotate configmap ${cm.metadata.name} deploy-lab.io/approved=true`,
      );
    nodes.push({
      id,
      kind: 'pipelinerun',
      name: cm.metadata.name,
      namespace,
      label: `run ${n}`,
      status: runStatus(status),
      summary,
      reasons,
      run: n,
      commit: sha,
      version,
      approval: d.approval === 'automatic' ? 'automatic' : 'manual',
      stages,
    });
    const target = nodeId('deployment', namespace, d.deployment ?? 'web');
    if (deploymentIds.has(target))
      edges.push({ id: edgeId('deploys', id, target), kind: 'deploys', source: id, target });
  }
  return { nodes, edges };
}
