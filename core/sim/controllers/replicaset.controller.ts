/**
 * ReplicaSet controller: pkg/controller/replicaset/replica_set.go (manageReplicas, getPodsToDelete,
 * calculateStatus) with the pod ranking of pkg/controller/controller_utils.go ActivePodsWithRanks.
 * Reads pods through the store's owner index, so a sync is O(pods of this RS).
 */
import { parseTime } from '../clock/virtual-clock.js';
import { matchesLabels } from '../store/selectors.js';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '../store/kube-types.js';
import { ApiError } from '../store/api-error.js';
import { cloneJson } from '../store/object-store.js';
import { WorkQueue } from './work-queue.js';
import { controllerRef, deepEqual, getCondition, isPodActive, isPodAvailable, isPodReady, nsName, splitNsName } from './pod-util.js';
import type { Controller, SimContext } from './sim-context.js';

const COMPONENT = 'replicaset-controller';
/** replica_set.go BurstReplicas: at most this many creates/deletes per sync. */
const BURST_REPLICAS = 500;

export class ReplicaSetController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unwatch: (() => void)[] = [];

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k));
    this.unwatch.push(
      ctx.store.watch('replicasets', {}, (e) => this.queue.add(nsName(e.object))),
      ctx.store.watch('pods', {}, (e) => {
        const ref = controllerRef(e.object);
        if (ref?.kind === 'ReplicaSet') this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
      }),
    );
  }

  dispose(): void {
    this.unwatch.forEach((u) => u());
    this.queue.dispose();
  }

  private sync(key: string): void {
    const [ns, name] = splitNsName(key);
    const { store, clock } = this.ctx;
    const rs = store.tryGet('replicasets', ns, name);
    if (!rs) return;
    const owned = store.dependentsOf(rs.metadata.uid!, 'pods') as Pod[];
    const pods = owned.filter((p) => controllerRef(p)?.uid === rs.metadata.uid);
    const active = pods.filter(isPodActive);
    let manageDone = true;
    if (!rs.metadata.deletionTimestamp) manageDone = this.manageReplicas(rs, active);
    const fresh = store.tryGet('replicasets', ns, name);
    if (!fresh) return;
    // Re-read only when this sync created or deleted pods.
    const changed = !rs.metadata.deletionTimestamp && active.length !== (rs.spec.replicas ?? 1);
    const activeNow = changed
      ? (store.dependentsOf(rs.metadata.uid!, 'pods') as Pod[]).filter((p) => controllerRef(p)?.uid === rs.metadata.uid && isPodActive(p))
      : active;
    const status = this.calculateStatus(fresh, activeNow);
    if (!deepEqual(status, fresh.status)) store.update('replicasets', { ...fresh, status }, { subresource: 'status' });
    const minReady = fresh.spec.minReadySeconds ?? 0;
    if (minReady > 0 && status.readyReplicas === fresh.spec.replicas && status.availableReplicas !== fresh.spec.replicas) {
      // Requeue when the next pod becomes available (replica_set.go: AddAfter minReadySeconds).
      let soonest = Infinity;
      for (const p of activeNow) {
        const t = parseTime(getCondition(p.status?.conditions, 'Ready')?.lastTransitionTime);
        if (t !== undefined && isPodReady(p)) {
          const at = t + minReady * 1000 + 1;
          if (at > clock.now()) soonest = Math.min(soonest, at);
        }
      }
      this.queue.addAfter(key, (Number.isFinite(soonest) ? soonest : clock.now() + minReady * 1000) - clock.now());
    }
    if (!manageDone) this.queue.add(key);
  }

  /** Returns false when the burst limit left work for another round. */
  private manageReplicas(rs: ReplicaSet, active: Pod[]): boolean {
    const { store, recorder } = this.ctx;
    const want = rs.spec.replicas ?? 1;
    const diff = active.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      for (let i = 0; i < n; i++) {
        const tpl = rs.spec.template;
        const pod: Pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: `${rs.metadata.name}-`,
            namespace: rs.metadata.namespace,
            labels: { ...(tpl.metadata?.labels ?? {}) },
            ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true },
            ],
          },
          spec: cloneJson(tpl.spec),
        };
        try {
          const created = store.create('pods', pod, { owned: true });
          recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
        } catch (e) {
          const msg = e instanceof ApiError ? e.message : String(e);
          recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: ${msg}`, COMPONENT);
          return true;
        }
      }
      return n === -diff;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const related = this.relatedPods(rs);
      for (const p of podsToDelete(active, related, n, this.ctx.clock.now())) {
        try {
          store.delete('pods', p.metadata.namespace, p.metadata.name!);
          recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
        } catch (e) {
          if (!(e instanceof ApiError && e.code === 404)) throw e;
        }
      }
      return n === diff;
    }
    return true;
  }

  /** getIndirectlyRelatedPods: active pods of every RS with the same controlling owner. */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const owner = controllerRef(rs);
    const { store } = this.ctx;
    const rss = owner ? (store.dependentsOf(owner.uid, 'replicasets') as ReplicaSet[]) : [rs];
    const out: Pod[] = [];
    for (const r of rss) for (const p of store.dependentsOf(r.metadata.uid!, 'pods') as Pod[]) if (isPodActive(p)) out.push(p);
    return out;
  }

  private calculateStatus(rs: ReplicaSet, active: Pod[]): ReplicaSetStatus {
    const now = this.ctx.clock.now();
    const tplLabels = rs.spec.template.metadata?.labels ?? {};
    const tplSel = { requirements: Object.entries(tplLabels).map(([key, v]) => ({ key, op: 'in' as const, values: [v] })) };
    let fully = 0;
    let ready = 0;
    let available = 0;
    for (const p of active) {
      if (matchesLabels(tplSel, p.metadata.labels)) fully++;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, rs.spec.minReadySeconds ?? 0, now)) available++;
      }
    }
    const status: ReplicaSetStatus = {
      replicas: active.length,
      fullyLabeledReplicas: fully,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    // Omit zero-valued optional fields, as the apiserver's JSON (omitempty) does.
    if (!status.fullyLabeledReplicas) delete status.fullyLabeledReplicas;
    if (!status.readyReplicas) delete status.readyReplicas;
    if (!status.availableReplicas) delete status.availableReplicas;
    const conds = rs.status?.conditions;
    if (conds?.length) status.conditions = conds;
    return status;
  }
}

/** log2 bucket used by LogarithmicScaleDown (controller_utils.go). */
function logBucket(ms: number): number {
  return ms <= 0 ? 0 : Math.floor(Math.log2(ms / 1000 + 1));
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readyTime(p: Pod): number | undefined {
  return parseTime(getCondition(p.status?.conditions, 'Ready')?.lastTransitionTime);
}

function restarts(p: Pod): number {
  let max = 0;
  for (const c of p.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount);
  return max;
}

/**
 * getPodsToDelete + ActivePodsWithRanks.Less: the `n` least valuable pods. Rank = how many related
 * active pods share the pod's node (more co-located pods -> delete first).
 */
export function podsToDelete(active: Pod[], related: Pod[], n: number, now: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const ranked = active.map((p) => ({ p, rank: p.spec.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0 }));
  ranked.sort((a, b) => (lessPod(a.p, a.rank, b.p, b.rank, now) ? -1 : lessPod(b.p, b.rank, a.p, a.rank, now) ? 1 : 0));
  return ranked.slice(0, n).map((r) => r.p);
}

function lessPod(a: Pod, ra: number, b: Pod, rb: number, now: number): boolean {
  // 1. unassigned < assigned
  const aa = !!a.spec.nodeName;
  const ba = !!b.spec.nodeName;
  if (aa !== ba) return !aa;
  // 2. PodPending < PodUnknown < PodRunning
  const pa = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa < pb;
  // 3. not ready < ready
  const ya = isPodReady(a);
  const yb = isPodReady(b);
  if (ya !== yb) return !ya;
  // 4. lower pod-deletion-cost first
  const ca = Number(a.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0;
  const cb = Number(b.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0;
  if (ca !== cb) return ca < cb;
  // 5. doubled up (higher rank) first
  if (ra !== rb) return ra > rb;
  // 6. ready for less time first (log scale)
  if (ya && yb) {
    const ta = readyTime(a);
    const tb = readyTime(b);
    if (ta !== undefined && tb !== undefined) {
      const la = logBucket(now - ta);
      const lb = logBucket(now - tb);
      if (la !== lb) return la < lb;
    }
  }
  // 7. more restarts first
  const sa = restarts(a);
  const sb = restarts(b);
  if (sa !== sb) return sa > sb;
  // 8. newer first (log scale), uid as the final tie-break
  const ta = parseTime(a.metadata.creationTimestamp ?? undefined) ?? 0;
  const tb = parseTime(b.metadata.creationTimestamp ?? undefined) ?? 0;
  const la = logBucket(now - ta);
  const lb = logBucket(now - tb);
  if (la !== lb) return la < lb;
  return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
}
