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
export class EventRecorder {
  /**
   * involved object uid -> "reason|message|component|type|fieldPath" -> event name. Split by uid so
   * the lookup hashes the stored uid (hash cached) plus a short key, in a small map.
   */
  private readonly byObject = new Map<string, Map<string, string>>();
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
    const key = `${reason}|${message}|${component}|${type}|${opts.fieldPath ?? ''}`;
    const objUid = `${meta.uid}`;
    const existingName = this.byObject.get(objUid)?.get(key);
    let count = 1;
    const existing = existingName ? this.store.tryGet('events', ns, existingName) : undefined;
    // A repeat carries text the stored event already holds: the trace keeps that copy, not a new one.
    const text = existing?.message === message ? existing.message : message;
    if (existing) {
      count = existing.count + 1;
      this.store.update('events', { ...existing, metadata: { ...existing.metadata }, count, lastTimestamp: rfc3339(now) }, { owned: true });
    } else {
      // Upstream names events "<object>.<hex unix nanos>"; a counter keeps names unique per ms.
      const name = `${meta.name}.${this.hexTime(now)}${(this.seq++ % 0x100000).toString(16).padStart(5, '0')}`;
      const ev: KubeEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: {
          kind: obj.kind,
          namespace: meta.namespace,
          name: meta.name ?? '',
          uid: meta.uid ?? '',
          apiVersion: obj.apiVersion,
          resourceVersion: meta.resourceVersion,
          ...(opts.fieldPath ? { fieldPath: opts.fieldPath } : {}),
        },
        reason,
        message,
        source: opts.host ? { component, host: opts.host } : { component },
        firstTimestamp: rfc3339(now),
        lastTimestamp: rfc3339(now),
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: opts.host ?? '',
      };
      if (!meta.namespace) delete ev.involvedObject.namespace;
      try {
        this.store.create('events', ev, { owned: true });
        let names = this.byObject.get(objUid);
        if (!names) this.byObject.set(objUid, (names = new Map()));
        names.set(key, name);
      } catch {
        // The namespace may be gone; events are best effort upstream too.
      }
    }
    const rec: EventRecord = {
      t: now,
      type,
      reason,
      object: `${obj.kind}/${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`,
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
    for (const l of this.listeners) l(rec);
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
    for (const [uid, names] of this.byObject) {
      for (const [k, n] of names) if (!live.has(n)) names.delete(k);
      if (names.size === 0) this.byObject.delete(uid);
    }
  }
}
