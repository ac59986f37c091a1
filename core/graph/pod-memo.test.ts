import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph';
import type { GraphInput, KubeEvent, Pod } from './graph-input';
import { FIXTURE_NOW, deployment, kubeNode, pod, replicaSet, warningEvent } from './k8s-fixtures';
import { createPodMemo } from './pod-memo';

function input(pods: Pod[], events: KubeEvent[] = [], nodeReady = true): GraphInput {
  const web = deployment('web', { replicas: pods.length });
  return {
    deployments: [web],
    replicaSets: [replicaSet(web, 'r1')],
    pods,
    nodes: [kubeNode('worker-1', nodeReady ? 'True' : 'False'), kubeNode('worker-2')],
    events,
    now: FIXTURE_NOW,
  };
}

describe('pod memo', () => {
  const rs = replicaSet(deployment('web'), 'r1');
  const a = pod(rs, 'a', { node: 'worker-1' });
  const b = pod(rs, 'b', { node: 'worker-2', ready: false });
  const probe = warningEvent(
    b,
    'Unhealthy',
    'Readiness probe failed: HTTP probe failed with statuscode: 503',
  );

  it('gives the same graph as building without it, build after build', () => {
    const memo = createPodMemo();
    const steps: GraphInput[] = [
      input([a, b]),
      input([a, b], [probe]),
      input([a, b], [probe], false),
      input([a, pod(rs, 'b', { node: 'worker-2' })]),
      input([a, b]),
    ];
    for (const step of steps) expect(buildGraph(step, { podMemo: memo })).toEqual(buildGraph(step));
  });

  it('reuses the assessment of an unchanged pod object, and not of a changed one', () => {
    const memo = createPodMemo();
    const first = buildGraph(input([a, b]), { podMemo: memo });
    const again = buildGraph(input([a, b]), { podMemo: memo });
    const reasonsOf = (model: typeof first, id: string) => model.nodes.find((n) => n.id === id)?.reasons;
    // The same arrays come back: nothing was assessed again.
    expect(reasonsOf(again, 'pod/default/web-r1-b')).toBe(reasonsOf(first, 'pod/default/web-r1-b'));
    const changed = buildGraph(input([a, pod(rs, 'b', { node: 'worker-2', ready: false })]), {
      podMemo: memo,
    });
    expect(reasonsOf(changed, 'pod/default/web-r1-b')).not.toBe(reasonsOf(first, 'pod/default/web-r1-b'));
    expect(reasonsOf(changed, 'pod/default/web-r1-b')).toEqual(reasonsOf(first, 'pod/default/web-r1-b'));
  });

  it('assesses again when the Warning events it read or its node changed', () => {
    const memo = createPodMemo();
    const quiet = buildGraph(input([a, b]), { podMemo: memo });
    const probing = buildGraph(input([a, b], [probe]), { podMemo: memo });
    expect(probing).toEqual(buildGraph(input([a, b], [probe])));
    expect(probing).not.toEqual(quiet);
    const nodeDown = buildGraph(input([a, b], [probe], false), { podMemo: memo });
    expect(nodeDown.nodes.find((n) => n.id === 'pod/default/web-r1-a')?.reasons.join(' ')).toMatch(/node/i);
  });
});
