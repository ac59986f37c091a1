/**
 * The changes the lab makes to a cluster, written the way kubectl makes them (same patch types and
 * bodies), so the embedded cluster, kind and any context see the same requests.
 */
import {
  PatchStrategy,
  setHeaderOptions,
  type KubernetesObject,
  type V1Deployment,
} from '@kubernetes/client-node';
import type { KubeConnection } from './kube-connection';
import { toPlain } from './kube-connection';
import { parseManifests } from './manifest-parse';

const FIELD_MANAGER = 'deploy-lab';

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 404;
}

export interface ApplyResult {
  kind: string;
  name: string;
  action: 'created' | 'configured';
}

/** `kubectl apply` for the lab: create what is missing, merge-patch what exists. */
export async function applyManifests(
  connection: KubeConnection,
  text: string,
  options: { source?: string; namespace?: string } = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const object of parseManifests(text, options.source)) {
    const metadata = object.metadata ?? {};
    const spec: KubernetesObject = {
      ...object,
      metadata: { ...metadata, namespace: metadata.namespace ?? options.namespace ?? connection.namespace },
    };
    const header = {
      apiVersion: spec.apiVersion ?? '',
      kind: spec.kind ?? '',
      metadata: { name: metadata.name ?? '', namespace: spec.metadata?.namespace ?? '' },
    };
    let exists = true;
    try {
      await connection.objects.read(header);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      exists = false;
    }
    if (exists) {
      await connection.objects.patch(
        spec,
        undefined,
        undefined,
        FIELD_MANAGER,
        undefined,
        PatchStrategy.MergePatch,
      );
      results.push({ kind: spec.kind ?? '', name: metadata.name ?? '', action: 'configured' });
    } else {
      await connection.objects.create(spec, undefined, undefined, FIELD_MANAGER);
      results.push({ kind: spec.kind ?? '', name: metadata.name ?? '', action: 'created' });
    }
  }
  return results;
}

export async function scaleDeployment(
  connection: KubeConnection,
  namespace: string,
  name: string,
  replicas: number,
) {
  await connection.apps.patchNamespacedDeploymentScale(
    { name, namespace, body: { spec: { replicas } }, fieldManager: FIELD_MANAGER },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

/** `kubectl set image`: a strategic merge patch keyed by container name. */
export async function setImage(
  connection: KubeConnection,
  namespace: string,
  name: string,
  container: string,
  image: string,
) {
  await connection.apps.patchNamespacedDeployment(
    {
      name,
      namespace,
      fieldManager: FIELD_MANAGER,
      body: { spec: { template: { spec: { containers: [{ name: container, image }] } } } },
    },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
}

/** `kubectl rollout pause|resume`. */
export async function setPaused(
  connection: KubeConnection,
  namespace: string,
  name: string,
  paused: boolean,
) {
  await connection.apps.patchNamespacedDeployment(
    { name, namespace, fieldManager: FIELD_MANAGER, body: { spec: { paused: paused ? true : null } } },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
}

export async function deletePod(
  connection: KubeConnection,
  namespace: string,
  name: string,
  gracePeriodSeconds?: number,
) {
  await connection.core.deleteNamespacedPod({
    name,
    namespace,
    ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
  });
}

/** Point a Service at other pods (the blue-green switch). */
export async function setServiceSelector(
  connection: KubeConnection,
  namespace: string,
  name: string,
  selector: Record<string, string>,
) {
  await connection.core.patchNamespacedService(
    {
      name,
      namespace,
      fieldManager: FIELD_MANAGER,
      body: [{ op: 'replace', path: '/spec/selector', value: selector }],
    },
    setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
  );
}

const REVISION = 'deployment.kubernetes.io/revision';

/**
 * `kubectl rollout undo [--to-revision=N]`: find the ReplicaSet of that revision (default: the one
 * before the current), and replace the Deployment's template with its template minus the
 * pod-template-hash label, as kubectl's rollback.go does. The controller then re-adopts that RS.
 */
export async function rollback(
  connection: KubeConnection,
  namespace: string,
  name: string,
  toRevision?: number,
) {
  const deployment = toPlain(
    await connection.apps.readNamespacedDeployment({ name, namespace }),
  ) as V1Deployment;
  if (deployment.spec?.paused) {
    throw new Error(
      `you cannot rollback a paused deployment; resume it first with: kubectl rollout resume deployment/${name}`,
    );
  }
  const selector = Object.entries(deployment.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const sets = toPlain(
    await connection.apps.listNamespacedReplicaSet({ namespace, labelSelector: selector }),
  ).items.filter((rs) => rs.metadata?.ownerReferences?.some((ref) => ref.uid === deployment.metadata?.uid));
  const byRevision = sets
    .map((rs) => ({ rs, revision: Number(rs.metadata?.annotations?.[REVISION] ?? 0) }))
    .sort((a, b) => b.revision - a.revision);
  const current = Number(deployment.metadata?.annotations?.[REVISION] ?? byRevision[0]?.revision ?? 0);
  const target =
    toRevision === undefined || toRevision === 0
      ? byRevision.find((entry) => entry.revision < current)
      : byRevision.find((entry) => entry.revision === toRevision);
  if (!target) {
    throw new Error(
      toRevision
        ? `unable to find specified revision ${toRevision} in history`
        : 'no rollout history found for deployment',
    );
  }
  const template = structuredClone(target.rs.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  await connection.apps.patchNamespacedDeployment(
    {
      name,
      namespace,
      fieldManager: FIELD_MANAGER,
      body: [{ op: 'replace', path: '/spec/template', value: template }],
    },
    setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
  );
  return target.revision;
}
