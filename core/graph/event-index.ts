import type { KubeEvent } from './graph-input';
import { sameItems, type GraphMemo } from './graph-memo';

/**
 * Warning events grouped by the object they are about, newest first. Events outlive the problem
 * they describe (an hour by default in the API server), so callers only read them for objects whose
 * status already says something is wrong, and stale ones are dropped here.
 */
export interface EventIndex {
  warningsFor(kind: string, namespace: string | undefined, name: string, uid?: string): readonly KubeEvent[];
}

/**
 * Parsed once per event object: the engine rebuilds the graph on every change, and at 1,000 pods
 * parsing every event's timestamp again on each rebuild was a tenth of the rebuild.
 */
const parsedTimes = new WeakMap<KubeEvent, number | undefined>();

export function eventTime(event: KubeEvent): number | undefined {
  if (parsedTimes.has(event)) return parsedTimes.get(event);
  const stamp =
    event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  const ms = stamp ? Date.parse(stamp) : NaN;
  const at = Number.isNaN(ms) ? undefined : ms;
  parsedTimes.set(event, at);
  return at;
}

function key(kind: string | undefined, namespace: string | undefined, name: string | undefined): string {
  return `${kind ?? ''}/${namespace ?? ''}/${name ?? ''}`;
}

const NONE: KubeEvent[] = [];

export function indexWarningEvents(
  events: KubeEvent[] | undefined,
  now: number,
  maxAgeMs: number,
  memo?: GraphMemo,
): EventIndex {
  const fresh: { event: KubeEvent; at: number }[] = [];
  for (const event of events ?? []) {
    if (event.type !== 'Warning') continue;
    const at = eventTime(event);
    if (at === undefined || now - at <= maxAgeMs) fresh.push({ event, at: at ?? 0 });
  }
  // The same fresh warnings as last build: the same index (it depends on nothing else).
  const freshEvents = fresh.map(({ event }) => event);
  if (memo?.warnings && sameItems(memo.warnings.fresh, freshEvents)) return memo.warnings.index;
  const byUid = new Map<string, KubeEvent[]>();
  const byName = new Map<string, KubeEvent[]>();
  // Newest first; ties broken by name so the output never depends on list order.
  fresh.sort((a, b) => {
    const diff = b.at - a.at;
    if (diff !== 0) return diff;
    const x = a.event.metadata.name;
    const y = b.event.metadata.name;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const { event } of fresh) {
    const { uid, kind, name } = event.involvedObject;
    const namespace = event.involvedObject.namespace ?? event.metadata.namespace;
    if (uid) push(byUid, uid, event);
    push(byName, key(kind, namespace, name), event);
  }
  const index: EventIndex = {
    warningsFor(kind, namespace, name, uid) {
      // A uid match is exact; the name fallback covers fixtures and events recorded without a uid.
      // Both are read because a recreated object with the same name gets a new uid.
      const byId = uid ? byUid.get(uid) : undefined;
      const named = byName.get(key(kind, namespace, name));
      // Most objects have no warnings: answer them without allocating (a rebuild asks for every pod).
      if (!named) return byId ?? NONE;
      if (!uid) return named;
      // Named events with this uid are in byId already; those of another uid are another object's.
      let withoutUid: KubeEvent[] | undefined;
      for (const event of named) if (!event.involvedObject.uid) (withoutUid ??= []).push(event);
      if (!withoutUid) return byId ?? NONE;
      return byId ? [...byId, ...withoutUid] : withoutUid;
    },
  };
  if (memo) memo.warnings = { fresh: freshEvents, index };
  return index;
}

function push(map: Map<string, KubeEvent[]>, k: string, event: KubeEvent): void {
  const list = map.get(k);
  if (list) list.push(event);
  else map.set(k, [event]);
}
