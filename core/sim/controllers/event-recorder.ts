import { rfc3339, type VirtualClock } from '../clock/virtual-clock.js';
import type { KubeEvent, KubeObject } from '../store/kube-types.js';
import type { ObjectStore } from '../store/object-store.js';

/** One line of the simulator's trace: every event recorded, including repeats that were aggregated. */
export interface EventRecord {
  t: number;
  type: 'Normal' | 'Warning';
  reason: string;
  object: string;
  message: string;
  component: string;
  count: number;
}

const TRACE_LIMIT = 50_000;

/**
 * client-go tools/record, reduced: events are core/v1 Event objects; an identical event
 * (same object, reason, message, source, type) bumps `count` and `lastTimestamp` of the existing
 * object instead of creating a new one (events_cache.go EventCorrelator, aggregation by key).
 */
/** An event the recorder created: what makes a later one "the same" (besides the message). */
interface Recorded {
  name: string;
  reason: string;
  component: string;
  type: string;
  fieldPath: string | undefined;
}

/** What the recorder keeps per involved object (uid). */
interface ObjectEvents {
  /**
   * message -> the event(s) recorded with it. Keyed by the message string itself (which the event
   * holds anyway) rather than a joined "reason|message|..." key: no string built, hashed and kept
   * per event. More than one only when two events differ in reason, source, type or field path.
   */
  byMessage: Map<string, Recorded | Recorded[]>;
  /** The trace's object label ("Pod/default/web-1"), built once per object, not per event. */
  label: string;
}

function same(r: Recorded, reason: string, component: string, type: string, fieldPath: string | undefined): boolean {
  return r.reason === reason && r.component === component && r.type === type && r.fieldPath === fieldPath;
}

export class EventRecorder {
  /** involved object uid -> its recorded events (the stored uid string's hash is cached). */
  private readonly byObject = new Map<string, ObjectEvents>();
  /**
   * Event sources are shared read-only objects, one per component and host (a few hundred at most),
   * found by the caller's own strings (no joined key to build and hash per event).
   */
  private readonly sources = new Map<string, Map<string, KubeEvent['source']>>();
  private readonly trace: EventRecord[] = [];
  private traceStart = 0;
  private seq = 0;
  private hexAt = NaN;
  private hex = '';
  private readonly listeners = new Set<(e: EventRecord) => void>();

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: VirtualClock,
  ) {}

  record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
    opts: { host?: string; fieldPath?: string } = {},
  ): void {
    const meta = obj.metadata;
    const ns = meta.namespace ?? 'default';
    const now = this.clock.now();
    const fieldPath = opts.fieldPath || undefined;
    const objUid = `${meta.uid}`;
    let known = this.byObject.get(objUid);
    const prior = known?.byMessage.get(message);
    let existingName: string | undefined;
    if (prior !== undefined) {
      if (!Array.isArray(prior)) existingName = same(prior, reason, component, type, fieldPath) ? prior.name : undefined;
      else existingName = prior.find((r) => same(r, reason, component, type, fieldPath))?.name;
    }
    let count = 1;
    const existing = existingName ? this.store.tryGet('events', ns, existingName) : undefined;
    // A repeat carries text the stored event already holds: the trace keeps that copy, not a new one.
    const text = existing?.message === message ? existing.message : message;
    if (existing) {
      count = existing.count + 1;
      this.store.updateEvent({ ...existing, metadata: { ...existing.metadata }, count, lastTimestamp: rfc3339(now) });
    } else {
      // Upstream names events "<object>.<hex unix nanos>"; a counter keeps names unique per ms.
      const name = `${meta.name}.${this.hexTime(now)}${(this.seq++ % 0x100000).toString(16).padStart(5, '0')}`;
      const at = rfc3339(now);
      const involved: KubeEvent['involvedObject'] = {
        kind: obj.kind,
        namespace: meta.namespace,
        name: meta.name ?? '',
        uid: meta.uid ?? '',
        apiVersion: obj.apiVersion,
        resourceVersion: meta.resourceVersion,
      };
      if (opts.fieldPath) involved.fieldPath = opts.fieldPath;
      if (!meta.namespace) delete involved.namespace;
      const ev: KubeEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: involved,
        reason,
        message,
        source: this.source(component, opts.host),
        firstTimestamp: at,
        lastTimestamp: at,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: opts.host ?? '',
      };
      try {
        this.store.createEvent(ev);
        if (!known) this.byObject.set(objUid, (known = { byMessage: new Map(), label: objectLabel(obj) }));
        const rec: Recorded = { name, reason, component, type, fieldPath };
        // A recreated event (the old one expired or was deleted) replaces its entry.
        if (prior === undefined) known.byMessage.set(message, rec);
        else {
          const list = (Array.isArray(prior) ? prior : [prior]).filter((r) => !same(r, reason, component, type, fieldPath));
          list.push(rec);
          known.byMessage.set(message, list.length === 1 ? list[0]! : list);
        }
      } catch {
        // The namespace may be gone; events are best effort upstream too.
      }
    }
    const rec: EventRecord = {
      t: now,
      type,
      reason,
      object: known?.label ?? objectLabel(obj),
      message: text,
      component,
      count,
    };
    this.trace.push(rec);
    if (this.trace.length - this.traceStart > TRACE_LIMIT) this.traceStart++;
    if (this.traceStart > 10_000) {
      this.trace.splice(0, this.traceStart);
      this.traceStart = 0;
    }
    if (this.listeners.size > 0) for (const l of this.listeners) l(rec);
  }

  private source(component: string, host: string | undefined): KubeEvent['source'] {
    let byHost = this.sources.get(component);
    if (!byHost) this.sources.set(component, (byHost = new Map()));
    let s = byHost.get(host ?? '');
    if (!s) byHost.set(host ?? '', (s = host ? { component, host } : { component }));
    return s;
  }

  /** now.toString(16), remembered for the current instant (radix conversion of a double is slow; bursts share an instant). */
  private hexTime(now: number): string {
    if (now !== this.hexAt) {
      this.hexAt = now;
      this.hex = now.toString(16);
    }
    return this.hex;
  }

  records(): readonly EventRecord[] {
    return this.trace.slice(this.traceStart);
  }

  onRecord(fn: (e: EventRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Events expire after an hour upstream (--event-ttl); keeps memory bounded on long runs. */
  expire(ttlMs = 3_600_000): void {
    const cutoff = this.clock.now() - ttlMs;
    for (const e of this.store.list('events').items) {
      if (Date.parse(e.lastTimestamp) < cutoff) {
        this.store.delete('events', e.metadata.namespace, e.metadata.name!);
      }
    }
    const live = new Set(this.store.list('events').items.map((e) => e.metadata.name));
    for (const [uid, known] of this.byObject) {
      for (const [message, prior] of known.byMessage) {
        const kept = (Array.isArray(prior) ? prior : [prior]).filter((r) => live.has(r.name));
        if (kept.length === 0) known.byMessage.delete(message);
        else known.byMessage.set(message, kept.length === 1 ? kept[0]! : kept);
      }
      if (known.byMessage.size === 0) this.byObject.delete(uid);
    }
  }
}

function objectLabel(obj: KubeObject): string {
  const meta = obj.metadata;
  return `${obj.kind}/${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
}
