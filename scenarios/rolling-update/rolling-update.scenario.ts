/**
 * Zero-downtime rolling update: roll out without a readiness probe and graceful shutdown (failed
 * requests are counted), add them, roll out again with zero failed requests. Checks read the step's
 * ReplicaSet history and the traffic ledger, so delete-and-recreate does not pass.
 */
import { rollingUpdateMeta } from './scenario.meta';
import { rollingUpdateMachine } from './rolling-update.machine';
import {
  describeFailures,
  failedRequests,
  named,
  noFailedRequests,
  rolledGradually,
  rolledOut,
  rolloutBounds,
  valuesOver,
  type CheckContext,
  type CheckVerdict,
  type ScenarioDefinition,
} from '../scenario-kit';

const TRAFFIC = { service: 'web', ratePerSecond: 20 };

function container(ctx: CheckContext) {
  const d = named(ctx.objects('deployments'), 'web');
  const spec = d?.spec as
    | {
        template?: {
          spec?: {
            containers?: {
              readinessProbe?: { httpGet?: { path?: string } };
              lifecycle?: { preStop?: unknown };
            }[];
          };
        };
      }
    | undefined;
  return spec?.template?.spec?.containers?.[0];
}

function availableFloor(ctx: CheckContext): CheckVerdict {
  const d = named(ctx.objects('deployments'), 'web');
  const replicas = Number(d?.spec?.replicas ?? 4);
  const { minAvailable } = rolloutBounds(replicas);
  const values = valuesOver(ctx, 'deployments', 'web', (o) => Number(o.status?.availableReplicas ?? 0));
  const low = Math.min(...values);
  return low >= minAvailable
    ? {
        passed: true,
        message: `Available pods never fell below ${low} (the floor is ${replicas} - ${replicas - minAvailable} = ${minAvailable}).`,
      }
    : {
        passed: false,
        message: `Available pods fell to ${low}; with maxUnavailable 25% of ${replicas} the floor is ${minAvailable}.`,
      };
}

export const rollingUpdateScenario: ScenarioDefinition = {
  meta: rollingUpdateMeta,
  machine: rollingUpdateMachine,
  folder: 'rolling-update',
  steps: [
    {
      id: 'rollout-without-probes',
      title: 'Roll out 2.0 the naive way',
      text: 'steps/01-rollout-without-probes.md',
      start: { manifests: ['web-v1.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'on-2.0',
          title: 'Deployment "web" runs 2.0 on every pod',
          evaluate: (ctx) => rolledOut(ctx, 'web', 'deploy-lab/pyweb:2.0'),
          hints: [
            '`kubectl set image deployment/web web=deploy-lab/pyweb:2.0`',
            'Wait for `kubectl rollout status deployment/web`.',
          ],
        },
        {
          id: 'rolling',
          title: 'It was a rolling update (new ReplicaSet up, old one down step by step)',
          evaluate: (ctx) => rolledGradually(ctx, 'web'),
          hints: ['Change the image in place; do not delete the Deployment.'],
        },
        {
          id: 'measured',
          title: 'The synthetic client measured the rollout',
          evaluate: (ctx) => {
            if (ctx.requests.length < 20)
              return { passed: false, message: `Only ${ctx.requests.length} requests were measured so far.` };
            const failed = failedRequests(ctx.requests).length;
            return {
              passed: true,
              message:
                failed > 0
                  ? `${failed} of ${ctx.requests.length} requests failed during this rollout (${describeFailures(ctx.requests)}): users noticed.`
                  : `All ${ctx.requests.length} requests succeeded this time (the pods happened to start fast); the next steps make it certain.`,
            };
          },
          hints: ['The client starts with the step; if you reset, roll out again.'],
        },
      ],
      solution: [{ do: 'setImage', deployment: 'web', container: 'web', image: 'deploy-lab/pyweb:2.0' }],
      settleSeconds: 180,
      explanation:
        'The rollout itself worked: a new ReplicaSet scaled up one pod at a time (maxSurge 1) while the old one scaled down (maxUnavailable 1). But with no readiness probe, each new pod joined the Service as soon as its container started, seconds before gunicorn listened on port 8000, and those requests were refused.',
    },
    {
      id: 'add-probes',
      title: 'Add a readiness probe and a graceful shutdown',
      text: 'steps/02-add-probes.md',
      start: { manifests: ['web-v1.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'readiness-probe',
          title: 'The container has a readiness probe on /ready',
          evaluate: (ctx) => {
            const path = container(ctx)?.readinessProbe?.httpGet?.path;
            return path
              ? { passed: true, message: `Readiness probe: GET ${path}.` }
              : {
                  passed: false,
                  message:
                    'The "web" container has no readiness probe: new pods get traffic before the app listens.',
                };
          },
          hints: [
            'Add `readinessProbe: { httpGet: { path: /ready, port: 8000 } }` to the container, or apply web-probes.yaml.',
          ],
        },
        {
          id: 'pre-stop',
          title: 'The container pauses before shutdown (preStop)',
          evaluate: (ctx) =>
            container(ctx)?.lifecycle?.preStop
              ? { passed: true, message: 'A preStop hook keeps the pod serving while it leaves the Service.' }
              : {
                  passed: false,
                  message:
                    'The "web" container has no preStop hook: it can get SIGTERM while kube-proxy still sends it requests.',
                },
          hints: ['Add `lifecycle: { preStop: { sleep: { seconds: 5 } } }` to the container.'],
        },
        {
          id: 'rolled-out',
          title: 'The change is rolled out',
          evaluate: (ctx) => rolledOut(ctx, 'web'),
          hints: ['`kubectl rollout status deployment/web`'],
        },
      ],
      solution: [{ do: 'apply', manifest: 'web-probes.yaml' }],
      settleSeconds: 180,
      explanation:
        'Changing the pod template (probe and preStop) is itself a rollout. From now on a pod is added to the Service only after /ready answers, and a stopping pod keeps serving for 5 s after it is removed from the endpoints, which covers kube-proxy catching up.',
    },
    {
      id: 'zero-downtime',
      title: 'Roll out 3.0 with zero downtime',
      text: 'steps/03-zero-downtime.md',
      start: { manifests: ['web-probes.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'on-3.0',
          title: 'Deployment "web" runs 3.0 on every pod',
          evaluate: (ctx) => rolledOut(ctx, 'web', 'deploy-lab/pyweb:3.0'),
          hints: ['`kubectl set image deployment/web web=deploy-lab/pyweb:3.0`'],
        },
        {
          id: 'rolling',
          title: 'It was a rolling update (new ReplicaSet up, old one down step by step)',
          evaluate: (ctx) => rolledGradually(ctx, 'web'),
          hints: [
            'Reset the step, then change only the image: `kubectl set image ...` keeps the Deployment and rolls.',
          ],
        },
        {
          id: 'available-floor',
          title: 'Available pods never fell below replicas - maxUnavailable',
          evaluate: availableFloor,
          hints: ['25% of 4 rounds down to 1 unavailable: at least 3 must stay available.'],
        },
        {
          id: 'zero-failed',
          title: 'Not one request failed during the rollout',
          evaluate: (ctx) => noFailedRequests(ctx, 'during the rollout'),
          hints: [
            'Check that the readiness probe and preStop from the previous step are still in the Deployment.',
            'A deleted Deployment takes every pod with it: the Service has no endpoints until new pods are ready.',
          ],
        },
      ],
      solution: [{ do: 'setImage', deployment: 'web', container: 'web', image: 'deploy-lab/pyweb:3.0' }],
      settleSeconds: 180,
      explanation:
        'Zero failed requests: new pods joined the Service only when ready, old pods left it before they stopped, and at least 3 of 4 stayed available throughout (maxUnavailable 25% of 4 = 1, rounded down; maxSurge 25% of 4 = 1, rounded up, so at most 5 pods at once).',
    },
  ],
};
