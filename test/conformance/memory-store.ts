// A minimal in-memory stand-in for the simulator's ObjectStore, used only by tests of the API layer, so the
// REST surface can be exercised independently of the simulator. It follows the ApiStore port
// (core/sim/api/cluster-port.ts): global resourceVersion, watch history, graceful pod deletion on a manual clock.
import { randomUUID } from 'node:crypto';
import type {
  ApiStore,
  ScaleObject,
  StoreDeleteOptions,
  StoreObject,
  StoreWatchEvent,
} from '../../core/sim/api/cluster-port.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../core/sim/store/selectors.js';
import type { KubeObject } from '../../core/sim/store/kube-types.js';

interface ApiErrorLike extends Error {
  code: number;
  reason: string;
  details?: Record<string, unknown>;
}
function apiError(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): ApiErrorLike {
  const e = new Error(message) as ApiErrorLike;
  e.code = code;
  e.reason = reason;
  if (details) e.details = details;
  return e;
}
const GROUPS: Record<string, string> = {
  deployments: 'apps',
  replicasets: 'apps',
  horizontalpodautoscalers: 'autoscaling',
  endpointslices: 'discovery.k8s.io',
};
const CLUSTER_SCOPED = new Set(['namespaces', 'nodes']);
function qualified(resource: string): string {
  const g = GROUPS[resource];
  return g ? `${resource}.${g}` : resource;
}

export class ManualClock {
  private t = Date.parse('2026-01-01T00:00:00Z');
  private timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  after(ms: number, fn: () => void): void {
    this.timers.push({ at: this.t + ms, fn });
  }
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = target;
  }
}

interface Watcher {
  resource: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  onEvent: (e: StoreWatchEvent) => void;
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export class MemoryStore implements ApiStore {
  private rv = 1;
  private readonly objects = new Map<string, Map<string, StoreObject>>();
  private readonly history: { rv: number; resource: string; event: StoreWatchEvent }[] = [];
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly clock: ManualClock) {}

  resourceVersion(): string {
    return String(this.rv);
  }

  private bucket(resource: string): Map<string, StoreObject> {
    let b = this.objects.get(resource);
    if (!b) this.objects.set(resource, (b = new Map()));
    return b;
  }

  private key(resource: string, ns: string | undefined, name: string): string {
    return CLUSTER_SCOPED.has(resource) ? name : `${ns ?? 'default'}/${name}`;
  }

  get(resource: string, namespace: string | undefined, name: string): StoreObject {
    const o = this.bucket(resource).get(this.key(resource, namespace, name));
    if (!o)
      throw apiError(404, 'NotFound', `${qualified(resource)} "${name}" not found`, { name, kind: resource });
    return o;
  }

  private matches(
    w: { namespace?: string; labelSelector?: string; fieldSelector?: string },
    o: StoreObject,
  ): boolean {
    if (w.namespace !== undefined && o.metadata.namespace !== w.namespace) return false;
    if (!matchesLabels(parseLabelSelector(w.labelSelector), o.metadata.labels)) return false;
    return matchesFields(parseFieldSelector(w.fieldSelector), o as KubeObject);
  }

  list(
    resource: string,
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string },
  ): { items: StoreObject[]; resourceVersion: string } {
    const items = [...this.bucket(resource).values()].filter((o) => this.matches(opts, o));
    items.sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    );
    return { items, resourceVersion: String(this.rv) };
  }

  private commit(resource: string, type: StoreWatchEvent['type'], obj: StoreObject): void {
    const event = { type, object: obj };
    this.history.push({ rv: this.rv, resource, event });
    if (this.history.length > 1000) this.history.shift();
    for (const w of this.watchers) if (w.resource === resource && this.matches(w, obj)) w.onEvent(event);
  }

  create(resource: string, input: StoreObject, opts: { dryRun?: boolean }): StoreObject {
    const obj = structuredClone(input);
    const meta = obj.metadata;
    if (!CLUSTER_SCOPED.has(resource)) meta.namespace ??= 'default';
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomUUID().slice(0, 5)}`;
    if (!meta.name)
      throw apiError(
        422,
        'Invalid',
        `${obj.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      );
    const k = this.key(resource, meta.namespace, meta.name);
    if (this.bucket(resource).has(k))
      throw apiError(409, 'AlreadyExists', `${qualified(resource)} "${meta.name}" already exists`, {
        name: meta.name,
        kind: resource,
      });
    meta.uid = randomUUID();
    meta.creationTimestamp = iso(this.clock.now());
    meta.generation = 1;
    if (resource === 'services') {
      const spec = (obj.spec ?? {}) as Record<string, unknown>;
      spec.type ??= 'ClusterIP';
      spec.clusterIP ??= `10.96.0.${10 + this.bucket(resource).size}`;
      spec.clusterIPs ??= [spec.clusterIP];
      spec.sessionAffinity ??= 'None';
      obj.spec = spec;
    }
    if (resource === 'namespaces') obj.status = { phase: 'Active' };
    if (opts.dryRun) return obj;
    meta.resourceVersion = String(++this.rv);
    this.bucket(resource).set(k, obj);
    this.commit(resource, 'ADDED', obj);
    return obj;
  }

  update(
    resource: string,
    input: StoreObject | ScaleObject,
    opts: { subresource?: 'status' | 'scale'; dryRun?: boolean },
  ): StoreObject | ScaleObject {
    const name = input.metadata.name ?? '';
    const old = this.get(resource, input.metadata.namespace, name);
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw apiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    let next: StoreObject;
    if (opts.subresource === 'scale') {
      const replicas = (input as ScaleObject).spec.replicas;
      if (typeof replicas !== 'number' || replicas < 0)
        throw apiError(
          422,
          'Invalid',
          `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`,
        );
      next = { ...old, spec: { ...(old.spec as object), replicas }, metadata: { ...old.metadata } };
    } else if (opts.subresource === 'status') {
      next = { ...old, status: (input as StoreObject).status, metadata: { ...old.metadata } };
    } else {
      next = structuredClone(input as StoreObject);
      next.metadata = {
        ...next.metadata,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        namespace: old.metadata.namespace,
      };
      if (old.status !== undefined) next.status = old.status;
      if (JSON.stringify(next.spec) !== JSON.stringify(old.spec))
        next.metadata.generation = Number(old.metadata.generation ?? 1) + 1;
    }
    if (!opts.dryRun) {
      next.metadata.resourceVersion = String(++this.rv);
      this.bucket(resource).set(this.key(resource, old.metadata.namespace, name), next);
      this.commit(resource, 'MODIFIED', next);
    }
    if (opts.subresource === 'scale')
      return this.getScale(resource as 'deployments', old.metadata.namespace ?? 'default', name, next);
    return next;
  }

  getScale(
    resource: 'deployments' | 'replicasets',
    namespace: string,
    name: string,
    obj?: StoreObject,
  ): ScaleObject {
    const o = obj ?? this.get(resource, namespace, name);
    const spec = o.spec as { replicas?: number };
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name,
        namespace,
        uid: o.metadata.uid,
        resourceVersion: o.metadata.resourceVersion,
        creationTimestamp: o.metadata.creationTimestamp,
      },
      spec: { replicas: spec.replicas ?? 1 },
      status: { replicas: (o.status as { replicas?: number } | undefined)?.replicas ?? 0 },
    };
  }

  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    opts: StoreDeleteOptions,
  ): StoreObject {
    const old = this.get(resource, namespace, name);
    if (opts.dryRun) return old;
    const grace = opts.gracePeriodSeconds ?? 30;
    if (resource === 'pods' && grace > 0 && (old.spec as { nodeName?: string } | undefined)?.nodeName) {
      if (old.metadata.deletionTimestamp) return old;
      const next = {
        ...old,
        metadata: {
          ...old.metadata,
          deletionTimestamp: iso(this.clock.now() + grace * 1000),
          deletionGracePeriodSeconds: grace,
          resourceVersion: String(++this.rv),
        },
      };
      this.bucket(resource).set(this.key(resource, namespace, name), next);
      this.commit(resource, 'MODIFIED', next);
      this.clock.after(grace * 1000, () => {
        try {
          this.delete(resource, namespace, name, { gracePeriodSeconds: 0 });
        } catch {
          /* already gone */
        }
      });
      return next;
    }
    this.bucket(resource).delete(this.key(resource, namespace, name));
    const removed = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.commit(resource, 'DELETED', removed);
    return removed;
  }

  watch(
    resource: string,
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string; resourceVersion?: string },
    onEvent: (e: StoreWatchEvent) => void,
  ): () => void {
    const w: Watcher = { resource, onEvent };
    if (opts.namespace !== undefined) w.namespace = opts.namespace;
    if (opts.labelSelector !== undefined) w.labelSelector = opts.labelSelector;
    if (opts.fieldSelector !== undefined) w.fieldSelector = opts.fieldSelector;
    if (!opts.resourceVersion || opts.resourceVersion === '0') {
      for (const o of this.list(resource, opts).items) onEvent({ type: 'ADDED', object: o });
    } else {
      const from = Number(opts.resourceVersion);
      if (this.history.length && from < (this.history[0]?.rv ?? 0) - 1)
        throw apiError(410, 'Expired', `too old resource version: ${from} (${this.history[0]?.rv})`);
      for (const h of this.history)
        if (h.rv > from && h.resource === resource && this.matches(w, h.event.object)) onEvent(h.event);
    }
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }
}

/** A stand-in cluster: namespaces default and kube-system, one Ready node. */
export function memoryCluster(): { store: MemoryStore; clock: ManualClock } {
  const clock = new ManualClock();
  const store = new MemoryStore(clock);
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, {});
  }
  store.create(
    'nodes',
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'sim-node-1', labels: { 'kubernetes.io/hostname': 'sim-node-1' } },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        nodeInfo: { kubeletVersion: 'v1.32.0' },
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
      },
    },
    {},
  );
  return { store, clock };
}
