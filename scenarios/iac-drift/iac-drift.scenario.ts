/**
 * Infrastructure as code and drift: the app is declared in a file; someone changes the cluster by hand;
 * the check lists every difference between the declaration and the live objects; re-applying the file
 * converges. The declared values below mirror manifests/app.yaml (the pack test keeps them in step).
 */
import { iacDriftMeta } from './scenario.meta';
import { iacDriftMachine } from './iac-drift.machine';
import {
  containerImage,
  named,
  noFailedRequests,
  rolledOut,
  specReplicas,
  type CheckContext,
  type CheckVerdict,
  type ScenarioDefinition,
} from '../scenario-kit';

export const DECLARED = {
  replicas: 3,
  image: 'deploy-lab/pyweb:2.0',
  selector: { app: 'web' },
  config: { EXTRA_LATENCY_MS: '0' },
} as const;

/** Every difference between app.yaml and the live objects, in words. */
export function driftOf(ctx: CheckContext): string[] {
  const out: string[] = [];
  const d = named(ctx.objects('deployments'), 'web');
  if (!d) out.push('Deployment web: declared, missing from the cluster');
  else {
    if (specReplicas(d) !== DECLARED.replicas)
      out.push(`Deployment web replicas: declared ${DECLARED.replicas}, live ${specReplicas(d)}`);
    const image = containerImage(d);
    if (image !== DECLARED.image)
      out.push(`Deployment web image: declared ${DECLARED.image}, live ${image ?? 'none'}`);
  }
  const svc = named(ctx.objects('services'), 'web');
  if (!svc) out.push('Service web: declared, missing from the cluster');
  else if (JSON.stringify(svc.spec?.selector ?? {}) !== JSON.stringify(DECLARED.selector)) {
    out.push(
      `Service web selector: declared ${JSON.stringify(DECLARED.selector)}, live ${JSON.stringify(svc.spec?.selector ?? {})}`,
    );
  }
  const cm = named(ctx.objects('configmaps'), 'web-config');
  if (!cm) out.push('ConfigMap web-config: declared, missing from the cluster');
  else {
    const data = (cm.data ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(DECLARED.config))
      if (data[k] !== v)
        out.push(`ConfigMap web-config ${k}: declared "${v}", live "${data[k] ?? '(unset)'}"`);
  }
  return out;
}

function noDrift(ctx: CheckContext): CheckVerdict {
  const drift = driftOf(ctx);
  return drift.length === 0
    ? { passed: true, message: 'The cluster matches app.yaml.' }
    : { passed: false, message: `The cluster differs from app.yaml: ${drift.join('; ')}.` };
}

export const iacDriftScenario: ScenarioDefinition = {
  meta: iacDriftMeta,
  machine: iacDriftMachine,
  folder: 'iac-drift',
  steps: [
    {
      id: 'declare',
      title: 'Declare the app in a file and apply it',
      text: 'steps/01-declare.md',
      start: { manifests: [] },
      checks: [
        {
          id: 'matches',
          title: 'The cluster matches app.yaml',
          evaluate: noDrift,
          hints: ['`kubectl apply -f scenarios/iac-drift/manifests/app.yaml`'],
        },
        {
          id: 'rolled-out',
          title: 'Deployment "web" is rolled out',
          evaluate: (ctx) => rolledOut(ctx, 'web', DECLARED.image),
          hints: ['`kubectl rollout status deployment/web`'],
        },
      ],
      solution: [{ do: 'apply', manifest: 'app.yaml' }],
      settleSeconds: 120,
      explanation:
        'apply created what was missing and will from now on patch what differs: the file, not the history of commands, says what the cluster should be.',
    },
    {
      id: 'drift',
      title: 'Someone changed it by hand: find the drift, re-apply',
      text: 'steps/02-drift.md',
      start: {
        manifests: ['app.yaml'],
        actions: [
          { do: 'scale', deployment: 'web', replicas: 1 },
          { do: 'setImage', deployment: 'web', container: 'web', image: 'deploy-lab/pyweb:1.0' },
          {
            do: 'waitUntil',
            what: 'the hand edits are live',
            until: (ctx) => rolledOut(ctx, 'web', 'deploy-lab/pyweb:1.0').passed,
            timeoutSeconds: 120,
          },
        ],
        traffic: { service: 'web', ratePerSecond: 10 },
      },
      checks: [
        {
          id: 'converged',
          title: 'No drift: the cluster matches app.yaml again',
          evaluate: noDrift,
          hints: [
            '`kubectl diff -f scenarios/iac-drift/manifests/app.yaml` shows what differs.',
            'Re-apply the file rather than fixing each field by hand.',
          ],
        },
        {
          id: 'rolled-out',
          title: 'Deployment "web" is rolled out on the declared image',
          evaluate: (ctx) => rolledOut(ctx, 'web', DECLARED.image),
          hints: ['`kubectl rollout status deployment/web`'],
        },
        {
          id: 'zero-failed',
          title: 'Users did not notice the repair',
          evaluate: (ctx) => noFailedRequests(ctx, 'while the drift was repaired'),
          hints: ['The probes in app.yaml make the re-apply a zero-downtime rollout.'],
        },
      ],
      solution: [{ do: 'apply', manifest: 'app.yaml' }],
      settleSeconds: 180,
      explanation:
        'The hand edits were invisible in version control; diff made them visible, and one apply of the file converged every field at once (replicas and image together), as a rolling update. A GitOps controller runs that diff and apply in a loop.',
    },
  ],
};
