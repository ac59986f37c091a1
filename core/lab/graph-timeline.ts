/**
 * Every change of the graph, kept so the user can scrub back and see the cluster as it was. Frames are
 * whole models (they share unchanged node objects with their neighbours, see reuseIdentity), bounded
 * in number so a long session cannot grow without limit.
 */
import { reuseIdentity, type GraphModel } from '../graph';
import type { TimelineFrame } from '../contract';

export interface GraphTimeline {
  record(t: number, model: GraphModel): void;
  frames(): TimelineFrame[];
  /** The graph as it was at time t (the last frame at or before t). */
  at(t: number): { t: number; model: GraphModel } | undefined;
}

function summarise(model: GraphModel): string {
  const count = (kind: string) => model.nodes.filter((n) => n.kind === kind).length;
  const unhealthy = model.nodes.filter((n) => n.status === 'error' || n.status === 'warning').length;
  return `${count('pod')} pods, ${count('deployment')} deployments, ${count('service')} services${unhealthy ? `, ${unhealthy} unhealthy` : ''}`;
}

export function createGraphTimeline(limit = 2000): GraphTimeline {
  const entries: { t: number; model: GraphModel }[] = [];
  return {
    record(t, model) {
      const previous = entries[entries.length - 1];
      entries.push({ t, model: reuseIdentity(previous?.model, model) });
      if (entries.length > limit) entries.splice(0, entries.length - limit);
    },
    frames() {
      return entries.map((e) => ({ t: e.t, nodes: e.model.nodes.length, summary: summarise(e.model) }));
    },
    at(t) {
      let found: { t: number; model: GraphModel } | undefined;
      for (const entry of entries) {
        if (entry.t > t) break;
        found = entry;
      }
      return found;
    },
  };
}
