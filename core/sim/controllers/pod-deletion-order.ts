/**
 * Which pods a ReplicaSet deletes first when scaling down: getPodsToDelete + ActivePodsWithRanks.Less
 * (pkg/controller/replicaset/replica_set.go, pkg/controller/controller_utils.go).
 * Each pod's sort keys are computed once (timestamps parsed once) instead of inside the comparator.
 */
import { parseTime } from '../clock/virtual-clock.js';
import type { Pod } from '../store/kube-types.js';
import { getCondition, isPodReady } from './pod-util.js';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** log2 bucket used by LogarithmicScaleDown (controller_utils.go). */
function logBucket(ms: number): number {
  return ms <= 0 ? 0 : Math.floor(Math.log2(ms / 1000 + 1));
}

function restarts(p: Pod): number {
  let max = 0;
  for (const c of p.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount);
  return max;
}

interface RankedPod {
  p: Pod;
  assigned: boolean;
  phase: number;
  ready: boolean;
  cost: number;
  /** Ready condition's transition time (ms), undefined when not ready or without one. */
  readyAt: number | undefined;
  restarts: number;
  createdAt: number;
  uid: string;
  // Set on every ranking (they depend on the other pods and on the time):
  /** Related active pods on the same node. */
  rank: number;
  /** logBucket of time since Ready, undefined without a Ready transition time. */
  readyBucket: number | undefined;
  createdBucket: number;
}

/**
 * A pod's sort keys, computed once per pod version: the store hands out a new object for every
 * change, so a rolling update's ~40 scale-down steps over ~1,000 pods parse each pod's timestamps
 * once instead of on every step. Module-private and rewritten (rank, buckets) on each ranking.
 */
const rankedByPod = new WeakMap<Pod, RankedPod>();

function rankPod(p: Pod, rank: number, now: number): RankedPod {
  let r = rankedByPod.get(p);
  if (!r) {
    const ready = isPodReady(p);
    r = {
      p,
      assigned: !!p.spec.nodeName,
      phase: PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0,
      ready,
      cost: Number(p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0,
      readyAt: ready ? parseTime(getCondition(p.status?.conditions, 'Ready')?.lastTransitionTime) : undefined,
      restarts: restarts(p),
      createdAt: parseTime(p.metadata.creationTimestamp ?? undefined) ?? 0,
      uid: p.metadata.uid ?? '',
      rank: 0,
      readyBucket: undefined,
      createdBucket: 0,
    };
    rankedByPod.set(p, r);
  }
  r.rank = rank;
  r.readyBucket = r.readyAt === undefined ? undefined : logBucket(now - r.readyAt);
  r.createdBucket = logBucket(now - r.createdAt);
  return r;
}

/** ActivePodsWithRanks.Less: true when `a` should be deleted before `b`. */
function lessPod(a: RankedPod, b: RankedPod): boolean {
  // 1. unassigned < assigned
  if (a.assigned !== b.assigned) return !a.assigned;
  // 2. PodPending < PodUnknown < PodRunning
  if (a.phase !== b.phase) return a.phase < b.phase;
  // 3. not ready < ready
  if (a.ready !== b.ready) return !a.ready;
  // 4. lower pod-deletion-cost first
  if (a.cost !== b.cost) return a.cost < b.cost;
  // 5. doubled up (higher rank) first
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. ready for less time first (log scale); both are ready or both not by now
  if (a.ready && a.readyBucket !== undefined && b.readyBucket !== undefined && a.readyBucket !== b.readyBucket) return a.readyBucket < b.readyBucket;
  // 7. more restarts first
  if (a.restarts !== b.restarts) return a.restarts > b.restarts;
  // 8. newer first (log scale), uid as the final tie-break
  if (a.createdBucket !== b.createdBucket) return a.createdBucket < b.createdBucket;
  return a.uid < b.uid;
}

/**
 * The `n` least valuable pods. Rank = how many related active pods share the pod's node (more
 * co-located pods -> delete first).
 */
export function podsToDelete(active: Pod[], related: Pod[], n: number, now: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  return rankedPodsToDelete(active, perNode, n, now);
}

/** podsToDelete with the related pods already counted per node. */
export function rankedPodsToDelete(active: Pod[], perNode: ReadonlyMap<string, number>, n: number, now: number): Pod[] {
  // A rolling update asks for ~20 of ~500 pods at a time: keep the n best in a sorted list (one
  // comparison for most pods) instead of sorting all of them. Ties keep input order, as a stable sort.
  const best: RankedPod[] = [];
  if (n <= 0) return [];
  for (const p of active) {
    const r = rankPod(p, p.spec.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0, now);
    if (best.length === n && !lessPod(r, best[n - 1]!)) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lessPod(r, best[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, r);
    if (best.length > n) best.pop();
  }
  return best.map((r) => r.p);
}
