/**
 * ReplicaSet controller: pkg/controller/replicaset/replica_set.go (manageReplicas, getPodsToDelete,
 * calculateStatus); which pods go first on a scale-down is pod-deletion-order.ts.
 * Pod counts per ReplicaSet are kept incrementally from the pod watch, so a sync that creates or
 * deletes nothing is O(1) (with minReadySeconds > 0 availability needs the clock: O(pods) then).
 */
import { parseTime } from '../clock/virtual-clock.js';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '../store/kube-types.js';
import { ApiError } from '../store/api-error.js';
import { cloneJson } from '../store/object-store.js';
import { WorkQueue } from './work-queue.js';
import { rankedPodsToDelete } from './pod-deletion-order.js';
import { ReplicaSetPodIndex } from './replicaset-pod-index.js';
import { controllerRef, deepEqual, getCondition, isPodActive, isPodAvailable, isPodReady, nsName, splitNsName } from './pod-util.js';
import type { Controller, SimContext } from './sim-context.js';

const COMPONENT = 'replicaset-controller';
/** replica_set.go BurstReplicas: at most this many creates/deletes per sync. */
const BURST_REPLICAS = 500;

interface PodFlags {
  rs: string;
  active: boolean;
  ready: boolean;
  labeled: boolean;
}

interface RsCounts {
  active: number;
  ready: number;
  labeled: number;
}

export class ReplicaSetController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unwatch: (() => void)[] = [];
  /** pod uid -> what it contributes to its ReplicaSet's status. */
  private readonly flags = new Map<string, PodFlags>();
  /** ReplicaSet uid -> summed contributions. */
  private readonly counts = new Map<string, RsCounts>();
  private readonly pods = new ReplicaSetPodIndex();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k));
    this.unwatch.push(
      ctx.store.watch('replicasets', {}, (e) => {
        if (e.type === 'DELETED') this.counts.delete(e.object.metadata.uid!);
        this.queue.add(nsName(e.object));
      }),
      ctx.store.watch('pods', {}, (e) => {
        const ref = controllerRef(e.object);
        this.pods.observe(e.object, e.type === 'DELETED');
        this.account(e.object, e.type === 'DELETED', ref?.kind === 'ReplicaSet' ? ref.uid : undefined);
        if (ref?.kind === 'ReplicaSet') this.queue.add(`${e.object.metadata.namespace}/${ref.name}`);
      }),
    );
  }

  private bump(rs: string, f: PodFlags, sign: 1 | -1): void {
    let c = this.counts.get(rs);
    if (!c) this.counts.set(rs, (c = { active: 0, ready: 0, labeled: 0 }));
    if (f.active) c.active += sign;
    if (f.ready) c.ready += sign;
    if (f.labeled) c.labeled += sign;
    if (c.active === 0 && c.ready === 0 && c.labeled === 0) this.counts.delete(rs);
  }

  private account(p: Pod, deleted: boolean, rsUid: string | undefined): void {
    const uid = p.metadata.uid!;
    const prev = this.flags.get(uid);
    if (prev) {
      this.bump(prev.rs, prev, -1);
      this.flags.delete(uid);
    }
    if (deleted || !rsUid) return;
    const active = isPodActive(p);
    let labeled = false;
    if (active) {
      const ref = controllerRef(p)!;
      const rs = this.ctx.store.tryGet('replicasets', p.metadata.namespace, ref.name);
      const want = rs?.spec.template.metadata?.labels ?? {};
      const have = p.metadata.labels ?? {};
      labeled = true;
      for (const k in want) if (have[k] !== want[k]) labeled = false;
    }
    const f: PodFlags = { rs: rsUid, active, ready: active && isPodReady(p), labeled };
    this.flags.set(uid, f);
    this.bump(rsUid, f, 1);
  }

  /** The active pods of an RS: needed only to create, delete or time availability. */
  private activePods(rs: ReplicaSet): Pod[] {
    return this.pods.activePods(rs.metadata.uid!);
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
    const uid = rs.metadata.uid!;
    let manageDone = true;
    if (!rs.metadata.deletionTimestamp && (this.counts.get(uid)?.active ?? 0) !== (rs.spec.replicas ?? 1)) {
      manageDone = this.manageReplicas(rs, this.activePods(rs));
    }
    const fresh = store.tryGet('replicasets', ns, name);
    if (!fresh) return;
    const minReadySeconds = fresh.spec.minReadySeconds ?? 0;
    const activeNow = minReadySeconds > 0 ? this.activePods(fresh) : undefined;
    const status = this.calculateStatus(fresh, this.counts.get(uid) ?? { active: 0, ready: 0, labeled: 0 }, activeNow);
    if (!deepEqual(status, fresh.status)) store.update('replicasets', { ...fresh, status }, { subresource: 'status' });
    const minReady = minReadySeconds;
    if (activeNow && minReady > 0 && status.readyReplicas === fresh.spec.replicas && status.availableReplicas !== fresh.spec.replicas) {
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
      for (const p of rankedPodsToDelete(active, this.relatedPodsPerNode(rs), n, this.ctx.clock.now())) {
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

  /** getIndirectlyRelatedPods, counted per node: active pods of every RS with the same controlling owner. */
  private relatedPodsPerNode(rs: ReplicaSet): Map<string, number> {
    const owner = controllerRef(rs);
    const rss = owner ? this.ctx.store.dependentsOf(owner.uid, 'replicasets') : [rs];
    return this.pods.podsPerNode(rss.map((r) => r.metadata.uid!));
  }

  /** replica_set_utils.go calculateStatus; `active` is given only when minReadySeconds > 0. */
  private calculateStatus(rs: ReplicaSet, counts: RsCounts, active: Pod[] | undefined): ReplicaSetStatus {
    const now = this.ctx.clock.now();
    let available = counts.ready;
    if (active) {
      available = 0;
      for (const p of active) if (isPodAvailable(p, rs.spec.minReadySeconds ?? 0, now)) available++;
    }
    const status: ReplicaSetStatus = {
      replicas: counts.active,
      fullyLabeledReplicas: counts.labeled,
      readyReplicas: counts.ready,
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
