/**
 * Pod assessments kept from one build to the next. The engine rebuilds the graph on every change, and
 * at 1,000 pods assessing every pod again was a third of a rebuild while one pod had changed. A pod
 * whose API object is the very same object as last time (the watch cache replaces an object only when
 * it changes), on a node in the same state, with the same Warning events (when its assessment read
 * any), gets last time's assessment back. Same input, same output: buildGraph stays a function of its
 * input; the memo only skips work.
 */
import type { EventIndex } from './event-index';
import type { KubeEvent, Pod } from './graph-input';
import { assessPod, type PodAssessment } from './pod-health';

interface Entry {
  nodeNotReady: string | undefined;
  /** The Warning events the assessment read (undefined: it read none, so they cannot change it). */
  warnings: KubeEvent[] | undefined;
  assessment: PodAssessment;
}

export interface PodMemo {
  /** Keyed by the pod object itself: a changed pod is a new object, and old ones are collected. */
  readonly entries: WeakMap<Pod, Entry>;
}

export function createPodMemo(): PodMemo {
  return { entries: new WeakMap() };
}

function sameEvents(a: readonly KubeEvent[], b: readonly KubeEvent[]): boolean {
  return a.length === b.length && a.every((event, i) => event === b[i]);
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
      sameEvents(entry.warnings, events.warningsFor('Pod', meta.namespace, meta.name, meta.uid)))
  ) {
    return entry.assessment;
  }
  let warnings: KubeEvent[] | undefined;
  const recording: EventIndex = {
    warningsFor(kind, namespace, name, uid) {
      const list = events.warningsFor(kind, namespace, name, uid);
      warnings = list;
      return list;
    },
  };
  const assessment = assessPod(pod, { ...context, events: recording });
  memo.entries.set(pod, { nodeNotReady, warnings, assessment });
  return assessment;
}
