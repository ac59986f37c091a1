/**
 * Node lifecycle + taint-based eviction: pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * (monitor period 5 s, grace period 40 s, Ready -> Unknown with "Kubelet stopped posting node
 * status.", unreachable NoSchedule/NoExecute taints, MarkPodsNotReady) and
 * pkg/controller/tainteviction/taint_eviction.go (delete pods when their tolerationSeconds run out).
 */
import { parseTime, rfc3339, type TimerHandle } from '../clock/virtual-clock.js';
import type { Condition, Node, Pod, Taint } from '../store/kube-types.js';
import { ApiError } from '../store/api-error.js';
import { tolerates } from './scheduler.controller.js';
import { getCondition } from './pod-util.js';
import type { Controller, SimContext } from './sim-context.js';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_MS = 40_000;
const UNREACHABLE = 'node.kubernetes.io/unreachable';

export interface LeaseSource {
  leaseRenewedAt(node: string): number | undefined;
}

export class NodeLifecycleController implements Controller {
  private timer: TimerHandle | undefined;
  private readonly evictions = new Map<string, TimerHandle>();
  private readonly unwatch: () => void;

  constructor(
    private readonly ctx: SimContext,
    private readonly leases: LeaseSource,
  ) {
    this.timer = ctx.clock.after(NODE_MONITOR_PERIOD_MS, () => this.monitor());
    // pkg/controller/podgc gcOrphaned: pods bound to a Node object that no longer exists are deleted.
    this.unwatch = ctx.store.watch('nodes', {}, (e) => {
      if (e.type !== 'DELETED') return;
      const name = e.object.metadata.name!;
      ctx.clock.after(0, () => {
        for (const p of ctx.store.podsOnNode(name)) {
          ctx.recorder.record(p, 'Normal', 'PodGCOrphaned', `Deleting pod ${p.metadata.namespace}/${p.metadata.name} bound to removed node ${name}`, 'pod-garbage-collector');
          try {
            ctx.store.delete('pods', p.metadata.namespace, p.metadata.name!, { gracePeriodSeconds: 0 });
          } catch (err) {
            if (!(err instanceof ApiError && err.code === 404)) throw err;
          }
        }
      });
    });
  }

  dispose(): void {
    this.unwatch();
    this.ctx.clock.cancel(this.timer);
    for (const t of this.evictions.values()) this.ctx.clock.cancel(t);
  }

  private monitor(): void {
    const { store, clock } = this.ctx;
    const now = clock.now();
    for (const n of store.list('nodes').items) {
      const lease = this.leases.leaseRenewedAt(n.metadata.name!) ?? now;
      const ready = getCondition(n.status?.conditions, 'Ready');
      const stale = now - lease > NODE_MONITOR_GRACE_MS;
      // Recovery is the kubelet's job (it posts Ready); reconcileTaints then drops the taints.
      if (stale && ready?.status === 'True') this.markUnknown(n);
      const fresh = store.tryGet('nodes', undefined, n.metadata.name!);
      if (fresh) this.reconcileTaints(fresh);
    }
    this.timer = clock.after(NODE_MONITOR_PERIOD_MS, () => this.monitor());
  }

  private markUnknown(n: Node): void {
    const { store, clock, recorder } = this.ctx;
    const now = rfc3339(clock.now());
    const status = structuredClone(n.status ?? {});
    status.conditions = (status.conditions ?? []).map(
      (c): Condition => ({
        ...c,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: now,
      }),
    );
    const updated = store.update('nodes', { ...n, status }, { subresource: 'status' });
    recorder.record(updated, 'Normal', 'NodeNotReady', `Node ${n.metadata.name} status is now: NodeNotReady`, 'node-controller');
    // MarkPodsNotReady: the kubelet cannot, so the controller flips Ready on the node's pods.
    for (const p of store.podsOnNode(n.metadata.name!)) {
      const ready = getCondition(p.status?.conditions, 'Ready');
      if (!ready || ready.status === 'False') continue;
      const ps = structuredClone(p.status ?? {});
      ps.conditions = (ps.conditions ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False' as const, lastTransitionTime: now } : c));
      store.update('pods', { ...p, status: ps }, { subresource: 'status' });
      recorder.record(p, 'Warning', 'NodeNotReady', 'Node is not ready', 'node-controller');
    }
  }

  private reconcileTaints(n: Node): void {
    const { store, clock } = this.ctx;
    const ready = getCondition(n.status?.conditions, 'Ready');
    const unreachable = ready?.status === 'Unknown';
    const taints = n.spec.taints ?? [];
    const has = taints.some((t) => t.key === UNREACHABLE);
    if (unreachable && !has) {
      const now = rfc3339(clock.now());
      const next: Taint[] = [...taints, { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: now }, { key: UNREACHABLE, effect: 'NoExecute', timeAdded: now }];
      const updated = store.update('nodes', { ...n, spec: { ...n.spec, taints: next } });
      this.scheduleEvictions(updated);
    } else if (!unreachable && has) {
      const next = taints.filter((t) => t.key !== UNREACHABLE);
      const spec: Node['spec'] = { ...n.spec, taints: next };
      if (next.length === 0) delete spec.taints;
      store.update('nodes', { ...n, spec });
      for (const [k, t] of this.evictions) {
        if (k.startsWith(`${n.metadata.name}|`)) {
          clock.cancel(t);
          this.evictions.delete(k);
        }
      }
    } else if (unreachable) this.scheduleEvictions(n);
  }

  /** taint_eviction.go: each pod goes when the shortest matching tolerationSeconds has passed. */
  private scheduleEvictions(n: Node): void {
    const { store, clock } = this.ctx;
    const noExec = (n.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (noExec.length === 0) return;
    for (const p of store.podsOnNode(n.metadata.name!)) {
      if (p.metadata.deletionTimestamp) continue;
      const key = `${n.metadata.name}|${p.metadata.uid}`;
      if (this.evictions.has(key)) continue;
      let waitMs = Infinity;
      let untolerated = false;
      for (const t of noExec) {
        const tol = (p.spec.tolerations ?? []).find((x) => tolerates([x], t));
        if (!tol) {
          untolerated = true;
          break;
        }
        if (tol.tolerationSeconds !== undefined) {
          const added = parseTime(t.timeAdded) ?? clock.now();
          waitMs = Math.min(waitMs, added + Math.max(0, tol.tolerationSeconds) * 1000 - clock.now());
        }
      }
      if (untolerated) waitMs = 0;
      if (!Number.isFinite(waitMs)) continue;
      const h = clock.after(Math.max(0, waitMs), () => {
        this.evictions.delete(key);
        this.evict(p);
      });
      this.evictions.set(key, h);
    }
  }

  private evict(p0: Pod): void {
    const { store, recorder } = this.ctx;
    const p = store.tryGet('pods', p0.metadata.namespace, p0.metadata.name!);
    if (!p || p.metadata.uid !== p0.metadata.uid || p.metadata.deletionTimestamp) return;
    recorder.record(p, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${p.metadata.namespace}/${p.metadata.name}`, 'taint-eviction-controller');
    try {
      store.delete('pods', p.metadata.namespace, p.metadata.name!);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
}
