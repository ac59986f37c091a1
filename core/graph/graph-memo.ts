/**
 * What one graph build leaves for the next, for a caller that rebuilds on every change (the engine):
 * pod assessments, the pods' sorted order and the index of Warning events. Each part is reused only
 * when its input is the very same objects as last time, so the output is the same with or without
 * the memo; it only skips work (at 1,000 pods a rebuild otherwise re-sorted, re-indexed and
 * re-assessed everything while one object had changed).
 */
import type { EventIndex } from './event-index';
import type { KubeEvent, Pod } from './graph-input';
import type { PodMemo } from './pod-memo';

export interface GraphMemo {
  readonly pods: PodMemo;
  /** The last pod list and its sorted, namespace-filtered form. */
  sortedPods?: { input: readonly Pod[]; scope: string | undefined; output: Pod[] };
  /** The last fresh Warning events (in list order) and the index built from them. */
  warnings?: { fresh: readonly KubeEvent[]; index: EventIndex };
}

export function createGraphMemo(): GraphMemo {
  return { pods: { entries: new WeakMap() } };
}

/** Same objects in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
