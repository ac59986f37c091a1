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

/** Terminating pods are leaving on purpose, so they are left out of every count. */
export function tallyPods(pods: PodAssessment[]): PodTally {
  const live = pods.filter((pod) => !pod.terminating && pod.status !== 'idle');
  const causes = new Map<string, number>();
  let ready = 0;
  let failing = 0;
  for (const pod of live) {
    if (pod.ready && pod.state === 'ready' && pod.status === 'ok') ready += 1;
    if (pod.rootCause) {
      failing += 1;
      causes.set(pod.rootCause, (causes.get(pod.rootCause) ?? 0) + 1);
    }
  }
  let topCause: PodTally['topCause'];
  // Most common first, then alphabetical, so the chosen cause never depends on pod order.
  for (const [line, count] of causes) {
    if (!topCause || count > topCause.count || (count === topCause.count && line < topCause.line)) {
      topCause = { line, count };
    }
  }
  const total = live.length;
  return { total, ready, notReady: total - ready, failing, ...(topCause ? { topCause } : {}) };
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
