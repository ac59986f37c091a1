import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph';
import type { GraphInput, KubeEvent, Pod } from './graph-input';
import { FIXTURE_NOW, deployment, kubeNode, pod, replicaSet, warningEvent } from './k8s-fixtures';
import { createGraphMemo } from './graph-memo';

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
    const memo = createGraphMemo();
    const steps: GraphInput[] = [
      input([a, b]),
      input([a, b], [probe]),
      input([a, b], [probe], false),
      input([a, pod(rs, 'b', { node: 'worker-2' })]),
      input([a, b]),
    ];
    for (const step of steps) expect(buildGraph(step, { memo })).toEqual(buildGraph(step));
  });

  it('reuses the assessment of an unchanged pod object, and not of a changed one', () => {
    const memo = createGraphMemo();
    const first = buildGraph(input([a, b]), { memo });
    const again = buildGraph(input([a, b]), { memo });
    const reasonsOf = (model: typeof first, id: string) => model.nodes.find((n) => n.id === id)?.reasons;
    // The same arrays come back: nothing was assessed again.
    expect(reasonsOf(again, 'pod/default/web-r1-b')).toBe(reasonsOf(first, 'pod/default/web-r1-b'));
    const changed = buildGraph(input([a, pod(rs, 'b', { node: 'worker-2', ready: false })]), {
      memo,
    });
    expect(reasonsOf(changed, 'pod/default/web-r1-b')).not.toBe(reasonsOf(first, 'pod/default/web-r1-b'));
    expect(reasonsOf(changed, 'pod/default/web-r1-b')).toEqual(reasonsOf(first, 'pod/default/web-r1-b'));
  });

  it('assesses again when the Warning events it read or its node changed', () => {
    const memo = createGraphMemo();
    const quiet = buildGraph(input([a, b]), { memo });
    const probing = buildGraph(input([a, b], [probe]), { memo });
    expect(probing).toEqual(buildGraph(input([a, b], [probe])));
    expect(probing).not.toEqual(quiet);
    const nodeDown = buildGraph(input([a, b], [probe], false), { memo });
    expect(nodeDown.nodes.find((n) => n.id === 'pod/default/web-r1-a')?.reasons.join(' ')).toMatch(/node/i);
  });

  it('sees a warning counted again and a warning aged out, and pods listed in another order', () => {
    const memo = createGraphMemo();
    const reasons = (model: ReturnType<typeof buildGraph>) =>
      model.nodes.find((n) => n.id === 'pod/default/web-r1-b')?.reasons.join(' | ') ?? '';
    const message = 'Readiness probe failed: HTTP probe failed with statuscode: 503';
    const once = buildGraph(input([a, b], [warningEvent(b, 'Unhealthy', message, { count: 1 })]), { memo });
    expect(reasons(once)).toMatch(/failed once/);
    // The API replaces the event with a new object when it counts a repeat.
    const counted = [warningEvent(b, 'Unhealthy', message, { count: 3 })];
    const thrice = buildGraph(input([a, b], counted), { memo });
    expect(reasons(thrice)).toMatch(/failed 3 times/);
    // The very same event objects, read after the 10-minute window: the warning no longer explains.
    const later = { ...input([a, b], counted), now: FIXTURE_NOW + 11 * 60_000 };
    const aged = buildGraph(later, { memo });
    expect(reasons(aged)).not.toMatch(/failed 3 times/);
    expect(aged).toEqual(buildGraph(later));
    // The same pods in another order: the same graph, and without b, no b.
    expect(buildGraph(input([b, a]), { memo })).toEqual(buildGraph(input([a, b])));
    expect(buildGraph(input([a]), { memo }).nodes.map((n) => n.id)).not.toContain('pod/default/web-r1-b');
  });

  it("does not assess a pending pod again when the scheduler's retry only counts its warning again", () => {
    const memo = createGraphMemo();
    const pending = pod(rs, 'p', { unscheduled: '0/3 nodes are available: 3 Too many pods.' });
    const message = '0/3 nodes are available: 3 Too many pods.';
    const reasonsOf = (model: ReturnType<typeof buildGraph>) =>
      model.nodes.find((n) => n.id === 'pod/default/web-r1-p')?.reasons;
    const first = buildGraph(
      input([a, pending], [warningEvent(pending, 'FailedScheduling', message, { count: 2 })]),
      {
        memo,
      },
    );
    expect(reasonsOf(first)?.join(' ')).toContain(message);
    const step = input([a, pending], [warningEvent(pending, 'FailedScheduling', message, { count: 9 })]);
    const recounted = buildGraph(step, { memo });
    // The same reasons array: the pod was not assessed again, and the graph is what a fresh build gives.
    expect(reasonsOf(recounted)).toBe(reasonsOf(first));
    expect(recounted).toEqual(buildGraph(step));
    // Another message is another reason.
    const other = '0/3 nodes are available: 3 Insufficient cpu.';
    const changed = buildGraph(input([a, pending], [warningEvent(pending, 'FailedScheduling', other)]), {
      memo,
    });
    expect(reasonsOf(changed)?.join(' ')).toContain(other);
  });
});
