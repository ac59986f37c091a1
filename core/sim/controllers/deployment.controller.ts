/**
 * Deployment controller: pkg/controller/deployment/{deployment_controller,sync,rolling,recreate,progress}.go
 * (v1.32), translated step by step; arithmetic lives in deployment-util.ts.
 */
import { parseTime, rfc3339 } from '../clock/virtual-clock.js';
import { ApiError } from '../store/api-error.js';
import { cloneJson } from '../store/object-store.js';
import type { Condition, Deployment, DeploymentStatus, Pod, ReplicaSet } from '../store/kube-types.js';
import {
  CHANGE_CAUSE,
  POD_TEMPLATE_HASH,
  REVISION,
  activeRSs,
  byCreation,
  computeHash,
  deploymentComplete,
  deploymentProgressing,
  equalIgnoreHash,
  getCond,
  isRollingUpdate,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  removeCond,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  revisionOf,
  setCond,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sumAvailable,
  sumReady,
  sumSpec,
  sumStatus,
} from './deployment-util.js';
import { controllerRef, deepEqual, nsName, splitNsName } from './pod-util.js';
import type { Controller, SimContext } from './sim-context.js';
import { WorkQueue } from './work-queue.js';

const COMPONENT = 'deployment-controller';

export class DeploymentController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unwatch: (() => void)[] = [];

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k));
    const { store } = ctx;
    this.unwatch.push(
      store.watch('deployments', {}, (e) => this.queue.add(nsName(e.object))),
      store.watch('replicasets', {}, (e) => {
        const ref = controllerRef(e.object);
        if (ref?.kind === 'Deployment') this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
      }),
      // Recreate waits for old pods to disappear (deployment_controller.go deletePod).
      store.watch('pods', {}, (e) => {
        if (e.type !== 'DELETED') return;
        const rsRef = controllerRef(e.object);
        if (rsRef?.kind !== 'ReplicaSet') return;
        const rs = store.tryGet('replicasets', e.object.metadata.namespace, rsRef.name);
        const dRef = rs ? controllerRef(rs) : undefined;
        if (dRef?.kind === 'Deployment') this.queue.add(`${e.object.metadata.namespace}/${dRef.name}`);
      }),
    );
  }

  dispose(): void {
    this.unwatch.forEach((u) => u());
    this.queue.dispose();
  }

  private now(): string {
    return rfc3339(this.ctx.clock.now());
  }

  private cond(type: string, status: Condition['status'], reason: string, message: string): Condition {
    const t = this.now();
    return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
  }

  private event(d: Deployment, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    this.ctx.recorder.record(d, type, reason, message, COMPONENT);
  }

  private ownedRSs(d: Deployment): ReplicaSet[] {
    return (this.ctx.store.dependentsOf(d.metadata.uid!, 'replicasets') as ReplicaSet[]).filter((rs) => controllerRef(rs)?.uid === d.metadata.uid);
  }

  /** Re-read the deployment after a write so the next step sees the current resourceVersion. */
  private reload(d: Deployment): Deployment | undefined {
    return this.ctx.store.tryGet('deployments', d.metadata.namespace, d.metadata.name!);
  }

  sync(key: string): void {
    const [ns, name] = splitNsName(key);
    let d = this.ctx.store.tryGet('deployments', ns, name);
    if (!d) return;
    if (d.metadata.deletionTimestamp) {
      this.syncStatusOnly(d, this.ownedRSs(d));
      return;
    }
    d = this.checkPausedConditions(d);
    const rsList = this.ownedRSs(d);
    if (d.spec.paused) {
      this.syncScaleAndCleanup(d, rsList);
      return;
    }
    if (this.isScalingEvent(d, rsList)) {
      this.syncScaleAndCleanup(d, rsList);
      return;
    }
    if (isRollingUpdate(d)) this.rolloutRolling(d, rsList);
    else this.rolloutRecreate(d, rsList);
  }

  // ---------------------------------------------------------------- new / old RS

  private findNewRS(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
    // FindNewReplicaSet: the oldest RS whose template matches wins (there may be duplicates).
    let oldest: ReplicaSet | undefined;
    for (const rs of rsList) if (equalIgnoreHash(rs.spec.template, d.spec.template) && (!oldest || byCreation(rs, oldest) < 0)) oldest = rs;
    return oldest;
  }

  private getAllReplicaSetsAndSyncRevision(d: Deployment, rsList: ReplicaSet[], createIfNotExisted: boolean): { d: Deployment; newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
    const existing = this.findNewRS(d, rsList);
    const oldRSs = rsList.filter((r) => r !== existing);
    const res = this.getNewReplicaSet(d, existing, oldRSs, createIfNotExisted);
    return { d: res.d, newRS: res.newRS, oldRSs };
  }

  private getNewReplicaSet(d: Deployment, existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): { d: Deployment; newRS?: ReplicaSet } {
    const { store } = this.ctx;
    const newRevision = String(maxRevision(oldRSs) + 1);
    if (existing) {
      const rsCopy: ReplicaSet = cloneJson(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
      const minReadyNeedsUpdate = (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      let rs = existing;
      if (annotationsUpdated || minReadyNeedsUpdate) {
        rsCopy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
        rs = store.update('replicasets', rsCopy, { owned: true });
      }
      const revision = rs.metadata.annotations?.[REVISION] ?? newRevision;
      let cur = d;
      if (cur.metadata.annotations?.[REVISION] !== revision) {
        cur = store.update('deployments', { ...cur, metadata: { ...cur.metadata, annotations: { ...(cur.metadata.annotations ?? {}), [REVISION]: revision } } });
      }
      if (!getCond(cur.status, 'Progressing') && (cur.spec.progressDeadlineSeconds ?? 600) > 0) {
        const status: DeploymentStatus = structuredClone(cur.status ?? {});
        setCond(status, this.cond('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${rs.metadata.name}"`));
        cur = store.update('deployments', { ...cur, status }, { subresource: 'status' });
      }
      return { d: cur, newRS: rs };
    }
    if (!create) return { d };
    const template = structuredClone(d.spec.template);
    const collisionCount = d.status?.collisionCount ?? 0;
    const hash = computeHash(d.spec.template, collisionCount);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    const selector = structuredClone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(template.metadata.labels ?? {}) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, newRS], 0);
    newRS.spec.replicas = replicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);
    let created: ReplicaSet;
    try {
      created = store.create('replicasets', newRS);
    } catch (e) {
      if (e instanceof ApiError && e.code === 409) {
        // A hash collision with a different template: bump collisionCount and retry on the next sync.
        const status: DeploymentStatus = structuredClone(d.status ?? {});
        status.collisionCount = collisionCount + 1;
        const cur = store.update('deployments', { ...d, status }, { subresource: 'status' });
        this.queue.add(nsName(d));
        return { d: cur };
      }
      throw e;
    }
    if (replicas > 0) this.event(d, 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
    let cur = d;
    if (cur.metadata.annotations?.[REVISION] !== newRevision)
      cur = store.update('deployments', { ...cur, metadata: { ...cur.metadata, annotations: { ...(cur.metadata.annotations ?? {}), [REVISION]: newRevision } } });
    if ((cur.spec.progressDeadlineSeconds ?? 600) > 0) {
      const status: DeploymentStatus = structuredClone(cur.status ?? {});
      setCond(status, this.cond('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`));
      cur = store.update('deployments', { ...cur, status }, { subresource: 'status' });
    }
    return { d: cur, newRS: created };
  }

  // ---------------------------------------------------------------- rolling

  private rolloutRolling(d0: Deployment, rsList: ReplicaSet[]): void {
    const { d, newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d0, rsList, true);
    if (!newRS) return;
    let all = [...oldRSs, newRS];
    if (this.reconcileNewReplicaSet(all, newRS, d)) {
      this.syncRolloutStatus(this.reloadRSs(d), d);
      return;
    }
    all = this.reloadRSs(d);
    const fresh = this.findNewRS(d, all)!;
    const olds = all.filter((r) => r !== fresh);
    if (this.reconcileOldReplicaSets(all, activeRSs(olds), fresh, d)) {
      this.syncRolloutStatus(this.reloadRSs(d), d);
      return;
    }
    if (deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(olds, d);
    this.syncRolloutStatus(this.reloadRSs(d), d);
  }

  private reloadRSs(d: Deployment): ReplicaSet[] {
    return this.ownedRSs(d);
  }

  private reconcileNewReplicaSet(all: ReplicaSet[], newRS: ReplicaSet, d: Deployment): boolean {
    const want = replicasOf(d);
    const have = newRS.spec.replicas ?? 0;
    if (have === want) return false;
    if (have > want) return this.scaleAndRecord(newRS, want, d);
    return this.scaleAndRecord(newRS, newRSNewReplicas(d, all, have), d);
  }

  /** rolling.go reconcileOldReplicaSets */
  private reconcileOldReplicaSets(all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): boolean {
    const oldPods = sumSpec(oldRSs);
    if (oldPods === 0) return false;
    const allPods = sumSpec(all);
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    const { rss: cleaned, count: cleanupCount } = this.cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
    const all2 = [...cleaned, newRS];
    const scaledDown = this.scaleDownOldReplicaSetsForRollingUpdate(all2, cleaned, d);
    return cleanupCount + scaledDown > 0;
  }

  private cleanupUnhealthyReplicas(oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): { rss: ReplicaSet[]; count: number } {
    const sorted = [...oldRSs].sort(byCreation);
    let total = 0;
    const out: ReplicaSet[] = [];
    for (const rs of sorted) {
      if (total >= maxCleanup) {
        out.push(rs);
        continue;
      }
      const spec = rs.spec.replicas ?? 0;
      const avail = rs.status?.availableReplicas ?? 0;
      if (spec === 0 || spec === avail) {
        out.push(rs);
        continue;
      }
      const down = Math.min(maxCleanup - total, spec - avail);
      this.scaleAndRecord(rs, spec - down, d);
      total += down;
      out.push(this.ctx.store.tryGet('replicasets', rs.metadata.namespace, rs.metadata.name!) ?? rs);
    }
    return { rss: out, count: total };
  }

  private scaleDownOldReplicaSetsForRollingUpdate(all: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): number {
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const available = sumAvailable(all);
    if (available <= minAvailable) return 0;
    const totalScaleDown = available - minAvailable;
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (total >= totalScaleDown) break;
      const spec = rs.spec.replicas ?? 0;
      if (spec === 0) continue;
      const down = Math.min(spec, totalScaleDown - total);
      this.scaleAndRecord(rs, spec - down, d);
      total += down;
    }
    return total;
  }

  // ---------------------------------------------------------------- recreate

  private rolloutRecreate(d0: Deployment, rsList: ReplicaSet[]): void {
    const all0 = this.getAllReplicaSetsAndSyncRevision(d0, rsList, false);
    const oldRSs = all0.oldRSs;
    let { d, newRS } = all0;
    let scaledDown = false;
    for (const rs of activeRSs(oldRSs)) if (this.scaleAndRecord(rs, 0, d)) scaledDown = true;
    if (scaledDown) {
      this.syncRolloutStatus(this.reloadRSs(d), d);
      return;
    }
    if (this.oldPodsRunning(oldRSs)) {
      this.syncRolloutStatus(this.reloadRSs(d), d);
      return;
    }
    if (!newRS) {
      const res = this.getNewReplicaSet(d, undefined, oldRSs, true);
      d = res.d;
      newRS = res.newRS;
    }
    if (newRS) this.scaleAndRecord(newRS, replicasOf(d), d);
    if (deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(oldRSs, d);
    this.syncRolloutStatus(this.reloadRSs(d), d);
  }

  /** recreate.go oldPodsRunning: any pod of an old RS that is not Succeeded/Failed (terminating ones count). */
  private oldPodsRunning(oldRSs: ReplicaSet[]): boolean {
    for (const rs of oldRSs) {
      if ((rs.status?.replicas ?? 0) > 0) return true;
      for (const p of this.ctx.store.dependentsOf(rs.metadata.uid!, 'pods') as Pod[]) {
        const phase = p.status?.phase;
        if (phase !== 'Succeeded' && phase !== 'Failed') return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- scaling (sync.go)

  private isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    const newRS = this.findNewRS(d, rsList);
    const old = rsList.filter((r) => r !== newRS);
    for (const rs of activeRSs([...old, newRS])) {
      const desired = rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'];
      if (desired === undefined) continue;
      if (Number(desired) !== replicasOf(d)) return true;
    }
    return false;
  }

  private syncScaleAndCleanup(d0: Deployment, rsList: ReplicaSet[]): void {
    const { d, newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d0, rsList, false);
    this.scale(d, newRS, oldRSs);
    const all = this.reloadRSs(d);
    const fresh = this.findNewRS(d, all);
    const olds = all.filter((r) => r !== fresh);
    if (d.spec.paused) this.cleanupDeployment(olds, d);
    this.syncDeploymentStatus(all, fresh, d);
  }

  /** sync.go scale: proportional scaling across all active RSs during a rollout. */
  private scale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
    const want = replicasOf(d);
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if ((activeOrLatest.spec.replicas ?? 0) === want) return;
      this.scaleAndRecord(activeOrLatest, want, d);
      return;
    }
    if (newRS && isSaturated(d, newRS)) {
      for (const old of activeRSs(oldRSs)) this.scaleAndRecord(old, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = activeRSs([...oldRSs, newRS]);
    const allReplicas = sumSpec(all);
    const allowed = want > 0 ? want + maxSurge(d) : 0;
    const toAdd = allowed - allReplicas;
    let op: 'up' | 'down' = 'up';
    if (toAdd > 0) {
      // ReplicaSetsBySizeNewer: larger first, newer first on ties.
      all.sort((a, b) => (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0) || -byCreation(a, b));
    } else if (toAdd < 0) {
      // ReplicaSetsBySizeOlder: larger first, older first on ties.
      all.sort((a, b) => (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0) || byCreation(a, b));
      op = 'down';
    }
    let added = 0;
    const size = new Map<ReplicaSet, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = getProportion(rs, d, toAdd, added);
        size.set(rs, (rs.spec.replicas ?? 0) + p);
        added += p;
      } else size.set(rs, rs.spec.replicas ?? 0);
    }
    if (toAdd !== 0 && toAdd !== added && all.length > 0) {
      const first = all[0]!;
      size.set(first, Math.max(0, size.get(first)! + (toAdd - added)));
    }
    for (const rs of all) this.scaleReplicaSet(rs, size.get(rs)!, d, op);
  }

  private scaleAndRecord(rs: ReplicaSet, newScale: number, d: Deployment): boolean {
    const cur = rs.spec.replicas ?? 0;
    if (cur === newScale) return false;
    return this.scaleReplicaSet(rs, newScale, d, newScale > cur ? 'up' : 'down');
  }

  private scaleReplicaSet(rs0: ReplicaSet, newScale: number, d: Deployment, op: 'up' | 'down'): boolean {
    const rs = this.ctx.store.tryGet('replicasets', rs0.metadata.namespace, rs0.metadata.name!) ?? rs0;
    const from = rs.spec.replicas ?? 0;
    const sizeNeedsUpdate = from !== newScale;
    const annNeedsUpdate = replicasAnnotationsNeedUpdate(rs, replicasOf(d), replicasOf(d) + maxSurge(d));
    if (!sizeNeedsUpdate && !annNeedsUpdate) return false;
    const copy: ReplicaSet = cloneJson(rs);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, replicasOf(d), replicasOf(d) + maxSurge(d));
    this.ctx.store.update('replicasets', copy, { owned: true });
    if (sizeNeedsUpdate) this.event(d, 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${from} to ${newScale}`);
    return sizeNeedsUpdate;
  }

  // ---------------------------------------------------------------- cleanup & status

  /** sync.go cleanupDeployment */
  private cleanupDeployment(oldRSs: ReplicaSet[], d: Deployment): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const alive = oldRSs.filter((r) => !r.metadata.deletionTimestamp);
    const diff = alive.length - limit;
    if (diff <= 0) return;
    alive.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const rs = this.ctx.store.tryGet('replicasets', alive[i]!.metadata.namespace, alive[i]!.metadata.name!);
      if (!rs) continue;
      if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec.replicas ?? 0) !== 0 || (rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
      this.ctx.store.delete('replicasets', rs.metadata.namespace, rs.metadata.name!);
    }
  }

  private calculateStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment): DeploymentStatus {
    const available = sumAvailable(all);
    const total = sumSpec(all);
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sumStatus(all),
      updatedReplicas: newRS ? sumStatus([newRS]) : 0,
      readyReplicas: sumReady(all),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      conditions: structuredClone(d.status?.conditions ?? []),
    };
    if (d.status?.collisionCount) status.collisionCount = d.status.collisionCount;
    if (available >= replicasOf(d) - maxUnavailable(d))
      setCond(status, this.cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'));
    else setCond(status, this.cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
    return status;
  }

  private writeStatus(d: Deployment, status: DeploymentStatus): void {
    const cur = this.reload(d);
    if (!cur) return;
    // Drop zero counters like the apiserver's omitempty JSON.
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) if (!status[k]) delete status[k];
    if (deepEqual(cur.status, status)) return;
    this.ctx.store.update('deployments', { ...cur, status }, { subresource: 'status' });
  }

  private syncDeploymentStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment): void {
    const cur = this.reload(d) ?? d;
    this.writeStatus(cur, this.calculateStatus(all, newRS, cur));
  }

  private syncStatusOnly(d: Deployment, rsList: ReplicaSet[]): void {
    const newRS = this.findNewRS(d, rsList);
    this.syncDeploymentStatus(rsList, newRS, d);
  }

  /** progress.go syncRolloutStatus */
  private syncRolloutStatus(all: ReplicaSet[], d0: Deployment): void {
    const d = this.reload(d0) ?? d0;
    const newRS = this.findNewRS(d, all);
    const s = this.calculateStatus(all, newRS, d);
    const deadline = d.spec.progressDeadlineSeconds ?? 600;
    const hasDeadline = deadline > 0 && deadline !== 2147483647;
    if (!hasDeadline) removeCond(s, 'Progressing');
    const current = getCond(d.status, 'Progressing');
    const isComplete = (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && current?.reason === 'NewReplicaSetAvailable';
    if (hasDeadline && !isComplete) {
      if (deploymentComplete(d, s)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCond(s, this.cond('Progressing', 'True', 'NewReplicaSetAvailable', msg));
      } else if (deploymentProgressing(d, s)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        const c = this.cond('Progressing', 'True', 'ReplicaSetUpdated', msg);
        // Update everything but lastTransitionTime when Progressing is already True.
        if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
        removeCond(s, 'Progressing');
        setCond(s, c);
      } else if (this.timedOut(d, s)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCond(s, this.cond('Progressing', 'False', 'ProgressDeadlineExceeded', msg));
      }
    }
    this.writeStatus(d, s);
    // requeueStuckDeployment: check again when the deadline would pass.
    const after = this.reload(d);
    if (after && hasDeadline) {
      const c = getCond(after.status, 'Progressing');
      if (c && c.status === 'True' && c.reason !== 'NewReplicaSetAvailable' && !deploymentComplete(after, after.status ?? {})) {
        const from = parseTime(c.lastUpdateTime) ?? this.ctx.clock.now();
        const at = from + deadline * 1000 + 1000;
        this.queue.addAfter(nsName(after), Math.max(0, at - this.ctx.clock.now()));
      }
    }
  }

  private timedOut(d: Deployment, s: DeploymentStatus): boolean {
    const c = getCond(s, 'Progressing');
    if (!c) return false;
    if (c.reason === 'NewReplicaSetAvailable') return false;
    if (c.reason === 'ProgressDeadlineExceeded') return true;
    const from = parseTime(c.lastUpdateTime);
    if (from === undefined) return false;
    return from + (d.spec.progressDeadlineSeconds ?? 600) * 1000 < this.ctx.clock.now();
  }

  /** sync.go checkPausedConditions */
  private checkPausedConditions(d: Deployment): Deployment {
    if ((d.spec.progressDeadlineSeconds ?? 600) <= 0) return d;
    const c = getCond(d.status, 'Progressing');
    if (c?.reason === 'ProgressDeadlineExceeded') return d;
    const pausedExists = c?.reason === 'DeploymentPaused';
    // Most syncs change nothing here: copy the status only when a condition is set.
    if (!!d.spec.paused === pausedExists) return d;
    const status: DeploymentStatus = cloneJson(d.status ?? {});
    if (d.spec.paused) setCond(status, this.cond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused'));
    else setCond(status, this.cond('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed'));
    return this.ctx.store.update('deployments', { ...d, status }, { subresource: 'status' });
  }
}

/** FindActiveOrLatest */
function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => -byCreation(a, b));
  const all = activeRSs([...sortedOld, newRS]);
  if (all.length === 0) return newRS ?? sortedOld[0];
  if (all.length === 1) return all[0];
  return undefined;
}

/** IsSaturated */
function isSaturated(d: Deployment, rs: ReplicaSet): boolean {
  const desired = Number(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] ?? NaN);
  return (rs.spec.replicas ?? 0) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/** GetProportion / getReplicaSetFraction */
function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if ((rs.spec.replicas ?? 0) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = rs.spec.replicas ?? 0;
  if (replicasOf(d) === 0) return -replicas;
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const ann = rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'];
  const annotated = ann !== undefined ? Number(ann) : (d.status?.replicas ?? 0);
  if (!annotated) return 0;
  // Go's math.Round rounds half away from zero.
  const x = (replicas * deploymentReplicas) / annotated;
  return Math.sign(x) * Math.round(Math.abs(x)) - replicas;
}

export { CHANGE_CAUSE };
