/**
 * default-scheduler, reduced to the plugins a learner meets: NodeUnschedulable, NodeName,
 * NodeAffinity (nodeSelector only), TaintToleration, NodeResourcesFit (cpu, memory, pods) for
 * filtering, then spreading pods of the same owner (PodTopologySpread's default constraints) and
 * least-allocated for scoring. Node usage is kept incrementally, so a pass is O(pending x nodes).
 */
import { rfc3339 } from '../clock/virtual-clock.js';
import type { Node, Pod, Taint, Toleration } from '../store/kube-types.js';
import { ApiError } from '../store/api-error.js';
import { cloneJson } from '../store/object-store.js';
import { WorkQueue } from './work-queue.js';
import { controllerRef, getCondition, nsName, parseCpuMilli, parseMemBytes, podRequests, splitNsName } from './pod-util.js';
import type { Controller, SimContext } from './sim-context.js';

const COMPONENT = 'default-scheduler';
/**
 * The scheduling queue's numbers (pkg/scheduler/backend/queue/scheduling_queue.go): a pod that failed
 * waits 1 s, doubling per attempt up to 10 s, before a cluster event may retry it; a pod no event
 * retries is tried again after 5 minutes in the unschedulable pool (checked every 30 s).
 */
const INITIAL_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
const MAX_UNSCHEDULABLE_MS = 5 * 60_000;
const FLUSH_EVERY_MS = 30_000;

/** calculateBackoffDuration: 1 s, 2 s, 4 s, 8 s, then 10 s. */
export function backoffMs(attempts: number): number {
  let duration = INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    duration *= 2;
    if (duration > MAX_BACKOFF_MS) return MAX_BACKOFF_MS;
  }
  return duration;
}

interface NodeUsage {
  cpu: number;
  mem: number;
  pods: number;
  byOwner: Map<string, number>;
}

interface NodeInfo {
  node: Node;
  cpuCap: number;
  memCap: number;
  podCap: number;
  ready: boolean;
}

interface PodCharge {
  node: string;
  cpu: number;
  mem: number;
  owner?: string;
}

/** v1helper.TolerationsTolerateTaint */
export function tolerates(tols: readonly Toleration[] | undefined, taint: Taint): boolean {
  for (const t of tols ?? []) {
    if (t.effect && t.effect !== taint.effect) continue;
    if (!t.key) {
      if (t.operator === 'Exists') return true;
      continue;
    }
    if (t.key !== taint.key) continue;
    if (t.operator === 'Exists') return true;
    if ((t.value ?? '') === (taint.value ?? '')) return true;
  }
  return false;
}

export function isNodeReady(n: Node): boolean {
  return getCondition(n.status?.conditions, 'Ready')?.status === 'True';
}

/** What of a Node the filters read: labels, taints, cordon, allocatable, readiness. */
function schedulingSignature(n: Node): string {
  return JSON.stringify([
    n.metadata.labels ?? null,
    n.spec?.taints ?? null,
    n.spec?.unschedulable ?? false,
    n.status?.allocatable ?? null,
    getCondition(n.status?.conditions, 'Ready')?.status ?? null,
  ]);
}

export class Scheduler implements Controller {
  private readonly queue: WorkQueue;
  private readonly unwatch: (() => void)[] = [];
  private readonly usage = new Map<string, NodeUsage>();
  private readonly charges = new Map<string, PodCharge>();
  private readonly pending = new Set<string>();
  /** Failed attempts per pending pod and when the last one was: its backoff. */
  private readonly attempts = new Map<string, { count: number; at: number }>();
  /** Pods whose backoff timer is set (the backoffQ). */
  private readonly backingOff = new Set<string>();
  private flushArmed = false;
  private readonly nodeSignatures = new Map<string, string>();
  private nodeCache: NodeInfo[] | undefined;
  private readonly filterCache = new Map<string, { ok: NodeInfo[]; reasons: Map<string, number> }>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, (k) => (k === '*' ? this.scheduleAll() : this.scheduleOne(k)));
    const { store } = ctx;
    this.unwatch.push(
      store.watch('pods', {}, (e) => {
        const p = e.object;
        const key = nsName(p);
        const terminal = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
        if (e.type === 'DELETED' || terminal) {
          this.uncharge(key);
          this.forget(key);
          // Freed room: pods waiting for it get another chance.
          if (this.pending.size > 0) this.queue.add('*');
          return;
        }
        if (p.spec.nodeName) {
          this.forget(key);
          if (!this.charges.has(key)) this.charge(key, p);
        } else if ((p.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler' && !p.metadata.deletionTimestamp) {
          if (!this.pending.has(key)) {
            this.pending.add(key);
            this.queue.add(key);
          }
        }
      }),
      store.watch('nodes', {}, (e) => {
        const name = e.object.metadata.name!;
        // Only a change the filters read can make room (upstream's queueing hints skip the rest):
        // a kubelet heartbeat that only moves lastHeartbeatTime retries nobody and keeps the caches,
        // which hold nothing else of a node.
        const signature = e.type === 'DELETED' ? undefined : schedulingSignature(e.object);
        if (signature === this.nodeSignatures.get(name)) return;
        if (signature === undefined) this.nodeSignatures.delete(name);
        else this.nodeSignatures.set(name, signature);
        this.nodeCache = undefined;
        this.filterCache.clear();
        if (this.pending.size > 0) this.queue.add('*');
      }),
    );
  }

  dispose(): void {
    this.unwatch.forEach((u) => u());
    this.queue.dispose();
  }

  private use(node: string): NodeUsage {
    let u = this.usage.get(node);
    if (!u) this.usage.set(node, (u = { cpu: 0, mem: 0, pods: 0, byOwner: new Map() }));
    return u;
  }

  private charge(key: string, p: Pod): void {
    const { cpu, mem } = podRequests(p);
    const owner = controllerRef(p)?.uid;
    const c: PodCharge = { node: p.spec.nodeName!, cpu, mem, owner };
    this.charges.set(key, c);
    const u = this.use(c.node);
    u.cpu += cpu;
    u.mem += mem;
    u.pods++;
    if (owner) u.byOwner.set(owner, (u.byOwner.get(owner) ?? 0) + 1);
  }

  private uncharge(key: string): void {
    const c = this.charges.get(key);
    if (!c) return;
    this.charges.delete(key);
    const u = this.use(c.node);
    u.cpu -= c.cpu;
    u.mem -= c.mem;
    u.pods--;
    if (c.owner) {
      const n = (u.byOwner.get(c.owner) ?? 1) - 1;
      if (n <= 0) u.byOwner.delete(c.owner);
      else u.byOwner.set(c.owner, n);
    }
  }

  private nodes(): NodeInfo[] {
    this.nodeCache ??= this.ctx.store.list('nodes').items.map((node) => {
      const alloc = node.status?.allocatable ?? {};
      return {
        node,
        cpuCap: parseCpuMilli(alloc['cpu']),
        memCap: parseMemBytes(alloc['memory']),
        podCap: Number(alloc['pods'] ?? 110),
        ready: isNodeReady(node),
      };
    });
    return this.nodeCache;
  }

  /** NodeUnschedulable, TaintToleration, node readiness and NodeAffinity (nodeSelector) filters. */
  private staticFilter(nodes: NodeInfo[], pod: Pod): { ok: NodeInfo[]; reasons: Map<string, number> } {
    const ok: NodeInfo[] = [];
    const reasons = new Map<string, number>();
    const fail = (r: string): void => void reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const tolerations = pod.spec.tolerations;
    const sel = pod.spec.nodeSelector;
    for (const info of nodes) {
      const n = info.node;
      if (n.spec.unschedulable) {
        fail('node(s) were unschedulable');
        continue;
      }
      let untolerated: Taint | undefined;
      for (const t of n.spec.taints ?? []) {
        if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t)) {
          untolerated = t;
          break;
        }
      }
      if (untolerated) {
        fail(`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`);
        continue;
      }
      if (!info.ready) {
        fail('node(s) were not ready');
        continue;
      }
      if (sel) {
        const labels = n.metadata.labels ?? {};
        let selOk = true;
        for (const k in sel) if (labels[k] !== sel[k]) selOk = false;
        if (!selOk) {
          fail("node(s) didn't match Pod's node affinity/selector");
          continue;
        }
      }
      ok.push(info);
    }
    return { ok, reasons };
  }

  /**
   * A cluster event that may make room (a pod gone, a node changed): MoveAllToActiveOrBackoffQueue.
   * Pods past their backoff are tried now; the others when it ends, so a burst of events does not
   * retry every pending pod each time.
   */
  private scheduleAll(): void {
    const now = this.ctx.clock.now();
    const keys = [...this.pending].sort();
    for (const k of keys) {
      const tried = this.attempts.get(k);
      const readyAt = tried ? tried.at + backoffMs(tried.count) : now;
      if (readyAt <= now) this.scheduleOne(k);
      else this.backOff(k, readyAt - now);
    }
  }

  private backOff(key: string, delayMs: number): void {
    if (this.backingOff.has(key)) return;
    this.backingOff.add(key);
    this.ctx.clock.after(delayMs, () => {
      this.backingOff.delete(key);
      if (this.pending.has(key)) this.queue.add(key);
    });
  }

  private forget(key: string): void {
    this.pending.delete(key);
    this.attempts.delete(key);
  }

  private scheduleOne(key: string): void {
    if (!this.pending.has(key)) return;
    const [ns, name] = splitNsName(key);
    const { store, recorder, clock } = this.ctx;
    const pod = store.tryGet('pods', ns, name);
    if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp) {
      this.forget(key);
      return;
    }
    const nodes = this.nodes();
    const req = podRequests(pod);
    const owner = controllerRef(pod)?.uid;
    const reasons = new Map<string, number>();
    const fail = (r: string): void => void reasons.set(r, (reasons.get(r) ?? 0) + 1);
    // Taints and nodeSelector depend only on the pod's spec: filter once per distinct spec
    // (pods of one ReplicaSet share it), then check resources and score per node.
    const filterKey = JSON.stringify([pod.spec.tolerations ?? null, pod.spec.nodeSelector ?? null]);
    let filtered = this.filterCache.get(filterKey);
    if (!filtered) {
      filtered = this.staticFilter(nodes, pod);
      if (this.filterCache.size > 256) this.filterCache.clear();
      this.filterCache.set(filterKey, filtered);
    }
    for (const [r, c] of filtered.reasons) reasons.set(r, (reasons.get(r) ?? 0) + c);
    let best: Node | undefined;
    let bestOwner = 0;
    let bestLoad = 0;
    let bestName = '';
    for (const info of filtered.ok) {
      const n = info.node;
      const nodeName = n.metadata.name!;
      const u = this.use(nodeName);
      const { cpuCap, memCap, podCap } = info;
      let fits = true;
      if (u.pods + 1 > podCap) {
        fail('Too many pods');
        fits = false;
      }
      if (req.cpu > 0 && u.cpu + req.cpu > cpuCap) {
        fail('Insufficient cpu');
        fits = false;
      }
      if (req.mem > 0 && u.mem + req.mem > memCap) {
        fail('Insufficient memory');
        fits = false;
      }
      if (!fits) continue;
      // Score: fewest pods of the same owner (spreading), then least allocated, then name.
      const sameOwner = owner ? (u.byOwner.get(owner) ?? 0) : 0;
      const load = (cpuCap > 0 ? (u.cpu + req.cpu) / cpuCap + (memCap > 0 ? (u.mem + req.mem) / memCap : 0) : u.pods) * 1000 + u.pods;
      if (!best || sameOwner < bestOwner || (sameOwner === bestOwner && (load < bestLoad || (load === bestLoad && nodeName < bestName)))) {
        best = n;
        bestOwner = sameOwner;
        bestLoad = load;
        bestName = nodeName;
      }
    }
    if (!best) {
      const total = nodes.length;
      const parts = [...reasons.entries()].map(([r, c]) => `${c} ${r}`).sort();
      const msg = `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
      const cond = getCondition(pod.status?.conditions, 'PodScheduled');
      if (!cond || cond.message !== msg) {
        const status = structuredClone(pod.status ?? {});
        status.phase = 'Pending';
        status.conditions = [
          ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
          { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: rfc3339(clock.now()), reason: 'Unschedulable', message: msg },
        ];
        store.update('pods', { ...pod, status }, { subresource: 'status' });
      }
      // kube-scheduler records through events.k8s.io: repeats are a series, not a write each.
      recorder.record(pod, 'Warning', 'FailedScheduling', msg, COMPONENT, { series: true });
      const tried = this.attempts.get(key);
      this.attempts.set(key, { count: (tried?.count ?? 0) + 1, at: clock.now() });
      this.armFlush();
      return;
    }
    const nodeName = best.metadata.name!;
    try {
      const bound = store.bind(ns, name, nodeName, (p) => {
        const status = cloneJson(p.status ?? {});
        status.conditions = [
          ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(clock.now()) },
        ];
        return status;
      });
      this.forget(key);
      if (!this.charges.has(key)) this.charge(key, bound);
      recorder.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${nodeName}`, COMPONENT);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.forget(key);
    }
  }

  /** flushUnschedulablePodsLeftover: pods no event retried for 5 minutes are tried again. */
  private armFlush(): void {
    if (this.flushArmed) return;
    this.flushArmed = true;
    this.ctx.clock.after(FLUSH_EVERY_MS, () => {
      this.flushArmed = false;
      const now = this.ctx.clock.now();
      for (const k of [...this.pending].sort()) {
        const tried = this.attempts.get(k);
        if (tried && now - tried.at >= MAX_UNSCHEDULABLE_MS && !this.backingOff.has(k)) this.queue.add(k);
      }
      if (this.pending.size > 0) this.armFlush();
    });
  }
}
