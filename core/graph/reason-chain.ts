import type { PodAssessment } from './pod-health';

/**
 * Outer objects (Service, Deployment, ReplicaSet, pod group) explain themselves through their pods:
 * "3/3 pods not ready" then the most common pod-level cause. These helpers build that middle and
 * inner part of a chain so every outer object words it the same way.
 */
export interface PodTally {
  total: number;
  ready: number;
  notReady: number;
  /** Not ready with a known failure (probe failures, crash loops, image pulls, scheduling). */
  failing: number;
  /** The most common pod root cause, with how many pods share it. */
  topCause?: { line: string; count: number };
}

/**
 * A tally before its top cause is picked: the per-cause counts, so the tallies of several ReplicaSets
 * add up to their Deployment's without going over every pod again.
 */
export interface PodTallyCounts {
  total: number;
  ready: number;
  failing: number;
  causes: Map<string, number>;
}

/** Terminating pods are leaving on purpose, so they are left out of every count. */
export function countPods(pods: readonly PodAssessment[]): PodTallyCounts {
  const causes = new Map<string, number>();
  let total = 0;
  let ready = 0;
  let failing = 0;
  for (const pod of pods) {
    if (pod.terminating || pod.status === 'idle') continue;
    total += 1;
    if (pod.ready && pod.state === 'ready' && pod.status === 'ok') ready += 1;
    if (pod.rootCause) {
      failing += 1;
      causes.set(pod.rootCause, (causes.get(pod.rootCause) ?? 0) + 1);
    }
  }
  return { total, ready, failing, causes };
}

/** The counts of several groups of pods (e.g. a Deployment's ReplicaSets) as one. */
export function addCounts(parts: readonly PodTallyCounts[]): PodTallyCounts {
  const sum: PodTallyCounts = { total: 0, ready: 0, failing: 0, causes: new Map() };
  for (const part of parts) {
    sum.total += part.total;
    sum.ready += part.ready;
    sum.failing += part.failing;
    for (const [line, count] of part.causes) sum.causes.set(line, (sum.causes.get(line) ?? 0) + count);
  }
  return sum;
}

export function tallyFromCounts(counts: PodTallyCounts): PodTally {
  let topCause: PodTally['topCause'];
  // Most common first, then alphabetical, so the chosen cause never depends on pod order.
  for (const [line, count] of counts.causes) {
    if (!topCause || count > topCause.count || (count === topCause.count && line < topCause.line)) {
      topCause = { line, count };
    }
  }
  const { total, ready, failing } = counts;
  return { total, ready, notReady: total - ready, failing, ...(topCause ? { topCause } : {}) };
}

export function tallyPods(pods: readonly PodAssessment[]): PodTally {
  return tallyFromCounts(countPods(pods));
}

/** ["3/3 pods not ready", "readiness probe /ready failed 3 times"] */
export function podChain(tally: PodTally): string[] {
  const lines: string[] = [];
  if (tally.notReady > 0) lines.push(`${tally.notReady}/${tally.total} pods not ready`);
  if (tally.topCause) {
    const share =
      tally.topCause.count < tally.failing
        ? ` (${tally.topCause.count} of ${tally.failing} failing pods)`
        : '';
    lines.push(tally.topCause.line + share);
  }
  return lines;
}
