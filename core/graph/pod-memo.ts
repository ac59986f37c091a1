/**
 * Pod assessments kept from one build to the next. The engine rebuilds the graph on every change, and
 * at 1,000 pods assessing every pod again was a third of a rebuild while one pod had changed. A pod
 * whose API object is the very same object as last time (the watch cache replaces an object only when
 * it changes), on a node in the same state, with Warning events that read the same (when its
 * assessment read any: `warningsDigest`), gets last time's assessment back. Same input, same
 * output: buildGraph stays a function of its input; the memo only skips work.
 */
import type { EventIndex } from './event-index';
import { sameItems } from './graph-memo';
import type { KubeEvent, Pod } from './graph-input';
import { nodeId } from './graph-model';
import { controllerOf } from './owner-refs';
import { assessPod, versionOf, warningsDigest, type PodAssessment } from './pod-health';

interface SeenWarnings {
  list: readonly KubeEvent[];
  digest: string;
}

interface Entry {
  nodeNotReady: string | undefined;
  /** The Warning events the assessment read (undefined: it read none, so they cannot change it). */
  warnings: SeenWarnings | undefined;
  assessment: PodAssessment;
}

export interface PodMemo {
  /** Keyed by the pod object itself: a changed pod is a new object, and old ones are collected. */
  readonly entries: WeakMap<Pod, Entry>;
}

/**
 * Every assessment in one property order. assessPod builds its answers by spreading, which gives
 * objects of many hidden classes, and reading them in the per-pod loops of every rebuild was then a
 * slow (megamorphic) property lookup.
 */
function uniform(a: PodAssessment): PodAssessment {
  const out: PodAssessment = {
    state: a.state,
    status: a.status,
    summary: a.summary,
    phase: a.phase,
    ready: a.ready,
    restarts: a.restarts,
    terminating: a.terminating,
    reasons: a.reasons,
  };
  if (a.rootCause !== undefined) out.rootCause = a.rootCause;
  return out;
}

/** assessPod, answered from `memo` when nothing it depends on changed. */
export function assessPodMemo(
  pod: Pod,
  events: EventIndex,
  nodeNotReady: string | undefined,
  memo: PodMemo | undefined,
): PodAssessment {
  const context = nodeNotReady === undefined ? { events } : { events, nodeNotReady };
  if (!memo) return assessPod(pod, context);
  const meta = pod.metadata;
  const entry = memo.entries.get(pod);
  if (
    entry &&
    entry.nodeNotReady === nodeNotReady &&
    (entry.warnings === undefined ||
      sameWarnings(entry.warnings, events.warningsFor('Pod', meta.namespace, meta.name, meta.uid)))
  ) {
    return entry.assessment;
  }
  let warnings: readonly KubeEvent[] | undefined;
  const recording: EventIndex = {
    warningsFor(kind, namespace, name, uid) {
      const list = events.warningsFor(kind, namespace, name, uid);
      warnings = list;
      return list;
    },
  };
  const assessment = uniform(assessPod(pod, { ...context, events: recording }));
  memo.entries.set(pod, {
    nodeNotReady,
    warnings: warnings && { list: warnings, digest: warningsDigest(warnings) },
    assessment,
  });
  return assessment;
}

/** The same events, or events that read the same to assessPod. The digest is kept up to date. */
function sameWarnings(seen: SeenWarnings, now: readonly KubeEvent[]): boolean {
  if (sameItems(seen.list, now)) return true;
  const digest = warningsDigest(now);
  if (digest !== seen.digest) return false;
  seen.list = now;
  return true;
}

/** What buildGraph reads of a pod that depends on the pod object alone. */
export interface PodFacts {
  id: string;
  /** The graph id of the ReplicaSet that controls the pod, if one does. */
  replicaSetId: string | undefined;
  version: string | undefined;
}

/**
 * Kept per pod object for as long as the object lives: the ids and the version label never change
 * for the same object, and working them out again for 1,000 unchanged pods was a tenth of a rebuild.
 */
const factsByPod = new WeakMap<Pod, PodFacts>();

export function podFacts(pod: Pod): PodFacts {
  let facts = factsByPod.get(pod);
  if (facts) return facts;
  const namespace = pod.metadata.namespace ?? 'default';
  const rsRef = controllerOf(pod, 'ReplicaSet');
  facts = {
    id: nodeId('pod', namespace, pod.metadata.name),
    replicaSetId: rsRef ? nodeId('replicaset', namespace, rsRef.name) : undefined,
    version: versionOf(pod.metadata.labels, pod.spec?.containers[0]?.image),
  };
  factsByPod.set(pod, facts);
  return facts;
}
