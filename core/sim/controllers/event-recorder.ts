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
 * Components that record through the events.k8s.io API (client-go tools/events, used by
 * kube-scheduler) aggregate repeats as a series: the second occurrence is written (count 2), later
 * ones are only counted in memory, and the count is written every 30 minutes (refreshTime) or when
 * the series ends, 6 minutes after its last occurrence (finishTime). The legacy recorder (kubelet,
 * controller-manager) writes every repeat.
 */
const SERIES_REFRESH_MS = 30 * 60_000;
const SERIES_FINISH_MS = 6 * 60_000;

/** A series whose count is ahead of the stored event. */
interface Series {
  namespace: string;
  /** The involved object's uid and the message: where the recorder finds the event for a repeat. */
  objUid: string;
  message: string;
  count: number;
  lastObserved: number;
}

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
  /** Stored event name -> its series counted in memory (events.k8s.io recorders only). */
  private readonly series = new Map<string, Series>();
  private refreshArmed = false;
  private finishArmed = false;

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
    opts: { host?: string; fieldPath?: string; series?: boolean } = {},
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
    if (existing && opts.series && existing.count >= 2) {
      // A running series: counted here, written by the refresh or when the series finishes.
      const running = this.series.get(existing.metadata.name!);
      count = (running?.count ?? existing.count) + 1;
      this.series.set(existing.metadata.name!, { namespace: ns, objUid, message, count, lastObserved: now });
      this.armSeriesTimers();
    } else if (existing) {
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

  /**
   * refreshExistingEventSeries every 30 minutes and finishSeries every 6 (event_broadcaster.go), each
   * running while there are series and armed again by the next one.
   */
  private armSeriesTimers(): void {
    if (!this.refreshArmed) {
      this.refreshArmed = true;
      this.clock.after(SERIES_REFRESH_MS, () => {
        this.refreshArmed = false;
        for (const name of [...this.series.keys()].sort()) this.writeSeries(name, false);
        if (this.series.size > 0) this.armSeriesTimers();
      });
    }
    if (!this.finishArmed) {
      this.finishArmed = true;
      this.clock.after(SERIES_FINISH_MS, () => {
        this.finishArmed = false;
        const cutoff = this.clock.now() - SERIES_FINISH_MS;
        for (const [name, s] of [...this.series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          if (s.lastObserved < cutoff) this.writeSeries(name, true);
        if (this.series.size > 0) this.armSeriesTimers();
      });
    }
  }

  /** Writes a series' count and last occurrence to its stored event; `done` ends the series. */
  private writeSeries(name: string, done: boolean): void {
    const s = this.series.get(name);
    if (!s) return;
    const stored = this.store.tryGet('events', s.namespace, name);
    if (stored && stored.count !== s.count)
      this.store.updateEvent({ ...stored, metadata: { ...stored.metadata }, count: s.count, lastTimestamp: rfc3339(s.lastObserved) });
    if (!done && stored) return;
    this.series.delete(name);
    // A finished series leaves the recorder's cache: the next occurrence is a new event.
    const known = this.byObject.get(s.objUid);
    const prior = known?.byMessage.get(s.message);
    if (!known || prior === undefined) return;
    const kept = (Array.isArray(prior) ? prior : [prior]).filter((r) => r.name !== name);
    if (kept.length === 0) known.byMessage.delete(s.message);
    else known.byMessage.set(s.message, kept.length === 1 ? kept[0]! : kept);
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
