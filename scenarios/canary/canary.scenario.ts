/**
 * Canary by replica ratio: one 2.0 pod beside three 1.0 pods behind one Service takes about a quarter of
 * the requests; then the stable track is rolled to 2.0 and the canary retired. Checks measure the share
 * each version actually served over the last 10 s of traffic.
 */
import { canaryMeta } from './scenario.meta';
import { canaryMachine } from './canary.machine';
import {
  named,
  noFailedRequests,
  readyReplicas,
  rolledOut,
  specReplicas,
  type CheckContext,
  type CheckVerdict,
  type ScenarioDefinition,
} from '../scenario-kit';

const TRAFFIC = { service: 'web', ratePerSecond: 20 };
const WINDOW_MS = 10_000;

/** Share of successful requests answered by 2.0 over the last 10 s. */
function canaryShare(ctx: CheckContext): { share: number; count: number } {
  const recent = ctx.requests.filter((r) => r.t >= ctx.now - WINDOW_MS && r.outcome === 'ok');
  const canary = recent.filter((r) => r.version?.startsWith('2.0')).length;
  return { share: recent.length === 0 ? 0 : canary / recent.length, count: recent.length };
}

function quarterShare(ctx: CheckContext): CheckVerdict {
  const stable = named(ctx.objects('deployments'), 'web-stable');
  const canary = named(ctx.objects('deployments'), 'web-canary');
  const expected = readyReplicas(canary) / Math.max(1, readyReplicas(canary) + readyReplicas(stable));
  const { share, count } = canaryShare(ctx);
  if (count < 100)
    return { passed: false, message: `Only ${count} requests in the last 10 s; waiting for more.` };
  const pct = Math.round(share * 100);
  // 1 canary pod of 4: 25%. 10%..45% leaves room for chance (over 100+ requests, more than 3 standard deviations).
  if (share < 0.1 || share > 0.45) {
    return {
      passed: false,
      message: `${pct}% of the last ${count} requests went to the canary (2.0); with ${readyReplicas(canary)} canary and ${readyReplicas(stable)} stable pods ready that is the expected ${Math.round(expected * 100)}%, but a canary should get about 25%: 1 canary pod beside 3 stable ones.`,
    };
  }
  return {
    passed: true,
    message: `${pct}% of the last ${count} requests went to the canary (1 pod of 4 = 25%).`,
  };
}

export const canaryScenario: ScenarioDefinition = {
  meta: canaryMeta,
  machine: canaryMachine,
  folder: 'canary',
  steps: [
    {
      id: 'canary',
      title: 'Send a quarter of the traffic to a canary',
      text: 'steps/01-canary.md',
      start: { manifests: ['stable.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'canary-ready',
          title: 'Deployment "web-canary" has 1 ready pod of 2.0',
          evaluate: (ctx) => rolledOut(ctx, 'web-canary', 'deploy-lab/pyweb:2.0'),
          hints: ['`kubectl apply -f scenarios/canary/manifests/canary.yaml`'],
        },
        {
          id: 'share',
          title: 'About a quarter of the requests reach the canary',
          evaluate: quarterShare,
          hints: [
            'The share follows the ready pods: 1 canary of 4 in all.',
            '`kubectl get pods -l app=web -L track` lists both tracks.',
          ],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'while the canary joined'),
          hints: ['The canary needs its readiness probe so it joins only when it answers.'],
        },
      ],
      solution: [{ do: 'apply', manifest: 'canary.yaml' }],
      settleSeconds: 120,
      explanation:
        'No special router needed: the Service balances over every ready pod matching app=web, so the replica ratio sets the traffic ratio. The price is granularity (1 of 4 is the smallest step with 4 pods); a mesh or ingress can split by weight instead.',
    },
    {
      id: 'promote',
      title: 'Promote the canary',
      text: 'steps/02-promote.md',
      start: { manifests: ['stable.yaml', 'canary.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'stable-on-2',
          title: 'Deployment "web-stable" runs 2.0',
          evaluate: (ctx) => rolledOut(ctx, 'web-stable', 'deploy-lab/pyweb:2.0'),
          hints: ['`kubectl set image deployment/web-stable web=deploy-lab/pyweb:2.0`'],
        },
        {
          id: 'canary-retired',
          title: 'The canary is scaled to 0',
          evaluate: (ctx) => {
            const c = named(ctx.objects('deployments'), 'web-canary');
            return !c || specReplicas(c) === 0
              ? { passed: true, message: 'The canary track is retired.' }
              : { passed: false, message: `web-canary still asks for ${specReplicas(c)} replica(s).` };
          },
          hints: ['`kubectl scale deployment/web-canary --replicas=0`, after the stable track is on 2.0.'],
        },
        {
          id: 'all-on-2',
          title: 'Every request of the last 10 s was answered by 2.0',
          evaluate: (ctx) => {
            const { share, count } = canaryShare(ctx);
            return count >= 100 && share === 1
              ? { passed: true, message: `All ${count} requests of the last 10 s were answered by 2.0.` }
              : {
                  passed: false,
                  message: `${Math.round(share * 100)}% of the last ${count} requests were answered by 2.0.`,
                };
          },
          hints: ['Wait for the rollout of web-stable to finish.'],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'during the promotion'),
          hints: ['Roll the stable track first; retire the canary last.'],
        },
      ],
      solution: [
        { do: 'setImage', deployment: 'web-stable', container: 'web', image: 'deploy-lab/pyweb:2.0' },
        {
          do: 'waitUntil',
          what: 'web-stable is on 2.0',
          until: (ctx) => rolledOut(ctx, 'web-stable', 'deploy-lab/pyweb:2.0').passed,
          timeoutSeconds: 180,
        },
        { do: 'scale', deployment: 'web-canary', replicas: 0 },
      ],
      settleSeconds: 120,
      explanation:
        'The stable track rolled to 2.0 pod by pod (zero failures thanks to probes and preStop), and the canary was retired last, so capacity never dropped.',
    },
  ],
};
