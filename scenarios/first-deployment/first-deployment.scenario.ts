/**
 * First deployment: a Deployment and a Service, self-healing when a pod is deleted, replicas spread
 * over nodes. Checks read the step's history, so deleting and re-creating the Deployment does not
 * count as self-healing.
 */
import { firstDeploymentMeta } from './scenario.meta';
import { firstDeploymentMachine } from './first-deployment.machine';
import {
  historyOf,
  named,
  podIsReady,
  podsMatching,
  rolledOut,
  type CheckContext,
  type CheckVerdict,
  type ScenarioDefinition,
} from '../scenario-kit';

const APP = { app: 'web' };

function serviceEndpoints(ctx: CheckContext, service: string, want: number): CheckVerdict {
  const svc = named(ctx.objects('services'), service);
  if (!svc) return { passed: false, message: `There is no Service named "${service}".` };
  const selector = (svc.spec?.selector ?? {}) as Record<string, string>;
  const slices = ctx
    .objects('endpointslices')
    .filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === service);
  const endpoints = slices.flatMap(
    (s) => (s as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? [],
  );
  const ready = endpoints.filter((e) => e.conditions?.ready !== false).length;
  if (ready < want) {
    const matching = ctx
      .objects('pods')
      .filter((p) => Object.entries(selector).every(([k, v]) => p.metadata?.labels?.[k] === v));
    return {
      passed: false,
      message:
        matching.length === 0
          ? `Service "${service}" selects ${JSON.stringify(selector)}, and no pod has those labels, so it has 0 endpoints.`
          : `Service "${service}" has ${ready} ready endpoint(s); it needs ${want}.`,
    };
  }
  return { passed: true, message: `Service "${service}" sends traffic to ${ready} ready pods.` };
}

export const firstDeploymentScenario: ScenarioDefinition = {
  meta: firstDeploymentMeta,
  machine: firstDeploymentMachine,
  folder: 'first-deployment',
  steps: [
    {
      id: 'deploy',
      title: 'Deploy the app and put a Service in front of it',
      text: 'steps/01-deploy.md',
      start: { manifests: [] },
      checks: [
        {
          id: 'deployment-ready',
          title: 'Deployment "web" has 3 ready pods',
          evaluate: (ctx) => rolledOut(ctx, 'web'),
          hints: [
            'Run `kubectl get deploy web`: does it exist? READY should say 3/3.',
            'Apply the manifest with `kubectl apply -f scenarios/first-deployment/manifests/web.yaml`.',
          ],
        },
        {
          id: 'service-endpoints',
          title: 'Service "web" has the 3 pods as endpoints',
          evaluate: (ctx) => serviceEndpoints(ctx, 'web', 3),
          hints: [
            'A Service finds pods by labels: compare `kubectl get svc web -o yaml` (spec.selector) with `kubectl get pods --show-labels`.',
            'The selector must be `app: web`, the label the pod template carries.',
          ],
        },
      ],
      solution: [{ do: 'apply', manifest: 'web.yaml' }],
      settleSeconds: 120,
      explanation:
        'The Deployment created a ReplicaSet, the ReplicaSet created 3 pods, and the Service picked them up by their `app: web` label as soon as each passed its readiness probe. Nothing points at pods by name: labels and selectors tie it together.',
    },
    {
      id: 'self-healing',
      title: 'Delete a pod and watch it come back',
      text: 'steps/02-self-healing.md',
      start: { manifests: ['web.yaml'], traffic: { service: 'web', ratePerSecond: 10 } },
      checks: [
        {
          id: 'pod-deleted',
          title: 'A pod of "web" was deleted',
          evaluate: (ctx) => {
            const gone = ctx.timeline.filter(
              (e) =>
                e.resource === 'pods' && e.type === 'DELETED' && e.object.metadata?.labels?.app === 'web',
            );
            return gone.length > 0
              ? { passed: true, message: `Pod ${gone[0]?.name} was deleted.` }
              : { passed: false, message: 'No pod of "web" has been deleted during this step yet.' };
          },
          hints: [
            'Delete one pod: `kubectl delete pod <name>`; list them with `kubectl get pods -l app=web`.',
          ],
        },
        {
          id: 'deployment-kept',
          title: 'The Deployment was left alone: the ReplicaSet did the repair',
          evaluate: (ctx) => {
            const deleted = historyOf(ctx, 'deployments', 'web').some((e) => e.type === 'DELETED');
            return deleted
              ? {
                  passed: false,
                  message:
                    'The Deployment "web" was deleted and re-created: that is you repairing it, not the cluster. Delete only a pod.',
                }
              : { passed: true, message: 'The Deployment was not touched.' };
          },
          hints: ['Reset the step and delete only a pod, not the Deployment.'],
        },
        {
          id: 'replaced',
          title: 'A replacement pod is running and "web" is back to 3 ready',
          evaluate: (ctx) => {
            const added = ctx.timeline.filter(
              (e) => e.resource === 'pods' && e.type === 'ADDED' && e.object.metadata?.labels?.app === 'web',
            );
            if (added.length === 0)
              return { passed: false, message: 'No new pod has been created during this step.' };
            const ready = podsMatching(ctx, APP).filter(podIsReady).length;
            if (ready < 3)
              return {
                passed: false,
                message: `Only ${ready} of 3 pods are ready; the replacement is still starting.`,
              };
            return { passed: true, message: `Pod ${added[0]?.name} replaced the deleted one; 3 of 3 ready.` };
          },
          hints: ['Wait a few seconds and watch `kubectl get pods -l app=web -w`.'],
        },
      ],
      solution: [{ do: 'deletePod', selector: APP }],
      settleSeconds: 120,
      explanation:
        'The ReplicaSet controller compares the pods it owns with spec.replicas and creates the difference. It does not know or care why a pod went away: a crash, a deleted node or your kubectl all look the same, and the Service stopped sending requests to the pod as soon as it began terminating.',
    },
    {
      id: 'spread',
      title: 'Run more replicas, spread over the nodes',
      text: 'steps/03-spread.md',
      start: { manifests: ['web.yaml'], traffic: { service: 'web', ratePerSecond: 10 } },
      checks: [
        {
          id: 'four-ready',
          title: 'Deployment "web" has 4 ready pods',
          evaluate: (ctx) => {
            const d = named(ctx.objects('deployments'), 'web');
            const want = Number(d?.spec?.replicas ?? 0);
            if (want < 4)
              return { passed: false, message: `Deployment "web" asks for ${want} replicas; scale it to 4.` };
            return rolledOut(ctx, 'web');
          },
          hints: ['`kubectl scale deployment/web --replicas=4`'],
        },
        {
          id: 'two-nodes',
          title: 'The pods run on at least 2 nodes',
          evaluate: (ctx) => {
            const nodes = new Set(
              podsMatching(ctx, APP)
                .filter(podIsReady)
                .map((p) => String(p.spec?.nodeName ?? '')),
            );
            nodes.delete('');
            return nodes.size >= 2
              ? { passed: true, message: `Ready pods run on ${nodes.size} nodes: ${[...nodes].join(', ')}.` }
              : {
                  passed: false,
                  message: `All ready pods run on ${nodes.size === 0 ? 'no node' : `one node (${[...nodes][0]})`}: a single node failure would take the app down.`,
                };
          },
          hints: [
            'Look at the NODE column of `kubectl get pods -l app=web -o wide`.',
            'With one replica there can only be one node: scale up.',
          ],
        },
      ],
      solution: [{ do: 'scale', deployment: 'web', replicas: 4 }],
      settleSeconds: 120,
      explanation:
        'The scheduler scores nodes and, among other things, prefers nodes that run fewer pods of the same ReplicaSet (the default PodTopologySpread and SelectorSpread scoring). With 4 replicas on 2 workers, losing one node leaves 2 pods serving while replacements start.',
    },
  ],
};
