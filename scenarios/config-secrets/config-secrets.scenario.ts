/**
 * Configuration and secrets: settings in a ConfigMap and a token in a Secret, read as environment
 * variables; then a setting changes without a rebuild. Checks read how the Deployment references them,
 * when the ConfigMap changed versus when the running pods started, and the latency users measured.
 */
import { configSecretsMeta } from './scenario.meta';
import { configSecretsMachine } from './config-secrets.machine';
import {
  containerImage,
  historyOf,
  named,
  noFailedRequests,
  podIsReady,
  podsMatching,
  rolledOut,
  type CheckContext,
  type CheckVerdict,
  type ScenarioDefinition,
} from '../scenario-kit';

const TRAFFIC = { service: 'web', ratePerSecond: 10 };

interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string }; configMapKeyRef?: { name?: string } };
}
interface ContainerSpec {
  image?: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
}

function webContainer(ctx: CheckContext): ContainerSpec | undefined {
  const d = named(ctx.objects('deployments'), 'web');
  return (d?.spec as { template?: { spec?: { containers?: ContainerSpec[] } } } | undefined)?.template?.spec
    ?.containers?.[0];
}

function readsConfigMap(ctx: CheckContext): CheckVerdict {
  if (!named(ctx.objects('configmaps'), 'web-config'))
    return { passed: false, message: 'There is no ConfigMap "web-config".' };
  const c = webContainer(ctx);
  const viaEnvFrom = c?.envFrom?.some((e) => e.configMapRef?.name === 'web-config');
  const viaKey = c?.env?.some((e) => e.valueFrom?.configMapKeyRef?.name === 'web-config');
  return viaEnvFrom || viaKey
    ? { passed: true, message: 'The "web" container reads its settings from ConfigMap web-config.' }
    : {
        passed: false,
        message:
          'The "web" container does not reference ConfigMap web-config (envFrom.configMapRef or valueFrom.configMapKeyRef).',
      };
}

function tokenFromSecret(ctx: CheckContext): CheckVerdict {
  if (!named(ctx.objects('secrets'), 'web-secret'))
    return { passed: false, message: 'There is no Secret "web-secret".' };
  const env = webContainer(ctx)?.env ?? [];
  const token = env.find((e) => e.name === 'API_TOKEN');
  if (token?.value !== undefined) {
    return {
      passed: false,
      message:
        'API_TOKEN is a literal value in the Deployment: anyone who can read Deployments (or the Git history) sees it. Use valueFrom.secretKeyRef.',
    };
  }
  return token?.valueFrom?.secretKeyRef?.name === 'web-secret'
    ? { passed: true, message: 'API_TOKEN comes from Secret web-secret.' }
    : { passed: false, message: 'The "web" container has no API_TOKEN from Secret web-secret.' };
}

/** When the ConfigMap's EXTRA_LATENCY_MS became 200 during the step. */
function configChangedAt(ctx: CheckContext): number | undefined {
  for (const e of historyOf(ctx, 'configmaps', 'web-config')) {
    if (
      e.type !== 'DELETED' &&
      (e.object.data as Record<string, string> | undefined)?.EXTRA_LATENCY_MS === '200'
    )
      return e.t;
  }
  const atStart = named(ctx.atStart('configmaps'), 'web-config');
  return (atStart?.data as Record<string, string> | undefined)?.EXTRA_LATENCY_MS === '200'
    ? ctx.stepStartedAt
    : undefined;
}

function podsRestarted(ctx: CheckContext): CheckVerdict {
  const changed = configChangedAt(ctx);
  if (changed === undefined)
    return { passed: false, message: 'EXTRA_LATENCY_MS in ConfigMap web-config is not 200 yet.' };
  const pods = podsMatching(ctx, { app: 'web' }).filter((p) => !p.metadata?.deletionTimestamp);
  // A pod is stale if it already ran when the ConfigMap changed: present at the step's start, or added
  // well before the change. Watches of different resources are not ordered against each other, so a
  // pod added within a few seconds of the change counts as started after it.
  const earlyAdds = new Set(
    ctx.timeline
      .filter((e) => e.resource === 'pods' && e.type === 'ADDED' && e.t < changed - 5000)
      .map((e) => e.name),
  );
  const atStart = new Set(ctx.atStart('pods').map((p) => p.metadata?.name));
  const stale = pods.filter((p) => atStart.has(p.metadata?.name) || earlyAdds.has(p.metadata?.name ?? ''));
  if (stale.length > 0) {
    return {
      passed: false,
      message: `The ConfigMap changed, but ${stale.length} running pod(s) started before that: environment variables from a ConfigMap are read when a container starts. Restart them: kubectl rollout restart deployment/web.`,
    };
  }
  const ready = pods.filter(podIsReady).length;
  return ready >= 3
    ? { passed: true, message: `All ${ready} pods started after the change.` }
    : { passed: false, message: `${ready} of 3 restarted pods are ready.` };
}

function slowerNow(ctx: CheckContext): CheckVerdict {
  const recent = ctx.requests
    .filter((r) => r.t >= ctx.now - 10_000 && r.outcome === 'ok')
    .map((r) => r.latencyMs)
    .sort((a, b) => a - b);
  if (recent.length < 20)
    return { passed: false, message: `Only ${recent.length} requests in the last 10 s.` };
  const median = recent[Math.floor(recent.length / 2)] ?? 0;
  return median >= 150
    ? { passed: true, message: `Median latency over the last 10 s: ${median} ms (the new setting is live).` }
    : {
        passed: false,
        message: `Median latency over the last 10 s is ${median} ms: the pods still run with the old setting.`,
      };
}

export const configSecretsScenario: ScenarioDefinition = {
  meta: configSecretsMeta,
  machine: configSecretsMachine,
  folder: 'config-secrets',
  steps: [
    {
      id: 'wire-config',
      title: 'Put settings in a ConfigMap and the token in a Secret',
      text: 'steps/01-wire-config.md',
      start: { manifests: ['web-plain.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'configmap',
          title: 'Settings come from ConfigMap web-config',
          evaluate: readsConfigMap,
          hints: [
            '`kubectl apply -f scenarios/config-secrets/manifests/config.yaml`',
            'Add `envFrom: [{ configMapRef: { name: web-config } }]` to the container (web-configured.yaml has it).',
          ],
        },
        {
          id: 'secret',
          title: 'API_TOKEN comes from Secret web-secret',
          evaluate: tokenFromSecret,
          hints: [
            '`env: [{ name: API_TOKEN, valueFrom: { secretKeyRef: { name: web-secret, key: API_TOKEN } } }]`',
          ],
        },
        {
          id: 'rolled-out',
          title: 'The change is rolled out',
          evaluate: (ctx) => rolledOut(ctx, 'web'),
          hints: ['`kubectl rollout status deployment/web`'],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'while the configuration was wired in'),
          hints: [
            'Create the ConfigMap and Secret before the Deployment refers to them, or new pods cannot start.',
          ],
        },
      ],
      solution: [
        { do: 'apply', manifest: 'config.yaml' },
        { do: 'apply', manifest: 'web-configured.yaml' },
      ],
      settleSeconds: 120,
      explanation:
        'The same image now gets its settings and credentials from the cluster. A Secret is only base64-encoded, not encrypted, but it is a separate object with its own access rules, kept out of the image, the Deployment and the Git history.',
    },
    {
      id: 'change-config',
      title: 'Change the configuration without rebuilding',
      text: 'steps/02-change-config.md',
      start: { manifests: ['config.yaml', 'web-plain.yaml', 'web-configured.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'same-image',
          title: 'The image did not change (no rebuild)',
          evaluate: (ctx) => {
            const before = containerImage(named(ctx.atStart('deployments'), 'web'));
            const now = containerImage(named(ctx.objects('deployments'), 'web'));
            return before === now
              ? { passed: true, message: `Still ${now}: configuration changed without a new image.` }
              : {
                  passed: false,
                  message: `The image changed from ${before ?? '?'} to ${now ?? '?'}; this step changes only configuration.`,
                };
          },
          hints: ['Change the ConfigMap, not the image.'],
        },
        {
          id: 'pods-restarted',
          title: 'The pods were restarted after the ConfigMap changed',
          evaluate: podsRestarted,
          hints: [
            '`kubectl apply -f scenarios/config-secrets/manifests/config-slow.yaml`',
            '`kubectl rollout restart deployment/web`',
          ],
        },
        {
          id: 'slower',
          title: 'Users see the new setting (about 200 ms more per request)',
          evaluate: slowerNow,
          hints: ['The latency follows the pods that started after the change.'],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'during the restart'),
          hints: ['A rollout restart replaces pods gradually; do not delete them all at once.'],
        },
      ],
      solution: [
        { do: 'apply', manifest: 'config-slow.yaml' },
        { do: 'restart', deployment: 'web' },
      ],
      settleSeconds: 180,
      explanation:
        'Changing the ConfigMap alone changed nothing for running containers: environment variables are fixed at container start. `rollout restart` changed only a template annotation, which rolled new pods that read the new value; the image stayed the same. (Files mounted from a ConfigMap do update in place, after a delay, if the app re-reads them.)',
    },
  ],
};
