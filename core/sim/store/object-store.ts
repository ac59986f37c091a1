/**
 * The simulator's apiserver + etcd: typed buckets per resource, one global resourceVersion,
 * a bounded watch history per resource, indexes (namespace, label, owner uid, pod node) and
 * garbage collection through ownerReferences.
 *
 * Ownership rule (performance): the store keeps the object you pass to create/update (after a
 * shallow copy of its top level and metadata) and hands out the stored objects themselves.
 * Treat everything you get from the store as read-only; clone before changing (`structuredClone`).
 * With `freeze: true` (tests) stored objects are deep-frozen so a violation throws.
 */
import { rfc3339, type Clock } from '../clock/virtual-clock.js';
import type { SeededRng } from '../rng/seeded-rng.js';
import { applyDefaults, validate, type DefaultingContext } from './admission.js';
import { alreadyExists, badRequest, conflict, gone, notFound, ApiError } from './api-error.js';
import {
  equalityPairs,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type Selector,
} from './selectors.js';
import {
  RESOURCES,
  type KubeEvent,
  type KubeObject,
  type Pod,
  type ResourceName,
  type ResourceTypes,
  type Service,
} from './kube-types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WatchOptions extends ListOptions {
  resourceVersion?: string;
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export interface UpdateOptions {
  subresource?: 'status' | 'scale';
  dryRun?: boolean;
  /** The caller built this object for the store and will not touch it again: skip the defensive copy. */
  owned?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ScaleObject {
  apiVersion: 'autoscaling/v1';
  kind: 'Scale';
  metadata: KubeObject['metadata'];
  spec: { replicas: number };
  status: { replicas: number; selector?: string };
}

interface HistoryEntry {
  rv: number;
  type: WatchEventType;
  object: KubeObject;
  old?: KubeObject;
}

interface Watcher {
  namespace?: string;
  labels?: Selector;
  fields: FieldRequirement[];
  onEvent: (e: WatchEvent) => void;
  closed: boolean;
  /** No namespace, label or field filter: every object matches (the controllers' watches). */
  all: boolean;
}

/**
 * One live object: both maps of its bucket hold the slot, so an update replaces `o` without
 * touching either map, and `key` is the "ns/name" string built once when the object was created.
 */
interface Slot {
  o: KubeObject;
  readonly key: string;
  readonly r: ResourceName;
}

interface Bucket {
  /** "ns/name" -> slot: what the indexes (label, node) and list iteration use. */
  objects: Map<string, Slot>;
  /**
   * The same slots by namespace ('' when cluster-scoped), then name: what point reads and writes and
   * namespace lists use (creation order).
   * The namespace and name strings are the callers' own (their hash cached by V8), where a "ns/name"
   * key would be a new string to build and hash on every call.
   */
  byName: Map<string, Map<string, Slot>>;
  byLabel: Map<string, Set<string>>;
  history: HistoryEntry[];
  historyStart: number;
  /** Oldest resourceVersion a watch may resume from. */
  compactedRv: number;
  watchers: Set<Watcher>;
}

export interface ObjectStoreOptions {
  clock: Clock & { after(ms: number, fn: () => void): unknown };
  rng: SeededRng;
  /** Watch events kept per resource for resume. Default 5000. */
  historySize?: number;
  freeze?: boolean;
}

const GENERATION_RESOURCES = new Set<ResourceName>(['deployments', 'replicasets', 'horizontalpodautoscalers']);
/** Resources whose main endpoint ignores status (they have a /status subresource). */
const STATUS_RESOURCES = new Set<ResourceName>(['pods', 'deployments', 'replicasets', 'services', 'nodes', 'namespaces', 'horizontalpodautoscalers']);

function keyOf(ns: string | undefined, name: string): string {
  return `${ns ?? ''}/${name}`;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}

function specJson(o: KubeObject): string {
  return JSON.stringify(o.spec ?? null);
}

export class ObjectStore {
  private rv = 1;
  private readonly buckets = new Map<ResourceName, Bucket>();
  /** owner uid -> dependent uid -> the dependent's slot (so always its current object). */
  private readonly dependents = new Map<string, Map<string, Slot>>();
  /** uid -> slot of every live object. */
  private readonly byUid = new Map<string, Slot>();
  /** node name -> pod keys bound to it. */
  private readonly podsByNode = new Map<string, Set<string>>();
  /** Writes made while watchers run, delivered in order after them (two arrays: no wrapper per write). */
  private readonly pendingBuckets: Bucket[] = [];
  private readonly pendingEntries: HistoryEntry[] = [];
  private dispatching = false;
  private readonly clusterIPs = new Set<string>();
  private readonly nodePorts = new Set<number>();
  private gcQueue: string[] = [];
  private gcScheduled = false;
  private readonly historySize: number;
  /** One defaulting context for every write (not two closures per create). */
  private readonly defaulting: DefaultingContext = {
    allocateClusterIP: () => this.allocateClusterIP(),
    allocateNodePort: () => this.allocateNodePort(),
  };

  constructor(private readonly opts: ObjectStoreOptions) {
    this.historySize = opts.historySize ?? 5000;
    for (const r of Object.keys(RESOURCES) as ResourceName[]) {
      this.buckets.set(r, {
        objects: new Map(),
        byName: new Map(),
        byLabel: new Map(),
        history: [],
        historyStart: 0,
        compactedRv: 0,
        watchers: new Set(),
      });
    }
  }

  /** The current global resourceVersion. */
  resourceVersion(): string {
    return String(this.rv);
  }

  private bucket(resource: ResourceName): Bucket {
    const b = this.buckets.get(resource);
    if (!b) throw notFound(resource, resource);
    return b;
  }

  private now(): string {
    return rfc3339(this.opts.clock.now());
  }

  // ------------------------------------------------------------------ reads

  get<R extends ResourceName>(resource: R, namespace: string | undefined, name: string): ResourceTypes[R] {
    const o = this.tryGet(resource, namespace, name);
    if (!o) throw notFound(resource, name);
    return o;
  }

  tryGet<R extends ResourceName>(resource: R, namespace: string | undefined, name: string): ResourceTypes[R] | undefined {
    const ns = RESOURCES[resource].namespaced ? namespace : undefined;
    return this.bucket(resource).byName.get(ns ?? '')?.get(name)?.o as ResourceTypes[R] | undefined;
  }

  getByUid(uid: string): { resource: ResourceName; object: KubeObject } | undefined {
    const slot = this.byUid.get(uid);
    return slot ? { resource: slot.r, object: slot.o } : undefined;
  }

  /** Objects that list `ownerUid` in their ownerReferences. */
  dependentsOf(ownerUid: string, resource?: ResourceName): KubeObject[] {
    const out: KubeObject[] = [];
    const deps = this.dependents.get(ownerUid);
    if (!deps) return out;
    for (const d of deps.values()) if (!resource || d.r === resource) out.push(d.o);
    return out;
  }

  /** Pods bound to a node (index on spec.nodeName). */
  podsOnNode(nodeName: string): Pod[] {
    const b = this.bucket('pods');
    const out: Pod[] = [];
    for (const k of this.podsByNode.get(nodeName) ?? []) {
      const p = b.objects.get(k)?.o;
      if (p) out.push(p as Pod);
    }
    return out;
  }

  count(resource: ResourceName, namespace?: string): number {
    const b = this.bucket(resource);
    if (namespace === undefined) return b.objects.size;
    return b.byName.get(namespace)?.size ?? 0;
  }

  list<R extends ResourceName>(resource: R, opts: ListOptions = {}): ListResult<ResourceTypes[R]> {
    const labels = opts.labelSelector !== undefined ? parseLabelSelector(opts.labelSelector) : undefined;
    const fields = parseFieldSelector(opts.fieldSelector, resource);
    return { items: this.select(resource, opts.namespace, labels, fields) as ResourceTypes[R][], resourceVersion: String(this.rv) };
  }

  /** List with an already-parsed selector (controllers). Unsorted, fast. */
  select<R extends ResourceName>(resource: R, namespace: string | undefined, labels?: Selector, fields: FieldRequirement[] = [], sort = true): ResourceTypes[R][] {
    const b = this.bucket(resource);
    let candidates: Iterable<string>;
    const pairs = labels ? equalityPairs(labels) : [];
    const nodeField = resource === 'pods' ? fields.find((f) => f.field === 'spec.nodeName' && f.op === '=') : undefined;
    if (labels?.nothing) return [];
    if (nodeField) candidates = this.podsByNode.get(nodeField.value) ?? [];
    else if (pairs.length > 0) {
      let best: Set<string> | undefined;
      for (const [k, v] of pairs) {
        const s = b.byLabel.get(`${k}=${v}`);
        if (!s) return [];
        if (!best || s.size < best.size) best = s;
      }
      candidates = best ?? [];
    } else if (namespace !== undefined && RESOURCES[resource].namespaced)
      candidates = keysOf(b.byName.get(namespace));
    else candidates = b.objects.keys();
    const out: ResourceTypes[R][] = [];
    const nsPrefix = namespace !== undefined && RESOURCES[resource].namespaced ? `${namespace}/` : undefined;
    for (const k of candidates) {
      if (nsPrefix && !k.startsWith(nsPrefix)) continue;
      const o = b.objects.get(k)?.o;
      if (!o) continue;
      if (labels && !matchesLabels(labels, o.metadata.labels)) continue;
      if (fields.length && !matchesFields(fields, o)) continue;
      out.push(o as ResourceTypes[R]);
    }
    if (sort) out.sort((a, c) => cmpKey(a, c));
    return out;
  }

  // ------------------------------------------------------------------ writes

  /**
   * `owned: true` hands the object over without a defensive copy (controllers that built it
   * themselves and never touch it again).
   */
  create<R extends ResourceName>(resource: R, input: ResourceTypes[R], opts: { dryRun?: boolean; owned?: boolean } = {}): ResourceTypes[R] {
    if (!input || typeof input !== 'object' || !input.metadata || typeof input.metadata !== 'object')
      throw badRequest('the body of the request was in an unknown format');
    const info = RESOURCES[resource];
    const b = this.bucket(resource);
    const obj = opts.owned ? input : structuredCloneShallow(input);
    const meta = obj.metadata;
    if (info.namespaced) {
      meta.namespace ||= 'default';
      const ns = this.tryGet('namespaces', undefined, meta.namespace);
      if (resource !== 'events' && !ns) throw notFound('namespaces', meta.namespace);
      if (ns && (ns.status as { phase?: string } | undefined)?.phase === 'Terminating')
        throw new ApiError(403, 'Forbidden', `${resource} "${meta.name ?? meta.generateName ?? ''}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`, { name: meta.name ?? '', kind: resource });
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) {
      for (let i = 0; i < 10; i++) {
        const candidate = `${meta.generateName}${this.opts.rng.name5()}`;
        if (!b.objects.has(keyOf(meta.namespace, candidate))) {
          meta.name = candidate;
          break;
        }
      }
    }
    applyDefaults(resource, obj, this.defaulting);
    validate(resource, obj);
    const key = keyOf(meta.namespace, meta.name!);
    if (b.objects.has(key)) throw alreadyExists(resource, meta.name!);
    if (resource === 'services') {
      const s = obj as Service;
      if (s.spec.clusterIP && s.spec.clusterIP !== 'None') {
        if (!opts.dryRun && this.clusterIPs.has(s.spec.clusterIP) && input.spec && (input as Service).spec.clusterIP)
          throw new ApiError(422, 'Invalid', `Service "${meta.name}" is invalid: spec.clusterIPs: Invalid value: []string{"${s.spec.clusterIP}"}: failed to allocate IP ${s.spec.clusterIP}: provided IP is already allocated`);
      }
    }
    meta.uid = this.opts.rng.uuid();
    meta.creationTimestamp = this.now();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (opts.dryRun) {
      meta.resourceVersion = undefined;
      delete meta.resourceVersion;
      return obj;
    }
    if (resource === 'services') {
      const s = obj as Service;
      if (s.spec.clusterIP && s.spec.clusterIP !== 'None') this.clusterIPs.add(s.spec.clusterIP);
      for (const p of s.spec.ports ?? []) if (p.nodePort) this.nodePorts.add(p.nodePort);
    }
    meta.resourceVersion = String(++this.rv);
    this.commit(resource, 'ADDED', obj, undefined, key);
    return obj;
  }

  /**
   * The event recorder's write path. Its events are complete and valid (no defaults to apply, nothing
   * to check but the namespace) and nobody else holds them, so admission and the defensive copy
   * are skipped: events are half of all writes in a rollout. Same result as create(..., {owned}).
   */
  createEvent(ev: KubeEvent): KubeEvent {
    const b = this.bucket('events');
    const meta = ev.metadata;
    const ns = this.tryGet('namespaces', undefined, meta.namespace!);
    if (ns && (ns.status as { phase?: string } | undefined)?.phase === 'Terminating')
      throw new ApiError(403, 'Forbidden', `events "${meta.name}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`, { name: meta.name ?? '', kind: 'events' });
    if (b.byName.get(meta.namespace!)?.has(meta.name!)) throw alreadyExists('events', meta.name!);
    const key = keyOf(meta.namespace, meta.name!);
    meta.uid = this.opts.rng.uuid();
    meta.creationTimestamp = this.now();
    meta.generation = 1;
    meta.resourceVersion = String(++this.rv);
    this.commit('events', 'ADDED', ev, undefined, key);
    return ev;
  }

  /** A recorded event seen again (count and lastTimestamp bumped on a copy the recorder made). */
  updateEvent(next: KubeEvent): KubeEvent {
    const meta = next.metadata;
    const slot = this.bucket('events').byName.get(meta.namespace!)?.get(meta.name!);
    if (!slot) throw notFound('events', meta.name!);
    const old = slot.o;
    const key = slot.key;
    meta.resourceVersion = String(++this.rv);
    this.commit('events', 'MODIFIED', next, old, key);
    return next;
  }

  update<R extends ResourceName>(resource: R, input: ResourceTypes[R] | ScaleObject, opts: UpdateOptions = {}): ResourceTypes[R] {
    if (!input || typeof input !== 'object' || !input.metadata) throw badRequest('the body of the request was in an unknown format');
    const info = RESOURCES[resource];
    const ns = info.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
    const name = input.metadata.name;
    if (!name) throw badRequest('name is required');
    const b = this.bucket(resource);
    const slot = b.byName.get(ns ?? '')?.get(name);
    if (!slot) throw notFound(resource, name);
    const old = slot.o;
    const key = slot.key;
    const inRv = input.metadata.resourceVersion;
    if (inRv && inRv !== old.metadata.resourceVersion) throw conflict(resource, name);
    if (input.metadata.uid && input.metadata.uid !== old.metadata.uid)
      throw conflict(resource, name, `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${old.metadata.uid}`);

    let next: KubeObject;
    if (opts.subresource === 'status') {
      next = { ...old, status: (input as KubeObject).status, metadata: { ...old.metadata } };
    } else if (opts.subresource === 'scale') {
      const replicas = (input as ScaleObject).spec?.replicas;
      if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
        throw new ApiError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`, {
          name,
          group: 'autoscaling',
          kind: 'Scale',
          causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${String(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' }],
        });
      }
      next = { ...old, spec: { ...(old.spec as object), replicas }, metadata: { ...old.metadata } };
    } else {
      const copy = opts.owned ? (input as KubeObject) : structuredCloneShallow(input as KubeObject);
      const meta = copy.metadata;
      meta.namespace = ns;
      if (!info.namespaced) delete meta.namespace;
      meta.uid = old.metadata.uid;
      meta.creationTimestamp = old.metadata.creationTimestamp;
      meta.generation = old.metadata.generation;
      if (old.metadata.deletionTimestamp) {
        meta.deletionTimestamp = old.metadata.deletionTimestamp;
        meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      } else {
        delete meta.deletionTimestamp;
        delete meta.deletionGracePeriodSeconds;
      }
      if (old.metadata.generateName) meta.generateName = old.metadata.generateName;
      if (STATUS_RESOURCES.has(resource)) copy.status = old.status;
      applyDefaults(resource, copy, this.defaulting);
      if (resource === 'pods') copy.status = old.status;
      if (resource === 'namespaces') copy.status = old.status;
      if (resource === 'services') {
        const s = copy as Service;
        const o = old as Service;
        if (!(input as Service).spec?.clusterIP) {
          s.spec.clusterIP = o.spec.clusterIP;
          s.spec.clusterIPs = o.spec.clusterIPs;
        }
        // Keep allocated nodePorts across updates that do not name them (kubectl apply).
        for (const port of s.spec.ports ?? []) {
          const prev = o.spec.ports?.find((x) => (x.name ?? '') === (port.name ?? '') && x.port === port.port) ?? o.spec.ports?.find((x) => x.port === port.port);
          const given = (input as Service).spec?.ports?.find((x) => x.port === port.port)?.nodePort;
          if (!given && prev?.nodePort && (s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer')) {
            if (port.nodePort && port.nodePort !== prev.nodePort) this.nodePorts.delete(port.nodePort);
            port.nodePort = prev.nodePort;
          }
          if (port.nodePort) this.nodePorts.add(port.nodePort);
        }
      }
      validate(resource, copy, old);
      next = copy;
    }
    const meta = next.metadata;
    if (GENERATION_RESOURCES.has(resource) && opts.subresource !== 'status' && specJson(next) !== specJson(old))
      meta.generation = (old.metadata.generation ?? 1) + 1;
    if (opts.dryRun) return (opts.subresource === 'scale' ? this.toScale(resource, next) : next) as ResourceTypes[R];
    // Removing the last finalizer of an object being deleted completes the deletion.
    if (meta.deletionTimestamp && (meta.finalizers ?? []).length === 0 && (old.metadata.finalizers ?? []).length > 0) {
      meta.resourceVersion = String(++this.rv);
      this.removeNow(resource, key, next);
      return next as ResourceTypes[R];
    }
    meta.resourceVersion = String(++this.rv);
    this.commit(resource, 'MODIFIED', next, old, key);
    return (opts.subresource === 'scale' ? this.toScale(resource, next) : next) as ResourceTypes[R];
  }

  getScale(resource: 'deployments' | 'replicasets', namespace: string, name: string): ScaleObject {
    return this.toScale(resource, this.get(resource, namespace, name));
  }

  private toScale(_resource: ResourceName, o: KubeObject): ScaleObject {
    const spec = o.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
    const status = o.status as { replicas?: number } | undefined;
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        uid: o.metadata.uid,
        resourceVersion: o.metadata.resourceVersion,
        creationTimestamp: o.metadata.creationTimestamp,
      },
      spec: { replicas: spec.replicas ?? 0 },
      status: {
        replicas: status?.replicas ?? 0,
        selector: Object.entries(spec.selector?.matchLabels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      },
    };
  }

  /** The pods/binding subresource: what the scheduler writes. */
  bind(namespace: string, name: string, nodeName: string, patchStatus?: (p: Pod) => Pod['status']): Pod {
    const old = this.get('pods', namespace, name);
    if (old.spec.nodeName) throw conflict('pods', name, `pod ${name} is already assigned to node "${old.spec.nodeName}"`);
    const next: Pod = { ...old, metadata: { ...old.metadata }, spec: { ...old.spec, nodeName } };
    if (patchStatus) next.status = patchStatus(next);
    next.metadata.resourceVersion = String(++this.rv);
    this.commit('pods', 'MODIFIED', next, old);
    return next;
  }

  delete<R extends ResourceName>(resource: R, namespace: string | undefined, name: string, opts: DeleteOptions = {}): ResourceTypes[R] {
    const info = RESOURCES[resource];
    const ns = info.namespaced ? (namespace ?? 'default') : undefined;
    const b = this.bucket(resource);
    const slot = b.byName.get(ns ?? '')?.get(name);
    if (!slot) throw notFound(resource, name);
    const old = slot.o;
    const key = slot.key;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid)
      throw conflict(resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
      throw conflict(resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) throw badRequest('gracePeriodSeconds must be >= 0');
    const policy = opts.propagationPolicy ?? 'Background';
    if (opts.dryRun) return old as ResourceTypes[R];

    if (resource === 'pods') {
      const pod = old as Pod;
      // Unscheduled pods have no kubelet to wait for (registry/core/pod/strategy.go CheckGracefulDelete).
      let grace = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      if (!pod.spec.nodeName) grace = 0;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') grace = 0;
      if (grace > 0) {
        const deadline = this.opts.clock.now() + grace * 1000;
        const cur = old.metadata.deletionTimestamp ? Date.parse(old.metadata.deletionTimestamp) : Infinity;
        if (deadline >= cur) return old as ResourceTypes[R];
        const next: KubeObject = {
          ...old,
          metadata: {
            ...old.metadata,
            deletionTimestamp: rfc3339(deadline),
            deletionGracePeriodSeconds: grace,
            generation: (old.metadata.generation ?? 1) + 1,
            resourceVersion: String(++this.rv),
          },
        };
        this.commit(resource, 'MODIFIED', next, old, key);
        if (policy === 'Orphan') this.orphanDependents(old.metadata.uid!);
        return next as ResourceTypes[R];
      }
    }
    if (resource === 'namespaces') {
      // The namespace lifecycle: Terminating until the namespace controller has emptied it.
      if (name === 'default' || name === 'kube-system' || name === 'kube-public')
        throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
      if (old.metadata.deletionTimestamp) return old as ResourceTypes[R];
      const next: KubeObject = {
        ...old,
        metadata: { ...old.metadata, deletionTimestamp: this.now(), deletionGracePeriodSeconds: 0, resourceVersion: String(++this.rv) },
        status: { phase: 'Terminating' },
      };
      this.commit(resource, 'MODIFIED', next, old);
      this.enqueueGc(`ns:${name}`);
      return next as ResourceTypes[R];
    }
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && this.dependents.get(old.metadata.uid!)?.size) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan') this.orphanDependents(old.metadata.uid!);
    if (finalizers.length > 0) {
      if (old.metadata.deletionTimestamp) return old as ResourceTypes[R];
      const next: KubeObject = {
        ...old,
        metadata: {
          ...old.metadata,
          finalizers,
          deletionTimestamp: this.now(),
          deletionGracePeriodSeconds: 0,
          resourceVersion: String(++this.rv),
        },
      };
      this.commit(resource, 'MODIFIED', next, old);
      if (finalizers.includes('foregroundDeletion')) this.enqueueGc(old.metadata.uid!);
      return next as ResourceTypes[R];
    }
    const removed: KubeObject = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.removeNow(resource, key, removed);
    return removed as ResourceTypes[R];
  }

  private orphanDependents(uid: string): void {
    for (const dep of this.dependentsOf(uid)) {
      const r = this.resourceOfKey(dep);
      if (!r) continue;
      const refs = (dep.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid);
      const next: KubeObject = { ...dep, metadata: { ...dep.metadata, ownerReferences: refs, resourceVersion: String(++this.rv) } };
      if (refs.length === 0) delete next.metadata.ownerReferences;
      this.commit(r, 'MODIFIED', next, dep);
    }
  }

  private resourceOfKey(o: KubeObject): ResourceName | undefined {
    return o.metadata.uid ? this.byUid.get(o.metadata.uid)?.r : undefined;
  }

  private removeNow(resource: ResourceName, key: string, removed: KubeObject): void {
    const old = this.bucket(resource).objects.get(key)?.o;
    if (resource === 'services') {
      const s = removed as Service;
      if (s.spec?.clusterIP) this.clusterIPs.delete(s.spec.clusterIP);
      for (const p of s.spec?.ports ?? []) if (p.nodePort) this.nodePorts.delete(p.nodePort);
    }
    this.commit(resource, 'DELETED', removed, old, key);
    const uid = removed.metadata.uid;
    if (uid && this.dependents.get(uid)?.size) this.enqueueGc(uid);
    // An owner in foreground deletion completes when its last dependent is gone.
    for (const ref of removed.metadata.ownerReferences ?? []) this.enqueueGc(ref.uid);
    if (resource === 'namespaces') this.enqueueGc(`ns:${removed.metadata.name}`);
  }

  // ------------------------------------------------------------------ garbage collection

  private enqueueGc(uid: string): void {
    this.gcQueue.push(uid);
    if (!this.gcScheduled) {
      this.gcScheduled = true;
      this.opts.clock.after(0, () => this.runGc());
    }
  }

  /** pkg/controller/garbagecollector, reduced: dependents of a vanished owner are deleted (Background). */
  private runGc(): void {
    this.gcScheduled = false;
    const queue = this.gcQueue;
    this.gcQueue = [];
    const seen = new Set<string>();
    for (const uid of queue) {
      if (seen.has(uid)) continue;
      seen.add(uid);
      if (uid.startsWith('ns:')) {
        this.gcNamespace(uid.slice(3));
        continue;
      }
      const owner = this.getByUid(uid);
      if (owner && !owner.object.metadata.deletionTimestamp) continue;
      const deps = this.dependentsOf(uid);
      if (owner && owner.object.metadata.finalizers?.includes('foregroundDeletion')) {
        if (deps.length === 0) {
          const o = owner.object;
          this.update(owner.resource, { ...o, metadata: { ...o.metadata, finalizers: (o.metadata.finalizers ?? []).filter((f) => f !== 'foregroundDeletion') } } as never);
          continue;
        }
      }
      for (const dep of deps) {
        const r = this.resourceOfKey(dep);
        if (!r) continue;
        const otherOwners = (dep.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid && this.byUid.has(o.uid));
        if (otherOwners.length > 0 && owner === undefined) {
          const next: KubeObject = { ...dep, metadata: { ...dep.metadata, ownerReferences: otherOwners, resourceVersion: String(++this.rv) } };
          this.commit(r, 'MODIFIED', next, dep);
          continue;
        }
        if (dep.metadata.deletionTimestamp) continue;
        const foreground = owner?.object.metadata.finalizers?.includes('foregroundDeletion');
        try {
          this.delete(r, dep.metadata.namespace, dep.metadata.name!, { propagationPolicy: foreground ? 'Foreground' : 'Background' });
        } catch (e) {
          if (!(e instanceof ApiError && e.code === 404)) throw e;
        }
      }
    }
  }

  /** The namespace controller, reduced: delete everything in it, then drop the namespace. */
  private gcNamespace(name: string): void {
    const ns = this.tryGet('namespaces', undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const r of Object.keys(RESOURCES) as ResourceName[]) {
      if (!RESOURCES[r].namespaced) continue;
      for (const o of this.select(r, name, undefined, [], false)) {
        remaining++;
        if (!o.metadata.deletionTimestamp) this.delete(r, name, o.metadata.name!, {});
      }
    }
    if (remaining === 0) {
      this.removeNow('namespaces', keyOf(undefined, name), { ...ns, metadata: { ...ns.metadata, resourceVersion: String(++this.rv) } });
    } else {
      this.opts.clock.after(1000, () => this.enqueueGc(`ns:${name}`));
    }
  }

  // ------------------------------------------------------------------ watch

  watch<R extends ResourceName>(resource: R, opts: WatchOptions, onEvent: (e: WatchEvent<ResourceTypes[R]>) => void): () => void {
    const b = this.bucket(resource);
    const w: Watcher = {
      namespace: RESOURCES[resource].namespaced ? opts.namespace : undefined,
      labels: opts.labelSelector !== undefined ? parseLabelSelector(opts.labelSelector) : undefined,
      fields: parseFieldSelector(opts.fieldSelector, resource),
      onEvent: onEvent as (e: WatchEvent) => void,
      closed: false,
      all: false,
    };
    w.all = w.namespace === undefined && w.labels === undefined && w.fields.length === 0;
    const rvText = opts.resourceVersion;
    if (rvText === undefined || rvText === '' || rvText === '0') {
      for (const o of this.select(resource, w.namespace, w.labels, w.fields)) onEvent({ type: 'ADDED', object: o });
    } else {
      const from = Number(rvText);
      if (!Number.isFinite(from)) throw badRequest(`invalid resource version: ${rvText}`);
      if (from < b.compactedRv) throw gone(`too old resource version: ${from} (${b.compactedRv})`);
      for (let i = b.historyStart; i < b.history.length; i++) {
        const h = b.history[i]!;
        if (h.rv <= from) continue;
        this.deliver(w, h);
      }
    }
    b.watchers.add(w);
    return () => {
      w.closed = true;
      b.watchers.delete(w);
    };
  }

  private matches(w: Watcher, o: KubeObject | undefined): boolean {
    if (!o) return false;
    if (w.all) return true;
    if (w.namespace !== undefined && o.metadata.namespace !== w.namespace) return false;
    if (w.labels && !matchesLabels(w.labels, o.metadata.labels)) return false;
    if (w.fields.length && !matchesFields(w.fields, o)) return false;
    return true;
  }

  /** `asIs` is the event as written ({type, object} of `h`), shared by the watchers that see it so. */
  private deliver(w: Watcher, h: HistoryEntry, asIs?: WatchEvent): void {
    if (w.closed) return;
    const nowMatch = this.matches(w, h.object);
    if (h.type === 'MODIFIED') {
      const oldMatch = h.old === undefined ? nowMatch : this.matches(w, h.old);
      if (nowMatch && oldMatch) w.onEvent(asIs ?? { type: 'MODIFIED', object: h.object });
      else if (nowMatch) w.onEvent({ type: 'ADDED', object: h.object });
      else if (oldMatch) w.onEvent({ type: 'DELETED', object: h.object });
    } else if (nowMatch) w.onEvent(asIs ?? { type: h.type, object: h.object });
  }

  /** `key` is keyOf(namespace, name) when the caller already has it. */
  private commit(resource: ResourceName, type: WatchEventType, obj: KubeObject, old: KubeObject | undefined, knownKey?: string): void {
    const b = this.bucket(resource);
    const nsName = obj.metadata.namespace ?? '';
    const slot = type === 'ADDED' ? undefined : b.byName.get(nsName)?.get(obj.metadata.name!);
    const key = knownKey ?? slot?.key ?? keyOf(obj.metadata.namespace, obj.metadata.name!);
    if (this.opts.freeze) deepFreeze(obj);
    // Status updates keep labels, owners and node: skip re-indexing when nothing indexed changed.
    const same =
      type === 'MODIFIED' &&
      old !== undefined &&
      old.metadata.labels === obj.metadata.labels &&
      old.metadata.ownerReferences === obj.metadata.ownerReferences &&
      old.metadata.uid === obj.metadata.uid &&
      (resource !== 'pods' || (old as Pod).spec?.nodeName === (obj as Pod).spec?.nodeName);
    if (old && !same) this.unindex(resource, b, key, old);
    if (type === 'DELETED') {
      b.objects.delete(key);
      const names = b.byName.get(nsName);
      names?.delete(obj.metadata.name!);
      if (names?.size === 0) b.byName.delete(nsName);
    } else {
      let live = slot;
      if (live) live.o = obj;
      else {
        live = { o: obj, key, r: resource };
        b.objects.set(key, live);
        let names = b.byName.get(nsName);
        if (!names) b.byName.set(nsName, (names = new Map()));
        names.set(obj.metadata.name!, live);
      }
      if (!same) this.index(resource, b, key, obj, live);
    }
    const entry: HistoryEntry = { rv: this.rv, type, object: obj, old };
    b.history.push(entry);
    if (b.history.length - b.historyStart > this.historySize) {
      b.compactedRv = b.history[b.historyStart]!.rv;
      b.historyStart++;
      if (b.historyStart > 4096) {
        b.history = b.history.slice(b.historyStart);
        b.historyStart = 0;
      }
    }
    this.pendingBuckets.push(b);
    this.pendingEntries.push(entry);
    this.dispatch();
  }

  private dispatch(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let i = 0; i < this.pendingEntries.length; i++) {
        const entry = this.pendingEntries[i]!;
        // One event object for every watcher that sees the write as it is (most of them).
        const asIs: WatchEvent = { type: entry.type, object: entry.object };
        for (const w of this.pendingBuckets[i]!.watchers) this.deliver(w, entry, asIs);
        // Keep history lean: a replayed MODIFIED is judged on the new object alone.
        entry.old = undefined;
      }
    } finally {
      this.pendingBuckets.length = 0;
      this.pendingEntries.length = 0;
      this.dispatching = false;
    }
  }

  private index(resource: ResourceName, b: Bucket, key: string, o: KubeObject, slot: Slot): void {
    const labels = o.metadata.labels;
    for (const k in labels) {
      const lk = `${k}=${labels[k]}`;
      let ls = b.byLabel.get(lk);
      if (!ls) b.byLabel.set(lk, (ls = new Set()));
      ls.add(key);
    }
    const uid = o.metadata.uid!;
    this.byUid.set(uid, slot);
    for (const or of o.metadata.ownerReferences ?? []) {
      let d = this.dependents.get(or.uid);
      if (!d) this.dependents.set(or.uid, (d = new Map()));
      d.set(uid, slot);
    }
    if (resource === 'pods') {
      const node = (o as Pod).spec?.nodeName;
      if (node) {
        let ps = this.podsByNode.get(node);
        if (!ps) this.podsByNode.set(node, (ps = new Set()));
        ps.add(key);
      }
    }
  }

  private unindex(resource: ResourceName, b: Bucket, key: string, o: KubeObject): void {
    const labels = o.metadata.labels;
    for (const k in labels) {
      const lk = `${k}=${labels[k]}`;
      const ls = b.byLabel.get(lk);
      if (ls) {
        ls.delete(key);
        if (ls.size === 0) b.byLabel.delete(lk);
      }
    }
    const uid = o.metadata.uid!;
    this.byUid.delete(uid);
    for (const or of o.metadata.ownerReferences ?? []) {
      const d = this.dependents.get(or.uid);
      if (d) {
        d.delete(uid);
        if (d.size === 0) this.dependents.delete(or.uid);
      }
    }
    if (resource === 'pods') {
      const node = (o as Pod).spec?.nodeName;
      if (node) this.podsByNode.get(node)?.delete(key);
    }
  }

  // ------------------------------------------------------------------ allocation

  private allocateClusterIP(): string {
    // 10.96.0.0/12; .0.1 is the kubernetes Service, the rest drawn from the RNG like the real allocator.
    for (let i = 0; i < 100000; i++) {
      const n = 2 + this.opts.rng.int((1 << 20) - 3);
      const ip = `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
      if (!this.clusterIPs.has(ip)) return ip;
    }
    throw new ApiError(500, 'InternalError', 'range is full');
  }

  private allocateNodePort(): number {
    for (let i = 0; i < 100000; i++) {
      const p = 30000 + this.opts.rng.int(2768);
      if (!this.nodePorts.has(p)) return p;
    }
    throw new ApiError(500, 'InternalError', 'range is full');
  }
}


function* keysOf(slots: Map<string, Slot> | undefined): Iterable<string> {
  if (slots) for (const s of slots.values()) yield s.key;
}

function cmpKey(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Copies what the store will change (top level and metadata, plus spec/status one level deep)
 * so the caller's object is never mutated by defaulting.
 */
function structuredCloneShallow<T extends KubeObject>(o: T): T {
  return cloneJson(o);
}

/** Deep copy of JSON-shaped data; faster than structuredClone for the small objects the store holds. */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneJson(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = cloneJson(x);
  }
  return out as T;
}
