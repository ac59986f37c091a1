/**
 * Performs a scenario's actions (solutions, mistakes in tests, drill faults) through the ports: objects
 * change only through core/kube operations, faults and traffic through their ports. Every action is
 * logged as the command a person would type, for "show me" and drill timelines.
 */
import { PatchStrategy, setHeaderOptions, type KubernetesObject } from '@kubernetes/client-node';
import { parseManifests } from '../kube/manifest-parse';
import {
  applyManifests,
  deletePod,
  rollback,
  scaleDeployment,
  setImage,
  setServiceSelector,
} from '../kube/kube-operations';
import {
  describeAction,
  labelsMatch,
  type CheckContext,
  type KubeObject,
  type RequestRecord,
  type ScenarioDefinition,
  type SolutionAction,
} from '../../scenarios/scenario-kit';
import type { ScenarioPorts } from './scenario-ports';

export interface CommandLogEntry {
  t: number;
  command: string;
  ok: boolean;
  error?: string;
}

const API_VERSIONS: Record<string, string> = {
  Deployment: 'apps/v1',
  Service: 'v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  ConfigMap: 'v1',
  Secret: 'v1',
};

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 404;
}

export async function deleteObject(ports: ScenarioPorts, kind: string, name: string): Promise<boolean> {
  const { connection, namespace } = ports.cluster;
  try {
    await connection.objects.delete({
      apiVersion: API_VERSIONS[kind] ?? 'v1',
      kind,
      metadata: { name, namespace },
    } as KubernetesObject);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Builds what checks read: live objects, the step's start, its timeline and its requests. */
export async function buildCheckContext(
  ports: ScenarioPorts,
  stepStartedAt: number,
  atStart: Map<string, KubeObject[]>,
): Promise<CheckContext> {
  const { timeline, namespace } = ports.cluster;
  // Exact cluster time: windows like "the last 10 s" must not run ahead of the ledger.
  const now = await ports.clock.sync();
  const requests: RequestRecord[] = await ports.traffic.records(stepStartedAt).catch(() => []);
  return {
    namespace,
    backend: ports.backend,
    objects: (resource) => timeline.list(resource),
    atStart: (resource) => atStart.get(resource) ?? [],
    timeline: timeline.since(stepStartedAt),
    requests,
    stepStartedAt,
    now,
  };
}

/**
 * Polls `until` on cluster time. On the embedded cluster the budget is virtual seconds (sped up); a
 * wall-clock bound keeps a stuck step from hanging a run.
 */
export async function waitUntil(
  ports: ScenarioPorts,
  what: string,
  until: () => Promise<boolean>,
  timeoutSeconds: number,
): Promise<void> {
  const startVirtual = await ports.clock.sync();
  const startWall = ports.realTime.now();
  const speed = Math.max(ports.clock.speed(), 0.001);
  const wallBudget = Math.min((timeoutSeconds * 1000) / speed + 5000, 600_000);
  for (;;) {
    if (await until()) return;
    if (
      ports.clock.now() - startVirtual > timeoutSeconds * 1000 ||
      ports.realTime.now() - startWall > wallBudget
    ) {
      throw new Error(`timed out after ${timeoutSeconds} s waiting until ${what}`);
    }
    if (ports.clock.speed() <= 0) await ports.clock.advance(250);
    await ports.realTime.sleep(20);
  }
}

export interface ActionRunner {
  run(
    definition: ScenarioDefinition,
    actions: readonly SolutionAction[],
    checkContext: () => Promise<CheckContext>,
  ): Promise<void>;
  log(): CommandLogEntry[];
}

export function createActionRunner(ports: ScenarioPorts): ActionRunner {
  const log: CommandLogEntry[] = [];
  const stoppedNodes: string[] = [];
  const { connection, namespace } = ports.cluster;

  async function perform(
    definition: ScenarioDefinition,
    action: SolutionAction,
    checkContext: () => Promise<CheckContext>,
  ) {
    switch (action.do) {
      case 'apply': {
        const text = await ports.readScenarioFile(definition.folder, `manifests/${action.manifest}`);
        await applyManifests(connection, text, {
          source: `${definition.folder}/manifests/${action.manifest}`,
          namespace,
        });
        return;
      }
      case 'setImage':
        return setImage(connection, namespace, action.deployment, action.container, action.image);
      case 'scale':
        return scaleDeployment(connection, namespace, action.deployment, action.replicas);
      case 'deletePod': {
        const pod = ports.cluster.timeline
          .list('pods')
          .find((p) => !p.metadata?.deletionTimestamp && labelsMatch(p.metadata?.labels, action.selector));
        if (!pod?.metadata?.name) throw new Error(`no pod matches ${JSON.stringify(action.selector)}`);
        return deletePod(connection, namespace, pod.metadata.name);
      }
      case 'setSelector':
        return setServiceSelector(connection, namespace, action.service, action.selector);
      case 'rollback':
        await rollback(connection, namespace, action.deployment);
        return;
      case 'restart':
        // What `kubectl rollout restart` sends: a template annotation, so the template hash changes.
        await connection.apps.patchNamespacedDeployment(
          {
            name: action.deployment,
            namespace,
            fieldManager: 'deploy-lab',
            body: {
              spec: {
                template: {
                  metadata: {
                    annotations: {
                      'kubectl.kubernetes.io/restartedAt': new Date(ports.clock.now()).toISOString(),
                    },
                  },
                },
              },
            },
          },
          setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
        );
        return;
      case 'delete':
        await deleteObject(ports, action.kind, action.name);
        return;
      case 'annotate':
        await connection.core.patchNamespacedConfigMap(
          {
            name: action.name,
            namespace,
            fieldManager: 'deploy-lab',
            body: { metadata: { annotations: action.annotations } },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
        return;
      case 'fault':
        return ports.faults.inject(action.fault, action.args);
      case 'traffic':
        // Replaces the lab's client (a new rate), never a learner's own.
        await ports.traffic.stop();
        return ports.traffic.start({
          namespace,
          service: action.service,
          ratePerSecond: action.ratePerSecond,
        });
      case 'stopNodeOf': {
        const pod = ports.cluster.timeline
          .list('pods')
          .find(
            (p) =>
              !p.metadata?.deletionTimestamp &&
              p.spec?.nodeName &&
              labelsMatch(p.metadata?.labels, action.selector),
          );
        const node = pod?.spec?.nodeName;
        if (typeof node !== 'string')
          throw new Error(`no scheduled pod matches ${JSON.stringify(action.selector)}`);
        await ports.faults.inject('nodeDown', [node]);
        stoppedNodes.push(node);
        return;
      }
      case 'drainStoppedNodes':
        for (const node of stoppedNodes) {
          // kubectl cordon: no new pods there; then force-delete what it ran (its kubelet cannot confirm).
          await connection.core.patchNode(
            { name: node, fieldManager: 'deploy-lab', body: { spec: { unschedulable: true } } },
            setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
          );
          for (const pod of ports.cluster.timeline.list('pods')) {
            if (pod.spec?.nodeName === node && pod.metadata?.namespace === namespace && pod.metadata.name) {
              await deletePod(connection, namespace, pod.metadata.name, 0);
            }
          }
        }
        return;
      case 'startNodes':
        return startNotReadyNodes(ports);
      case 'waitUntil':
        return waitUntil(
          ports,
          action.what,
          async () => action.until(await checkContext()),
          action.timeoutSeconds,
        );
    }
  }

  return {
    async run(definition, actions, checkContext) {
      for (const action of actions) {
        const entry: CommandLogEntry = {
          t: ports.clock.now(),
          command: describeAction(action, namespace),
          ok: true,
        };
        log.push(entry);
        try {
          await perform(definition, action, checkContext);
        } catch (err) {
          entry.ok = false;
          entry.error = err instanceof Error ? err.message : String(err);
          throw err;
        }
      }
    },
    log: () => log,
  };
}

/**
 * Brings back every stopped node and uncordons cordoned ones. A stopped node still looks Ready for its
 * first 40 s, so every node gets a node-up (a no-op for a running one).
 */
export async function startNotReadyNodes(ports: ScenarioPorts): Promise<void> {
  for (const node of ports.cluster.timeline.list('nodes')) {
    const name = node.metadata?.name;
    if (!name) continue;
    await ports.faults.inject('nodeUp', [name]);
    if (node.spec?.unschedulable) {
      await ports.cluster.connection.core.patchNode(
        { name, fieldManager: 'deploy-lab', body: { spec: { unschedulable: null } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
    }
  }
}

/** Every object the scenario's manifests declare (kind and name), for reset. */
export async function scenarioObjects(
  ports: ScenarioPorts,
  definition: ScenarioDefinition,
): Promise<{ kind: string; name: string }[]> {
  const files = new Set<string>();
  for (const step of definition.steps) {
    for (const m of step.start.manifests) files.add(m);
    for (const a of step.solution) if (a.do === 'apply') files.add(a.manifest);
  }
  for (const m of definition.drill?.start.manifests ?? []) files.add(m);
  const out = new Map<string, { kind: string; name: string }>();
  for (const file of files) {
    const text = await ports.readScenarioFile(definition.folder, `manifests/${file}`);
    for (const o of parseManifests(text, file)) {
      const kind = o.kind ?? '';
      const name = o.metadata?.name ?? '';
      out.set(`${kind}/${name}`, { kind, name });
    }
  }
  return [...out.values()];
}
