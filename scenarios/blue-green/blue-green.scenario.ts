/**
 * Blue-green: green runs beside blue, is tested on its own Service, the live Service's selector
 * switches (traffic flips at once), switches back as a rollback, and blue is scaled down last. Checks
 * read the selector's history, the Deployments' readiness at the moment of each switch, and the
 * version that answered every request.
 */
import { blueGreenMeta } from './scenario.meta';
import { blueGreenMachine } from './blue-green.machine';
import {
  historyOf,
  named,
  noFailedRequests,
  podIsReady,
  readyReplicas,
  rolledOut,
  specReplicas,
  type CheckContext,
  type CheckVerdict,
  type KubeObject,
  type ScenarioDefinition,
} from '../scenario-kit';

const TRAFFIC = { service: 'web', ratePerSecond: 20 };
const VERSION = { blue: '1.0', green: '2.0' } as const;
type Colour = keyof typeof VERSION;
/** kube-proxy applies a Service change about a second late (PROXY_LAG_MS in the simulator, similar on kind). */
const PROXY_GRACE_MS = 2500;

function liveColour(svc: KubeObject | undefined): string | undefined {
  return ((svc?.spec?.selector ?? {}) as Record<string, string>).version;
}

/** When the live Service last switched to `colour` during the step (undefined: it did not). */
function switchedAt(ctx: CheckContext, colour: Colour): number | undefined {
  let previous = liveColour(named(ctx.atStart('services'), 'web'));
  let at: number | undefined;
  for (const e of historyOf(ctx, 'services', 'web')) {
    const now = liveColour(e.object);
    if (now === colour && previous !== colour) at = e.t;
    previous = now;
  }
  return at;
}

/** A Deployment as it was at time t, from the step's history. */
function deploymentAt(ctx: CheckContext, name: string, t: number): KubeObject | undefined {
  let state = named(ctx.atStart('deployments'), name);
  for (const e of historyOf(ctx, 'deployments', name)) {
    if (e.t > t) break;
    state = e.type === 'DELETED' ? undefined : e.object;
  }
  return state;
}

function selectorIs(ctx: CheckContext, colour: Colour): CheckVerdict {
  const svc = named(ctx.objects('services'), 'web');
  const live = liveColour(svc);
  return live === colour
    ? { passed: true, message: `Service "web" selects version=${colour}.` }
    : {
        passed: false,
        message: `Service "web" selects version=${live ?? '(none)'}; it should select version=${colour}.`,
      };
}

function servedBy(ctx: CheckContext, colour: Colour): CheckVerdict {
  const at = switchedAt(ctx, colour);
  if (at === undefined)
    return { passed: false, message: `Service "web" has not been switched to ${colour} during this step.` };
  const after = ctx.requests.filter((r) => r.t >= at + PROXY_GRACE_MS);
  if (after.length < 10)
    return {
      passed: false,
      message: `Only ${after.length} requests since the switch; waiting for more traffic.`,
    };
  const others = after.filter((r) => !r.version?.startsWith(VERSION[colour]));
  return others.length === 0
    ? {
        passed: true,
        message: `All ${after.length} requests since the switch were answered by ${colour} (${VERSION[colour]}).`,
      }
    : {
        passed: false,
        message: `${others.length} of ${after.length} requests since the switch were not answered by ${colour} (${VERSION[colour]}).`,
      };
}

function readyWhenSwitched(ctx: CheckContext, colour: Colour): CheckVerdict {
  const at = switchedAt(ctx, colour);
  if (at === undefined)
    return { passed: false, message: `Service "web" has not been switched to ${colour} during this step.` };
  const d = deploymentAt(ctx, `web-${colour}`, at);
  const ready = readyReplicas(d);
  const want = Math.max(1, specReplicas(d));
  return d && ready >= want
    ? { passed: true, message: `${colour} had ${ready}/${want} ready pods when the selector switched.` }
    : {
        passed: false,
        message: `Service "web" was switched to ${colour} while ${colour} had ${ready}/${want} ready pods: users had nowhere to go.`,
      };
}

export const blueGreenScenario: ScenarioDefinition = {
  meta: blueGreenMeta,
  machine: blueGreenMachine,
  folder: 'blue-green',
  steps: [
    {
      id: 'green-beside-blue',
      title: 'Start green beside blue',
      text: 'steps/01-green-beside-blue.md',
      start: { manifests: ['blue.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'green-ready',
          title: 'Deployment "web-green" has 3 ready pods on 2.0',
          evaluate: (ctx) => rolledOut(ctx, 'web-green', 'deploy-lab/pyweb:2.0'),
          hints: [
            '`kubectl apply -f scenarios/blue-green/manifests/green.yaml`',
            '`kubectl rollout status deployment/web-green`',
          ],
        },
        {
          id: 'preview',
          title: 'Service "web-preview" reaches the green pods',
          evaluate: (ctx) => {
            const svc = named(ctx.objects('services'), 'web-preview');
            if (!svc)
              return { passed: false, message: 'There is no Service "web-preview" to test green on.' };
            const slices = ctx
              .objects('endpointslices')
              .filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === 'web-preview');
            const endpoints = slices.flatMap(
              (s) =>
                (s as { endpoints?: { conditions?: { ready?: boolean }; targetRef?: { name?: string } }[] })
                  .endpoints ?? [],
            );
            const greenPods = new Set(
              ctx
                .objects('pods')
                .filter((p) => p.metadata?.labels?.version === 'green' && podIsReady(p))
                .map((p) => p.metadata?.name),
            );
            const ready = endpoints.filter(
              (e) => e.conditions?.ready !== false && greenPods.has(e.targetRef?.name),
            );
            return ready.length >= 3
              ? { passed: true, message: `web-preview reaches ${ready.length} green pods.` }
              : {
                  passed: false,
                  message: `web-preview reaches ${ready.length} ready green pod(s); it needs 3.`,
                };
          },
          hints: ['green.yaml also declares the Service web-preview (selector version=green).'],
        },
        {
          id: 'users-on-blue',
          title: 'Users stayed on blue the whole step',
          evaluate: (ctx) => {
            const toGreen = switchedAt(ctx, 'green');
            if (toGreen !== undefined) {
              const early = readyWhenSwitched(ctx, 'green');
              const failed = noFailedRequests(ctx, 'during this step');
              return {
                passed: false,
                message:
                  `Service "web" was switched to green during this step; test green on web-preview first and leave "web" on blue. ${early.passed ? '' : early.message} ${failed.passed ? '' : failed.message}`.trim(),
              };
            }
            const notBlue = ctx.requests.filter(
              (r) => r.outcome === 'ok' && !r.version?.startsWith(VERSION.blue),
            );
            if (notBlue.length > 0)
              return {
                passed: false,
                message: `${notBlue.length} user requests were answered by something other than blue.`,
              };
            return noFailedRequests(ctx, 'while green started');
          },
          hints: ['Do not change Service "web" in this step; green gets its own Service.'],
        },
      ],
      solution: [{ do: 'apply', manifest: 'green.yaml' }],
      settleSeconds: 120,
      explanation:
        'Two complete environments now run side by side. Green was reachable on web-preview for testing while every user request still went to blue: the live Service only follows its selector, and that did not change.',
    },
    {
      id: 'switch',
      title: 'Switch the users to green',
      text: 'steps/02-switch.md',
      start: { manifests: ['blue.yaml', 'green.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'selector-green',
          title: 'Service "web" selects green',
          evaluate: (ctx) => selectorIs(ctx, 'green'),
          hints: ['Patch spec.selector of Service web to `{app: web, version: green}`.'],
        },
        {
          id: 'green-was-ready',
          title: 'Green was ready when the selector switched',
          evaluate: (ctx) => readyWhenSwitched(ctx, 'green'),
          hints: ['Wait for `kubectl rollout status deployment/web-green` before switching.'],
        },
        {
          id: 'served-by-green',
          title: 'Every request after the switch was answered by green',
          evaluate: (ctx) => servedBy(ctx, 'green'),
          hints: ['Give it a few seconds: kube-proxy applies the change about a second later.'],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'during the switch'),
          hints: ['Both colours must be running while you switch.'],
        },
      ],
      solution: [{ do: 'setSelector', service: 'web', selector: { app: 'web', version: 'green' } }],
      settleSeconds: 60,
      explanation:
        'The switch is a single change to the Service selector. The endpoints changed from the blue pods to the green pods at once, so the traffic flipped from 1.0 to 2.0 within about a second, without a single failed request, because both sets of pods were ready.',
    },
    {
      id: 'switch-back',
      title: 'Roll back by switching back',
      text: 'steps/03-switch-back.md',
      start: { manifests: ['blue.yaml', 'green.yaml', 'service-green.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'selector-blue',
          title: 'Service "web" selects blue again',
          evaluate: (ctx) => selectorIs(ctx, 'blue'),
          hints: ['Patch the selector back to `{app: web, version: blue}`.'],
        },
        {
          id: 'served-by-blue',
          title: 'Every request after the switch was answered by blue',
          evaluate: (ctx) => servedBy(ctx, 'blue'),
          hints: ['Wait a few seconds after the patch.'],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'during the rollback'),
          hints: ['Blue must still be running (3 replicas) to switch back to it.'],
        },
      ],
      solution: [{ do: 'setSelector', service: 'web', selector: { app: 'web', version: 'blue' } }],
      settleSeconds: 60,
      explanation:
        'Because blue was never torn down, the rollback was the same one-line change in reverse and took effect as fast as the switch. That is what the second environment pays for.',
    },
    {
      id: 'retire-blue',
      title: 'Go to green for good and retire blue',
      text: 'steps/04-retire-blue.md',
      start: { manifests: ['blue.yaml', 'green.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'selector-green',
          title: 'Service "web" selects green',
          evaluate: (ctx) => selectorIs(ctx, 'green'),
          hints: ['Switch the selector to green first.'],
        },
        {
          id: 'blue-scaled-down',
          title: 'Deployment "web-blue" is scaled to 0 (kept for a rollback)',
          evaluate: (ctx) => {
            const blue = named(ctx.objects('deployments'), 'web-blue');
            if (!blue)
              return {
                passed: false,
                message:
                  'Deployment "web-blue" was deleted; keep it at 0 replicas so a rollback stays one scale away.',
              };
            const pods = ctx.objects('pods').filter((p) => p.metadata?.labels?.version === 'blue').length;
            return specReplicas(blue) === 0 && pods === 0
              ? { passed: true, message: 'web-blue is at 0 replicas and its pods are gone.' }
              : {
                  passed: false,
                  message: `web-blue asks for ${specReplicas(blue)} replicas and has ${pods} pod(s) left.`,
                };
          },
          hints: ['`kubectl scale deployment/web-blue --replicas=0`, after the switch.'],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'during the cut-over'),
          hints: [
            'Switch first, then scale blue down: the other order leaves the Service with no endpoints.',
          ],
        },
      ],
      solution: [
        { do: 'setSelector', service: 'web', selector: { app: 'web', version: 'green' } },
        {
          do: 'waitUntil',
          what: 'requests reach green',
          until: (ctx) => servedBy(ctx, 'green').passed,
          timeoutSeconds: 60,
        },
        { do: 'scale', deployment: 'web-blue', replicas: 0 },
      ],
      settleSeconds: 90,
      explanation:
        'Green serves everyone and blue costs nothing at 0 replicas, yet its Deployment and ReplicaSet remain: a rollback is `kubectl scale` plus the selector switch.',
    },
  ],
};
