/**
 * Node failure and HA: a node stops; 40 s later it is NotReady, 300 s after that its pods are evicted
 * (sped up on the embedded cluster). With one replica users see the whole outage; with three spread
 * replicas there is never a second without an answer. Checks read node conditions over the step,
 * where pods ran, and the traffic second by second.
 */
import { nodeFailureMeta } from './scenario.meta';
import { nodeFailureMachine } from './node-failure.machine';
import {
  describeFailures,
  failedRequests,
  named,
  podIsReady,
  podsMatching,
  readyReplicas,
  specReplicas,
  type CheckContext,
  type CheckVerdict,
  type KubeObject,
  type ScenarioDefinition,
} from '../scenario-kit';

const TRAFFIC = { service: 'web', ratePerSecond: 10 };
const APP = { app: 'web' };

function nodeReady(node: KubeObject): boolean {
  return ((node.status?.conditions ?? []) as { type?: string; status?: string }[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );
}

/** Nodes that were not Ready at some point of the step, with when that was first seen. */
function nodesLost(ctx: CheckContext): Map<string, number> {
  const lost = new Map<string, number>();
  for (const e of ctx.timeline) {
    if (e.resource === 'nodes' && e.type !== 'DELETED' && !nodeReady(e.object) && !lost.has(e.name))
      lost.set(e.name, e.t);
  }
  return lost;
}

function nodeWentDown(ctx: CheckContext): CheckVerdict {
  const lost = nodesLost(ctx);
  return lost.size > 0
    ? { passed: true, message: `Node ${[...lost.keys()].join(', ')} went NotReady.` }
    : {
        passed: false,
        message: 'No node has gone NotReady during this step (it takes 40 s after the node stops).',
      };
}

function replacedElsewhere(ctx: CheckContext, want: number): CheckVerdict {
  const lost = nodesLost(ctx);
  if (lost.size === 0) return { passed: false, message: 'No node has failed yet.' };
  const d = named(ctx.objects('deployments'), 'web');
  const ready = podsMatching(ctx, APP).filter(
    (p) => podIsReady(p) && !lost.has(String(p.spec?.nodeName ?? '')),
  );
  const evicted = ctx.timeline.some(
    (e) =>
      e.resource === 'pods' &&
      e.object.metadata?.deletionTimestamp &&
      lost.has(String(e.object.spec?.nodeName ?? '')),
  );
  if (!evicted)
    return {
      passed: false,
      message: 'The pods on the lost node have not been evicted yet (300 s after NotReady).',
    };
  return ready.length >= want && readyReplicas(d) >= want
    ? { passed: true, message: `${ready.length} ready pod(s) run on healthy nodes again.` }
    : { passed: false, message: `${ready.length} of ${want} pods are ready on healthy nodes.` };
}

function allNodesBack(ctx: CheckContext): CheckVerdict {
  const down = ctx
    .objects('nodes')
    .filter((n) => !nodeReady(n))
    .map((n) => n.metadata?.name);
  return down.length === 0
    ? { passed: true, message: 'Every node is Ready again.' }
    : {
        passed: false,
        message: `Node ${down.join(', ')} is still down; start it again (deploy-lab sim fault node-up ...).`,
      };
}

/**
 * Seconds (counted in 3 s windows) after the node stopped in which not a single request succeeded. The
 * client picks endpoints at random, so a 1 s window with 2 of 3 pods lost would be all-failed now and
 * then by chance ((2/3)^10 = 1.7%); over 3 s that is (2/3)^30, about 5 in a million.
 */
const WINDOW_MS = 3000;

function darkSeconds(ctx: CheckContext): number[] {
  const lost = [...nodesLost(ctx).values()];
  if (lost.length === 0) return [];
  // The node stops before it is seen NotReady; count from 45 s earlier (40 s grace + lag), bounded by the step.
  const from = Math.max(ctx.stepStartedAt, Math.min(...lost) - 45_000);
  const seconds = new Map<number, { ok: number; total: number }>();
  for (const r of ctx.requests) {
    if (r.t < from) continue;
    const s = Math.floor((r.t - from) / WINDOW_MS);
    const b = seconds.get(s) ?? { ok: 0, total: 0 };
    b.total += 1;
    if (r.outcome === 'ok') b.ok += 1;
    seconds.set(s, b);
  }
  // A window only counts with enough requests in it (the step's last one may hold just a few).
  return [...seconds.entries()]
    .filter(([, b]) => b.total >= 15 && b.ok === 0)
    .map(([s]) => s * (WINDOW_MS / 1000));
}

/** Recovered: 3 ready pods on healthy nodes and the last 10 s of traffic without a failure. */
function servingAgain(ctx: CheckContext): CheckVerdict {
  const lost = new Set(
    ctx
      .objects('nodes')
      .filter((n) => !nodeReady(n) || n.spec?.unschedulable)
      .map((n) => n.metadata?.name ?? ''),
  );
  const ready = podsMatching(ctx, APP).filter(
    (p) => podIsReady(p) && !lost.has(String(p.spec?.nodeName ?? '')),
  ).length;
  if (ready < 3) return { passed: false, message: `${ready} of 3 pods are ready on healthy nodes.` };
  const recent = ctx.requests.filter((r) => r.t >= ctx.now - 10_000);
  const failed = recent.filter((r) => r.outcome !== 'ok').length;
  if (recent.length < 10) return { passed: false, message: 'Waiting for 10 s of traffic.' };
  return failed === 0
    ? {
        passed: true,
        message: `3 pods ready on healthy nodes; the last ${recent.length} requests all succeeded.`,
      }
    : { passed: false, message: `${failed} of the last ${recent.length} requests failed.` };
}

export const nodeFailureScenario: ScenarioDefinition = {
  meta: nodeFailureMeta,
  machine: nodeFailureMachine,
  folder: 'node-failure',
  drill: {
    start: { manifests: ['web-ha.yaml'], traffic: { service: 'web', ratePerSecond: 20 } },
    faults: [
      {
        name: 'a worker node stops (its kubelet and containers die)',
        actions: [{ do: 'stopNodeOf', selector: APP }],
        // The runbook, instead of waiting 40 s + 300 s for the eviction: cordon, force-delete its pods.
        recovery: [{ do: 'drainStoppedNodes' }],
      },
    ],
    detected: (ctx) => ctx.requests.filter((r) => r.outcome !== 'ok').length >= 3,
    recovered: {
      id: 'serving',
      title: '3 ready pods on healthy nodes, no failed request for 10 s',
      evaluate: servingAgain,
      hints: [],
    },
    faultWindowSeconds: 30,
    timeoutSeconds: 900,
  },
  steps: [
    {
      id: 'single-replica',
      title: 'Lose the node of a single replica',
      text: 'steps/01-single-replica.md',
      start: { manifests: ['web-single.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'node-down',
          title: 'The node of the pod went NotReady',
          evaluate: nodeWentDown,
          hints: [
            '`kubectl get pods -l app=web -o wide` shows the node; stop it with `deploy-lab sim fault node-down <node>`.',
            'NotReady comes 40 s after the node stops; speed the clock up with `deploy-lab sim clock speed 20`.',
          ],
        },
        {
          id: 'replaced',
          title: 'The pod was evicted and replaced on another node',
          evaluate: (ctx) => replacedElsewhere(ctx, 1),
          hints: [
            'Eviction waits for the 300 s toleration of the unreachable taint: `kubectl get pod -o yaml` shows tolerationSeconds.',
          ],
        },
        {
          id: 'outage-measured',
          title: 'The outage was measured',
          evaluate: (ctx) => {
            const failed = failedRequests(ctx.requests);
            const dark = darkSeconds(ctx).length * (WINDOW_MS / 1000);
            if (ctx.requests.length === 0) return { passed: false, message: 'No requests were measured.' };
            return {
              passed: true,
              message: `${failed.length} of ${ctx.requests.length} requests failed (${describeFailures(ctx.requests) || 'none'}); for ${dark} s no request succeeded at all: with one replica, users saw the whole outage.`,
            };
          },
          hints: [],
        },
        {
          id: 'nodes-back',
          title: 'The node is started again',
          evaluate: allNodesBack,
          hints: ['`deploy-lab sim fault node-up <node>`'],
        },
      ],
      solution: [
        { do: 'stopNodeOf', selector: APP },
        {
          do: 'waitUntil',
          what: 'the pod is replaced on another node',
          until: (ctx) => replacedElsewhere(ctx, 1).passed,
          timeoutSeconds: 900,
        },
        { do: 'startNodes' },
      ],
      settleSeconds: 300,
      explanation:
        'Nothing happened for 40 s (node-monitor-grace-period), then the node was NotReady and the pod left the Service; then nothing for 300 s (the default tolerationSeconds for the unreachable taint), then eviction and a new pod elsewhere. Kubernetes did heal, but one replica meant users waited through all of it.',
    },
    {
      id: 'spread',
      title: 'Three replicas, spread: lose a node again',
      text: 'steps/02-spread.md',
      start: { manifests: ['web-single.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'spread-before',
          title: 'Three ready replicas on at least two nodes before the failure',
          evaluate: (ctx) => {
            const lost = nodesLost(ctx);
            const firstLoss = Math.min(...lost.values());
            // Where the pods ran just before the loss: the step's history replayed up to then.
            const pods = new Map<string, KubeObject>();
            for (const p of ctx.atStart('pods'))
              if (p.metadata?.labels?.app === 'web' && p.metadata.name) pods.set(p.metadata.name, p);
            for (const e of ctx.timeline) {
              if (e.resource !== 'pods' || e.t >= firstLoss) continue;
              if (e.type === 'DELETED') pods.delete(e.name);
              else if (e.object.metadata?.labels?.app === 'web') pods.set(e.name, e.object);
            }
            const ready = [...pods.values()].filter(podIsReady);
            const nodes = new Set(ready.map((p) => String(p.spec?.nodeName ?? '')));
            if (lost.size === 0)
              return {
                passed: false,
                message: 'No node has failed yet: apply web-ha.yaml, then stop a node.',
              };
            return ready.length >= 3 && nodes.size >= 2
              ? {
                  passed: true,
                  message: `Before the failure ${ready.length} ready pods ran on ${nodes.size} nodes.`,
                }
              : {
                  passed: false,
                  message: `Before the failure only ${ready.length} ready pod(s) ran, on ${nodes.size} node(s): one node held everything.`,
                };
          },
          hints: ['Apply web-ha.yaml and wait until 3 pods are ready before you stop a node.'],
        },
        {
          id: 'node-down',
          title: 'A node went NotReady',
          evaluate: nodeWentDown,
          hints: ['Stop the node of one pod: `deploy-lab sim fault node-down <node>`.'],
        },
        {
          id: 'never-dark',
          title: 'Users were never without an answer',
          evaluate: (ctx) => {
            if (nodesLost(ctx).size === 0) return { passed: false, message: 'No node has failed yet.' };
            const dark = darkSeconds(ctx);
            return dark.length === 0
              ? {
                  passed: true,
                  message: `Every second some requests succeeded (${failedRequests(ctx.requests).length} failed in all, sent to the lost pods before NotReady).`,
                }
              : {
                  passed: false,
                  message: `For ${dark.length * (WINDOW_MS / 1000)} s after the node stopped no request succeeded: all the replicas were on that node.`,
                };
          },
          hints: ['Replicas must be on more than one node: check the NODE column before stopping one.'],
        },
        {
          id: 'back-to-3',
          title: 'Back to 3 ready replicas on healthy nodes',
          evaluate: (ctx) => replacedElsewhere(ctx, 3),
          hints: ['Wait for the eviction (300 s after NotReady).'],
        },
      ],
      solution: [
        { do: 'apply', manifest: 'web-ha.yaml' },
        {
          do: 'waitUntil',
          what: '3 replicas are ready',
          until: (ctx) => {
            const d = named(ctx.objects('deployments'), 'web');
            return specReplicas(d) === 3 && readyReplicas(d) === 3;
          },
          timeoutSeconds: 120,
        },
        { do: 'stopNodeOf', selector: APP },
        {
          do: 'waitUntil',
          what: 'the lost pods are replaced',
          until: (ctx) => replacedElsewhere(ctx, 3).passed,
          timeoutSeconds: 900,
        },
      ],
      settleSeconds: 300,
      explanation:
        'The same 40 s + 300 s passed, but the replicas on healthy nodes answered throughout. The failed requests went to the lost pod in the 40 s before the node was declared NotReady; a client retry (or a shorter node-monitor grace period) covers that. Spread plus replicas is what makes a node failure invisible.',
    },
  ],
};
