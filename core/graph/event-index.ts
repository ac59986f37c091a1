import type { KubeEvent } from './graph-input';

/**
 * Warning events grouped by the object they are about, newest first. Events outlive the problem
 * they describe (an hour by default in the API server), so callers only read them for objects whose
 * status already says something is wrong, and stale ones are dropped here.
 */
export interface EventIndex {
  warningsFor(kind: string, namespace: string | undefined, name: string, uid?: string): KubeEvent[];
}

export function eventTime(event: KubeEvent): number | undefined {
  const stamp =
    event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  if (!stamp) return undefined;
  const ms = Date.parse(stamp);
  return Number.isNaN(ms) ? undefined : ms;
}

function key(kind: string | undefined, namespace: string | undefined, name: string | undefined): string {
  return `${kind ?? ''}/${namespace ?? ''}/${name ?? ''}`;
}

export function indexWarningEvents(
  events: KubeEvent[] | undefined,
  now: number,
  maxAgeMs: number,
): EventIndex {
  const byUid = new Map<string, KubeEvent[]>();
  const byName = new Map<string, KubeEvent[]>();
  const fresh = (events ?? []).filter((event) => {
    if (event.type !== 'Warning') return false;
    const at = eventTime(event);
    return at === undefined || now - at <= maxAgeMs;
  });
  // Newest first; ties broken by name so the output never depends on list order.
  fresh.sort((a, b) => {
    const diff = (eventTime(b) ?? 0) - (eventTime(a) ?? 0);
    if (diff !== 0) return diff;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
  for (const event of fresh) {
    const { uid, kind, name } = event.involvedObject;
    const namespace = event.involvedObject.namespace ?? event.metadata.namespace;
    if (uid) push(byUid, uid, event);
    push(byName, key(kind, namespace, name), event);
  }
  return {
    warningsFor(kind, namespace, name, uid) {
      // A uid match is exact; the name fallback covers fixtures and events recorded without a uid.
      // Both are read because a recreated object with the same name gets a new uid.
      const byId = uid ? (byUid.get(uid) ?? []) : [];
      const named = (byName.get(key(kind, namespace, name)) ?? []).filter(
        (event) => !uid || !event.involvedObject.uid || event.involvedObject.uid === uid,
      );
      if (byId.length === 0) return named;
      const seen = new Set(byId);
      return [...byId, ...named.filter((event) => !seen.has(event))];
    },
  };
}

function push(map: Map<string, KubeEvent[]>, k: string, event: KubeEvent): void {
  const list = map.get(k);
  if (list) list.push(event);
  else map.set(k, [event]);
}
