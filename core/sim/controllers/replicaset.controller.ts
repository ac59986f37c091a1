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
import { CONTROLLER_MANAGER_BURST, CONTROLLER_MANAGER_QPS, KeyedRequests, RateLimitedClient } from './rate-limited-client.js';
import { controllerRef, deepEqual, getCondition, isPodActive, isPodAvailable, isPodReady, nsName, splitNsName } from './pod-util.js';
import type { Controller, SimContext } from './sim-context.js';

const COMPONENT = 'replicaset-controller';
/** replica_set.go BurstReplicas: at most this many creates/deletes per sync. */
const BURST_REPLICAS = 500;
/** controller_utils.go SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH = 1;

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
  /** The controller's API client (20 QPS, burst 30): pod creates and deletes, status, events. */
  private readonly client: RateLimitedClient;
  private readonly requests: KeyedRequests;

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k));
    this.client = new RateLimitedClient(ctx.clock, CONTROLLER_MANAGER_QPS, CONTROLLER_MANAGER_BURST);
    this.requests = new KeyedRequests(this.client, (k) => this.queue.add(k));
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
    // A sync whose requests still wait on the client limit is not over: this event only marks it.
    if (this.requests.busy(key)) return;
    const [ns, name] = splitNsName(key);
    const rs = this.ctx.store.tryGet('replicasets', ns, name);
    if (!rs) return;
    let manageDone = true;
    if (!rs.metadata.deletionTimestamp && (this.counts.get(rs.metadata.uid!)?.active ?? 0) !== (rs.spec.replicas ?? 1)) {
      manageDone = this.manageReplicas(key, rs, this.activePods(rs));
    }
    // Upstream computes and writes the status once the creates and deletes have returned.
    this.requests.afterSent(key, () => this.finishSync(key, manageDone));
  }

  private finishSync(key: string, manageDone: boolean): void {
    const [ns, name] = splitNsName(key);
    const { store, clock } = this.ctx;
    const fresh = store.tryGet('replicasets', ns, name);
    if (!fresh) return;
    const minReadySeconds = fresh.spec.minReadySeconds ?? 0;
    const activeNow = minReadySeconds > 0 ? this.activePods(fresh) : undefined;
    const status = this.statusOf(fresh, activeNow);
    if (!deepEqual(status, fresh.status)) {
      // A request that finds a token runs inside send(), before `waited` is set: it writes the
      // status just computed. One that waited computes it again when it goes.
      let waited = false;
      this.send(key, () => this.writeStatus(key, waited ? undefined : status));
      waited = true;
    }
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

  private statusOf(rs: ReplicaSet, activeNow: Pod[] | undefined): ReplicaSetStatus {
    return this.calculateStatus(rs, this.counts.get(rs.metadata.uid!) ?? { active: 0, ready: 0, labeled: 0 }, activeNow);
  }

  /**
   * The status request, when its turn comes. `computed` is the status of this instant when there
   * was no wait; after one, the status as it is then (the update a retry would send).
   */
  private writeStatus(key: string, computed: ReplicaSetStatus | undefined): void {
    const [ns, name] = splitNsName(key);
    const fresh = this.ctx.store.tryGet('replicasets', ns, name);
    if (!fresh) return;
    const status = computed ?? this.statusOf(fresh, (fresh.spec.minReadySeconds ?? 0) > 0 ? this.activePods(fresh) : undefined);
    if (computed || !deepEqual(status, fresh.status)) this.ctx.store.update('replicasets', { ...fresh, status }, { subresource: 'status' });
  }

  /** One request through the client; an API error fails the sync, which is retried (queue back-off). */
  private send(key: string, op: () => void): void {
    this.requests.send(key, () => {
      try {
        op();
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        this.queue.addAfter(key, 5);
      }
    });
  }

  /** An event is a request on the same client when the recorder writes it (the sink shares it). */
  private record(rs: ReplicaSet, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.ctx.recorder.record(rs, type, reason, message, COMPONENT)) this.client.reserve();
  }

  /**
   * Returns false when the burst limit left work for another round. The creates and deletes go
   * out through the client at its pace; the RS may be gone or replaced by the time one's turn
   * comes (a create is then skipped: upstream's garbage collector would delete that orphan).
   */
  private manageReplicas(key: string, rs: ReplicaSet, active: Pod[]): boolean {
    const { store } = this.ctx;
    const want = rs.spec.replicas ?? 1;
    const diff = active.length - want;
    const uid = rs.metadata.uid!;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      // slowStartBatch: batches of 1, 2, 4, ... creates, each batch sent when the one before has
      // returned (so its requests take their place in the client's line then, behind the events
      // the earlier creates produced); the first failed create ends it.
      let failed = false;
      const create = (): void => {
        const owner = store.tryGet('replicasets', rs.metadata.namespace, rs.metadata.name!);
        if (failed || owner?.metadata.uid !== uid || owner.metadata.deletionTimestamp) return;
        const tpl = owner.spec.template;
        const pod: Pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: `${rs.metadata.name}-`,
            namespace: rs.metadata.namespace,
            labels: { ...(tpl.metadata?.labels ?? {}) },
            ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid, controller: true, blockOwnerDeletion: true }],
          },
          spec: cloneJson(tpl.spec),
        };
        try {
          const created = store.create('pods', pod, { owned: true });
          this.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
        } catch (e) {
          failed = true;
          const msg = e instanceof ApiError ? e.message : String(e);
          this.record(owner, 'Warning', 'FailedCreate', `Error creating: ${msg}`);
        }
      };
      const batch = (remaining: number, size: number): void => {
        const b = Math.min(remaining, size);
        let left = b;
        for (let i = 0; i < b; i++) {
          this.send(key, () => {
            create();
            if (--left === 0 && !failed && remaining > b) batch(remaining - b, size * 2);
          });
        }
      };
      batch(n, SLOW_START_INITIAL_BATCH);
      return n === -diff;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      for (const p of rankedPodsToDelete(active, this.relatedPodsPerNode(rs), n, this.ctx.clock.now())) {
        this.send(key, () => {
          try {
            store.delete('pods', p.metadata.namespace, p.metadata.name!, { preconditions: { uid: p.metadata.uid } });
          } catch (e) {
            if (e instanceof ApiError && (e.code === 404 || e.code === 409)) return;
            throw e;
          }
          const owner = store.tryGet('replicasets', rs.metadata.namespace, rs.metadata.name!);
          this.record(owner?.metadata.uid === uid ? owner : rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        });
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
