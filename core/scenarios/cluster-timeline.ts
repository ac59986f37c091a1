/**
 * Records every change the watch delivers, stamped with cluster time, so checks can look at a step's
 * history ("the old ReplicaSet scaled down gradually") and not only its end state. The cache notifies
 * in batches; each batch is diffed by resourceVersion against what was seen before, so every version
 * the informers delivered between two batches collapses into its latest one (at 5 ms batches that is
 * finer than any rollout step).
 */
import type { ClusterCache } from '../kube/cluster-cache';
import type { KubeObject, TimelineEntry } from '../../scenarios/scenario-kit';
import type { TimelineRecorder } from './scenario-ports';

const MAX_ENTRIES = 200_000;

export function recordTimeline(
  cache: ClusterCache,
  resources: readonly string[],
  now: () => number,
  namespace: string,
): TimelineRecorder {
  const seen = new Map<string, Map<string, KubeObject>>();
  const entries: TimelineEntry[] = [];
  const inScope = (o: KubeObject) => !o.metadata?.namespace || o.metadata.namespace === namespace;

  function diff(resource: string, t: number, record: boolean) {
    const before = seen.get(resource) ?? new Map<string, KubeObject>();
    const after = new Map<string, KubeObject>();
    for (const raw of cache.list(resource)) {
      const object = raw as KubeObject;
      if (!inScope(object)) continue;
      const name = object.metadata?.name ?? '';
      after.set(name, object);
      if (!record) continue;
      const old = before.get(name);
      if (!old) entries.push({ t, type: 'ADDED', resource, name, object });
      else if (old.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
        entries.push({ t, type: 'MODIFIED', resource, name, object });
      }
    }
    if (record) {
      for (const [name, object] of before)
        if (!after.has(name)) entries.push({ t, type: 'DELETED', resource, name, object });
    }
    seen.set(resource, after);
    if (entries.length > MAX_ENTRIES) entries.splice(0, entries.length - MAX_ENTRIES);
  }

  for (const resource of resources) diff(resource, now(), false);
  const unsubscribe = cache.onChange((changed) => {
    const t = now();
    for (const resource of changed) if (resources.includes(resource)) diff(resource, t, true);
  });

  return {
    since(since) {
      // Stamps come from an estimated clock that a sync may set back slightly, so filter, not bisect.
      return entries.filter((e) => e.t >= since);
    },
    list(resource) {
      return cache.list(resource).filter((o) => inScope(o as KubeObject)) as KubeObject[];
    },
    snapshot() {
      const out = new Map<string, KubeObject[]>();
      for (const resource of resources) out.set(resource, this.list(resource));
      return out;
    },
    count: () => entries.length,
    stop: unsubscribe,
  };
}
