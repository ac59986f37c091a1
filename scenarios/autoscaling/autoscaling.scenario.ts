/**
 * Scaling: by hand, then a HorizontalPodAutoscaler under generated load scales out, and back in only
 * after the 5-minute downscale stabilization window (sped up on the embedded cluster). Checks read the
 * Deployment's replica history and when the load changed.
 */
import { autoscalingMeta } from './scenario.meta';
import { autoscalingMachine } from './autoscaling.machine';
import {
  historyOf,
  named,
  readyReplicas,
  rolledOut,
  specReplicas,
  valuesOver,
  type CheckContext,
  type CheckVerdict,
  type ScenarioDefinition,
} from '../scenario-kit';

const STABILIZATION_MS = 300_000;

function hpaManagesWeb(ctx: CheckContext): CheckVerdict {
  if (historyOf(ctx, 'horizontalpodautoscalers', 'web').some((e) => e.type === 'DELETED')) {
    return {
      passed: false,
      message:
        'The HorizontalPodAutoscaler "web" was deleted: scaling by hand is not autoscaling. Reset the step.',
    };
  }
  const hpa = named(ctx.objects('horizontalpodautoscalers'), 'web');
  if (!hpa) return { passed: false, message: 'There is no HorizontalPodAutoscaler "web".' };
  const target = (hpa.spec?.scaleTargetRef ?? {}) as { kind?: string; name?: string };
  return target.kind === 'Deployment' && target.name === 'web'
    ? {
        passed: true,
        message: `HPA "web" manages Deployment web (${String(hpa.spec?.minReplicas)} to ${String(hpa.spec?.maxReplicas)} replicas).`,
      }
    : {
        passed: false,
        message: `HPA "web" targets ${target.kind ?? '?'}/${target.name ?? '?'}, not Deployment/web.`,
      };
}

/** Requests per second over the last 10 s of the step. */
function recentRate(ctx: CheckContext): number {
  return ctx.requests.filter((r) => r.t >= ctx.now - 10_000).length / 10;
}

function scaledOut(ctx: CheckContext): CheckVerdict {
  const values = valuesOver(ctx, 'deployments', 'web', (o) => specReplicas(o));
  const start = values[0] ?? 0;
  const peak = Math.max(...values);
  const d = named(ctx.objects('deployments'), 'web');
  if (peak <= start)
    return {
      passed: false,
      message: `Deployment "web" has stayed at ${start} replicas; the HPA has not scaled out (yet).`,
    };
  if (readyReplicas(d) < specReplicas(d))
    return { passed: false, message: `Scaled out to ${specReplicas(d)}; ${readyReplicas(d)} ready so far.` };
  return { passed: true, message: `The HPA scaled "web" from ${start} to ${peak} replicas under load.` };
}

function scaledInAfterWindow(ctx: CheckContext): CheckVerdict {
  let previous = specReplicas(named(ctx.atStart('deployments'), 'web'));
  let firstDrop: number | undefined;
  for (const e of historyOf(ctx, 'deployments', 'web')) {
    const now = specReplicas(e.object);
    if (e.type !== 'DELETED' && now < previous && firstDrop === undefined) firstDrop = e.t;
    previous = now;
  }
  const d = named(ctx.objects('deployments'), 'web');
  const min = Number(named(ctx.objects('horizontalpodautoscalers'), 'web')?.spec?.minReplicas ?? 2);
  if (firstDrop === undefined)
    return {
      passed: false,
      message: `Still at ${specReplicas(d)} replicas: the HPA waits out its 5-minute stabilization window before scaling in.`,
    };
  const waited = firstDrop - ctx.stepStartedAt;
  if (waited < STABILIZATION_MS - 15_000) {
    return {
      passed: false,
      message: `Replicas dropped ${Math.round(waited / 1000)} s after the load fell, before the 300 s window: that was not the HPA.`,
    };
  }
  if (specReplicas(d) > min || readyReplicas(d) < min)
    return { passed: false, message: `Scaling in: ${specReplicas(d)} replicas, heading for ${min}.` };
  return {
    passed: true,
    message: `The HPA scaled in ${Math.round(waited / 1000)} s after the load fell (window 300 s), down to ${min}.`,
  };
}

export const autoscalingScenario: ScenarioDefinition = {
  meta: autoscalingMeta,
  machine: autoscalingMachine,
  folder: 'autoscaling',
  steps: [
    {
      id: 'by-hand',
      title: 'Scale by hand',
      text: 'steps/01-by-hand.md',
      start: { manifests: ['web.yaml'], traffic: { service: 'web', ratePerSecond: 10 } },
      checks: [
        {
          id: 'four-ready',
          title: 'Deployment "web" has 4 ready replicas',
          evaluate: (ctx) => {
            const d = named(ctx.objects('deployments'), 'web');
            return specReplicas(d) !== 4
              ? { passed: false, message: `Deployment "web" asks for ${specReplicas(d)} replicas, not 4.` }
              : rolledOut(ctx, 'web');
          },
          hints: ['`kubectl scale deployment/web --replicas=4`'],
        },
      ],
      solution: [{ do: 'scale', deployment: 'web', replicas: 4 }],
      settleSeconds: 120,
      explanation:
        'kubectl scale changed spec.replicas and the ReplicaSet created 2 pods. Right for a planned change; a person in the loop for every load change is not.',
    },
    {
      id: 'hpa-out',
      title: 'Let a HorizontalPodAutoscaler scale out under load',
      text: 'steps/02-hpa-out.md',
      start: { manifests: ['web.yaml'], traffic: { service: 'web', ratePerSecond: 10 } },
      checks: [
        {
          id: 'hpa',
          title: 'An HPA manages Deployment "web"',
          evaluate: hpaManagesWeb,
          hints: ['`kubectl apply -f scenarios/autoscaling/manifests/hpa.yaml`'],
        },
        {
          id: 'load',
          title: 'Load is high (at least 50 requests per second)',
          evaluate: (ctx) => {
            const rate = recentRate(ctx);
            return rate >= 50
              ? { passed: true, message: `${rate.toFixed(0)} requests per second.` }
              : {
                  passed: false,
                  message: `Only ${rate.toFixed(0)} requests per second over the last 10 s; raise the load to 80.`,
                };
          },
          hints: ['`deploy-lab sim traffic start web --rate 80`'],
        },
        {
          id: 'scaled-out',
          title: 'The HPA added replicas and they are ready',
          evaluate: scaledOut,
          hints: ['`kubectl get hpa web` shows current vs target utilization; it acts every 15 s.'],
        },
      ],
      solution: [
        { do: 'apply', manifest: 'hpa.yaml' },
        { do: 'traffic', service: 'web', ratePerSecond: 80 },
      ],
      settleSeconds: 300,
      explanation:
        'At 80 requests per second each pod used several times its 50m request. The HPA computed ceil(current x usage / 50%), limited each 15 s step to doubling (or +4 pods), and stopped at maxReplicas 8.',
    },
    {
      id: 'hpa-in',
      title: 'Load drops: watch it scale back in',
      text: 'steps/03-hpa-in.md',
      start: {
        manifests: ['web.yaml', 'hpa.yaml'],
        actions: [
          { do: 'traffic', service: 'web', ratePerSecond: 80 },
          {
            do: 'waitUntil',
            what: 'the HPA scaled out',
            until: (ctx) => specReplicas(named(ctx.objects('deployments'), 'web')) > 4,
            timeoutSeconds: 300,
          },
        ],
      },
      checks: [
        {
          id: 'hpa',
          title: 'The HPA still manages "web"',
          evaluate: hpaManagesWeb,
          hints: ['Leave the HPA in place; it owns spec.replicas now.'],
        },
        {
          id: 'scaled-in',
          title: 'Replicas went back to the minimum, after the stabilization window',
          evaluate: scaledInAfterWindow,
          hints: [
            'Lower the load: `deploy-lab sim traffic start web --rate 5` (after `traffic stop`).',
            'Then wait 5 minutes (speed the clock up).',
          ],
        },
      ],
      solution: [{ do: 'traffic', service: 'web', ratePerSecond: 5 }],
      settleSeconds: 900,
      explanation:
        'Usage fell at once, but the HPA scaled in only after its 5-minute downscale stabilization window: it uses the highest recommendation of the last 300 s, so brief dips do not remove capacity. Scale-up has no window by default, which is why capacity arrives fast and leaves slowly.',
    },
  ],
};
