/**
 * Ready replicas per Deployment over time, sampled from every graph.changed snapshot the renderer
 * receives (the engine keeps no such series). Bounded so a long session does not grow without limit.
 */
import { create } from 'zustand';
import type { GraphSnapshot } from '../../../core/contract';
import type { ReplicaSample } from './chart-series';

const KEEP = 600;

export interface ReplicasState {
  samples: ReplicaSample[];
  record(snapshot: GraphSnapshot | undefined, at: number): void;
}

function sampleOf(snapshot: GraphSnapshot, at: number): ReplicaSample {
  const ready: Record<string, number> = {};
  const hpa: Record<string, number> = {};
  for (const node of snapshot.model?.nodes ?? []) {
    const label = node.namespace === 'default' ? node.name : `${node.namespace}/${node.name}`;
    if (node.kind === 'deployment') ready[label] = node.replicas.ready;
    if (node.kind === 'hpa') {
      hpa[`${label} desired`] = node.desiredReplicas;
      hpa[`${label} current`] = node.currentReplicas;
    }
  }
  return Object.keys(hpa).length > 0 ? { t: at, ready, hpa } : { t: at, ready };
}

function sameCounts(a: Record<string, number> = {}, b: Record<string, number> = {}): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}

function same(a: ReplicaSample | undefined, b: ReplicaSample): boolean {
  return a !== undefined && sameCounts(a.ready, b.ready) && sameCounts(a.hpa, b.hpa);
}

export const useReplicas = create<ReplicasState>((set, get) => ({
  samples: [],
  record(snapshot, at) {
    if (!snapshot?.available || !snapshot.model) return;
    const sample = sampleOf(snapshot, at);
    const samples = get().samples;
    const previous = samples[samples.length - 1];
    // Most graph changes are pods and traffic, not readiness: only a changed count adds points. The
    // previous value is repeated just before the change so the line steps instead of sloping.
    if (same(previous, sample)) return;
    const next = previous ? [...samples, { ...previous, t: at - 1 }, sample] : [sample];
    set({ samples: next.length > KEEP ? next.slice(next.length - KEEP) : next });
  },
}));
