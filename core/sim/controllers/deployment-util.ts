/**
 * Pure helpers from pkg/controller/deployment/util/deployment_util.go (v1.32).
 */
import { fnv32a, safeEncodeString } from '../rng/seeded-rng.js';
import type { Condition, Deployment, DeploymentStatus, IntOrString, PodTemplateSpec, ReplicaSet } from '../store/kube-types.js';
import { canonicalJson, deepEqual } from './pod-util.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** annotationsToSkip: never copied from the Deployment to its ReplicaSets. */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

/** intstr.GetScaledValueFromIntOrPercent */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = v.match(/^(\d+)%$/);
  if (!m) {
    const n = Number(v);
    return Number.isFinite(n) ? n : 0;
  }
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: surge rounds up, unavailable rounds down; both 0 -> unavailable 1. */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

export function replicasOf(d: Deployment | ReplicaSet): number {
  return d.spec.replicas ?? 1;
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const u = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable;
  return Math.min(u, replicas);
}

/** controller.ComputeHash: FNV-32a of the template (canonical JSON here, Go's spew dump upstream) + collisionCount. */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let s = canonicalJson(template);
  if (collisionCount !== undefined && collisionCount !== 0) s += `#${collisionCount}`;
  return safeEncodeString(String(fnv32a(s)));
}

function withoutHash(t: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
}

/**
 * Answers by template pair. Templates come from the store, which never changes an object it handed
 * out (a status write keeps the spec object), and the Deployment controller asks about the same
 * pairs on every sync: thousands of times in a large rollout.
 */
const equalIgnoreHashMemo = new WeakMap<PodTemplateSpec, WeakMap<PodTemplateSpec, boolean>>();

/** EqualIgnoreHash */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  let byB = equalIgnoreHashMemo.get(a);
  if (!byB) equalIgnoreHashMemo.set(a, (byB = new WeakMap()));
  let same = byB.get(b);
  if (same === undefined) byB.set(b, (same = deepEqual(withoutHash(a), withoutHash(b))));
  return same;
}

export function revisionOf(rs: ReplicaSet): number {
  const v = Number(rs.metadata.annotations?.[REVISION] ?? '0');
  return Number.isFinite(v) ? v : 0;
}

export function maxRevision(rss: ReplicaSet[]): number {
  let m = 0;
  for (const rs of rss) m = Math.max(m, revisionOf(rs));
  return m;
}

export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

export function sumSpec(rss: ReplicaSet[]): number {
  return rss.reduce((s, r) => s + (r.spec.replicas ?? 0), 0);
}
export function sumStatus(rss: ReplicaSet[]): number {
  return rss.reduce((s, r) => s + (r.status?.replicas ?? 0), 0);
}
export function sumReady(rss: ReplicaSet[]): number {
  return rss.reduce((s, r) => s + (r.status?.readyReplicas ?? 0), 0);
}
export function sumAvailable(rss: ReplicaSet[]): number {
  return rss.reduce((s, r) => s + (r.status?.availableReplicas ?? 0), 0);
}

/** FilterActiveReplicaSets: spec.replicas > 0. */
export function activeRSs(rss: (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((r): r is ReplicaSet => !!r && (r.spec.replicas ?? 0) > 0);
}

/** NewRSNewReplicas */
export function newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRSReplicas: number): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const replicas = replicasOf(d);
  const surge = maxSurge(d);
  const current = sumSpec(allRSs);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return newRSReplicas;
  const scaleUp = Math.min(maxTotal - current, replicas - newRSReplicas);
  return newRSReplicas + scaleUp;
}

/** SetNewReplicaSetAnnotations; returns true when annotations changed. */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k)) continue;
    if (ann[k] !== v) {
      ann[k] = v;
      changed = true;
    }
  }
  const oldRevision = ann[REVISION];
  const oldInt = oldRevision !== undefined ? Number(oldRevision) : 0;
  const newInt = Number(newRevision);
  if (oldInt < newInt) {
    ann[REVISION] = newRevision;
    changed = true;
  }
  // Re-adopting an old RS (rollback): keep its previous revisions for `rollout history`.
  if (oldRevision !== undefined && oldInt < newInt) {
    const hist = ann[REVISION_HISTORY];
    ann[REVISION_HISTORY] = hist ? `${hist},${oldRevision}` : oldRevision;
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let changed = false;
  if (ann[DESIRED_REPLICAS] !== String(desired)) {
    ann[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (ann[MAX_REPLICAS] !== String(max)) {
    ann[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = rs.metadata.annotations ?? {};
  return ann[DESIRED_REPLICAS] !== String(desired) || ann[MAX_REPLICAS] !== String(max);
}

export function getCond(status: DeploymentStatus | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: no-op when status and reason are unchanged; keeps lastTransitionTime when status is unchanged. */
export function setCond(status: DeploymentStatus, c: Condition): void {
  const cur = getCond(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCond(status: DeploymentStatus, type: string): void {
  if (status.conditions) status.conditions = status.conditions.filter((c) => c.type !== type);
}

/** DeploymentComplete */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
}

/** DeploymentProgressing */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}
