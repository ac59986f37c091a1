import { rfc3339, type VirtualClock } from '../clock/virtual-clock.js';
import type { KubeEvent, KubeObject } from '../store/kube-types.js';
import type { ObjectStore } from '../store/object-store.js';
import { aggregate, allowBySpamFilter, COMBINED_PREFIX, type ObjectCorrelation } from './event-correlator.js';

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
 * controller-manager) writes every repeat its spam filter lets through (event-correlator.ts).
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
 * object instead of creating a new one (events_cache.go EventCorrelator: eventObserve), after the
 * aggregation and spam filter of event-correlator.ts.
 */
/** An event the recorder observed: what makes a later one "the same" (besides the message). */
interface Recorded {
  name: string;
  reason: string;
  component: string;
  type: string;
  fieldPath: string | undefined;
  /** Occurrences observed, written or not (upstream's eventLog.count; the legacy recorder's only). */
  count: number;
  /** firstTimestamp, kept for an event created late (its first occurrences were dropped). */
  first: string;
}

/** What the recorder keeps per involved object (uid). */
interface ObjectEvents extends ObjectCorrelation<Recorded> {
  /**
   * message -> the event(s) recorded with it. Keyed by the message string itself (which the event
   * holds anyway) rather than a joined "reason|message|..." key: no string built, hashed and kept
   * per event. More than one only when two events differ in reason, source, type or field path.
   */
  byMessage: Map<string, Recorded | Recorded[]>;
  /** The trace's object label ("Pod/default/web-1"), built once per object, not per event. */
  label: string;
}

/** One call to record(): what the event says and who says it. */
interface Occurrence {
  obj: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  host: string | undefined;
  fieldPath: string | undefined;
  /** The shared source object of `component` and `host`. */
  source: KubeEvent['source'];
}

function same(r: Recorded, reason: string, component: string, type: string, fieldPath: string | undefined): boolean {
  return r.reason === reason && r.component === component && r.type === type && r.fieldPath === fieldPath;
}

function find(prior: Recorded | Recorded[] | undefined, reason: string, component: string, type: string, fieldPath: string | undefined): Recorded | undefined {
  if (prior === undefined) return undefined;
  if (!Array.isArray(prior)) return same(prior, reason, component, type, fieldPath) ? prior : undefined;
  return prior.find((r) => same(r, reason, component, type, fieldPath));
}

/** Files `rec` under its message, replacing an entry for the same reason, source, type and field path. */
function remember(known: ObjectEvents, message: string, rec: Recorded): void {
  const prior = known.byMessage.get(message);
  if (prior === undefined) {
    known.byMessage.set(message, rec);
    return;
  }
  const list = (Array.isArray(prior) ? prior : [prior]).filter((r) => !same(r, rec.reason, rec.component, rec.type, rec.fieldPath));
  list.push(rec);
  known.byMessage.set(message, list.length === 1 ? list[0]! : list);
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

  /**
   * Records an event the way the component's recorder would write it. Returns false when the
   * legacy recorder's spam filter dropped it (nothing reached the apiserver), true otherwise.
   */
  record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
    opts: { host?: string; fieldPath?: string; series?: boolean } = {},
  ): boolean {
    const meta = obj.metadata;
    const objUid = `${meta.uid}`;
    let known = this.byObject.get(objUid);
    if (!known) this.byObject.set(objUid, (known = { byMessage: new Map(), label: objectLabel(obj) }));
    const fieldPath = opts.fieldPath || undefined;
    const o: Occurrence = { obj, type, reason, message, component, host: opts.host, fieldPath, source: this.source(component, opts.host) };
    if (opts.series) return this.recordSeries(o, known);
    const now = this.clock.now();
    const ns = meta.namespace ?? 'default';
    // The aggregation group when this event joins its combined event ("(combined from similar events): ...").
    const group = aggregate(known, o.source, type, reason, message, now);
    const text = group ? COMBINED_PREFIX + message : message;
    // eventObserve: the count is kept here, so one the spam filter drops still counts.
    let rec = group ? group.combined : find(known.byMessage.get(message), reason, component, type, fieldPath);
    const at = rfc3339(now);
    if (rec) rec.count++;
    else {
      rec = { name: this.eventName(meta.name, now), reason, component, type, fieldPath, count: 1, first: at };
      if (group) group.combined = rec;
      else remember(known, message, rec);
    }
    if (!allowBySpamFilter(known, o.source, now)) return false;
    const stored = this.store.tryGet('events', ns, rec.name);
    if (stored) {
      this.store.updateEvent({ ...stored, metadata: { ...stored.metadata }, count: rec.count, lastTimestamp: at, message: stored.message === text ? stored.message : text });
    } else {
      // Never written (dropped by the spam filter) or expired: created with the count so far.
      try {
        this.store.createEvent(this.newEvent(o, rec.name, ns, text, rec.first, at, rec.count));
      } catch {
        // The namespace may be gone; events are best effort upstream too.
      }
    }
    // A repeat carries text the stored event already holds: the trace keeps that copy, not a new one.
    this.trace1(now, o, known.label, stored?.message === text ? stored.message : text, rec.count);
    return true;
  }

  /**
   * The events.k8s.io recorder (kube-scheduler): repeats become a series, see SERIES_REFRESH_MS.
   * It counts on the stored event (a series' count lives in `series` while it runs), not on
   * Recorded.count.
   */
  private recordSeries(o: Occurrence, known: ObjectEvents): boolean {
    const meta = o.obj.metadata;
    const ns = meta.namespace ?? 'default';
    const now = this.clock.now();
    const prior = find(known.byMessage.get(o.message), o.reason, o.component, o.type, o.fieldPath);
    const existing = prior ? this.store.tryGet('events', ns, prior.name) : undefined;
    let count = 1;
    if (existing && existing.count >= 2) {
      // A running series: counted here, written by the refresh or when the series finishes.
      const running = this.series.get(existing.metadata.name!);
      count = (running?.count ?? existing.count) + 1;
      this.series.set(existing.metadata.name!, { namespace: ns, objUid: `${meta.uid}`, message: o.message, count, lastObserved: now });
      this.armSeriesTimers();
    } else if (existing) {
      count = existing.count + 1;
      this.store.updateEvent({ ...existing, metadata: { ...existing.metadata }, count, lastTimestamp: rfc3339(now) });
    } else {
      const at = rfc3339(now);
      const rec: Recorded = { name: this.eventName(meta.name, now), reason: o.reason, component: o.component, type: o.type, fieldPath: o.fieldPath, count: 1, first: at };
      try {
        this.store.createEvent(this.newEvent(o, rec.name, ns, o.message, at, at, 1));
        // A recreated event (the old one expired or was deleted) replaces its entry.
        remember(known, o.message, rec);
      } catch {
        // The namespace may be gone; events are best effort upstream too.
      }
    }
    this.trace1(now, o, known.label, existing?.message === o.message ? existing.message : o.message, count);
    return true;
  }

  /** Upstream names events "<object>.<hex unix nanos>"; a counter keeps names unique per ms. */
  private eventName(objectName: string | undefined, now: number): string {
    return `${objectName}.${this.hexTime(now)}${(this.seq++ % 0x100000).toString(16).padStart(5, '0')}`;
  }

  private newEvent(o: Occurrence, name: string, ns: string, message: string, first: string, last: string, count: number): KubeEvent {
    const meta = o.obj.metadata;
    const involved: KubeEvent['involvedObject'] = {
      kind: o.obj.kind,
      namespace: meta.namespace,
      name: meta.name ?? '',
      uid: meta.uid ?? '',
      apiVersion: o.obj.apiVersion,
      resourceVersion: meta.resourceVersion,
    };
    if (o.fieldPath) involved.fieldPath = o.fieldPath;
    if (!meta.namespace) delete involved.namespace;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: involved,
      reason: o.reason,
      message,
      source: o.source,
      firstTimestamp: first,
      lastTimestamp: last,
      count,
      type: o.type,
      eventTime: null,
      reportingComponent: o.component,
      reportingInstance: o.host ?? '',
    };
  }

  private trace1(t: number, o: Occurrence, object: string, message: string, count: number): void {
    const rec: EventRecord = { t, type: o.type, reason: o.reason, object, message, component: o.component, count };
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
    // One unsorted pass (tens of thousands of events after an hour of a large lab).
    const live = new Set<string>();
    for (const e of this.store.select('events', undefined, undefined, [], false)) {
      if (Date.parse(e.lastTimestamp) < cutoff) this.store.delete('events', e.metadata.namespace, e.metadata.name!);
      else live.add(e.metadata.name!);
    }
    // An observation whose event is gone is forgotten, and so is one never written (the spam
    // filter dropped it) that is older than the TTL.
    const keep = (r: Recorded): boolean => live.has(r.name) || Date.parse(r.first) >= cutoff;
    for (const [uid, known] of this.byObject) {
      for (const [message, prior] of known.byMessage) {
        const kept = (Array.isArray(prior) ? prior : [prior]).filter(keep);
        if (kept.length === 0) known.byMessage.delete(message);
        else known.byMessage.set(message, kept.length === 1 ? kept[0]! : kept);
      }
      // The spam buckets and aggregation groups (with their combined events) live as long as their object.
      if (known.byMessage.size === 0 && !this.store.getByUid(uid)) this.byObject.delete(uid);
    }
  }
}

function objectLabel(obj: KubeObject): string {
  const meta = obj.metadata;
  return `${obj.kind}/${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
}
