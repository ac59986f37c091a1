/**
 * Keeping the renderer's copy of the graph in step with the engine: graph.changed events carry
 * numbered deltas (only what changed), graph.snapshot the whole graph and the number of the last
 * delta it includes. A delta applies when it is the next number; a gap (a lost message, a
 * reconnect) or a delta that does not fit asks for a snapshot, and the deltas that arrive meanwhile
 * wait and are applied on top of it. Pure functions, so the store stays thin and this is testable.
 */
import type { GraphChange, GraphSnapshot } from '../../../core/contract';
import { applyGraphDelta, EMPTY_GRAPH, GraphDeltaError } from '../../../core/graph';

export interface GraphSync {
  /** `seq` of the last change the renderer's graph includes; undefined before the first snapshot. */
  seq: number | undefined;
  /** A graph.snapshot was asked for: changes wait in `pending` until it arrives. */
  resyncing: boolean;
  pending: GraphChange[];
}

export interface GraphStep {
  graph: GraphSnapshot | undefined;
  sync: GraphSync;
  /** Ask graph.snapshot now (and pass the answer to adoptGraphSnapshot). */
  resync: boolean;
}

/** More changes than this waiting for a snapshot: drop the oldest (the snapshot supersedes them). */
const PENDING_LIMIT = 200;

function withPending(sync: GraphSync, change: GraphChange, resyncing: boolean): GraphSync {
  const pending = [...sync.pending, change];
  if (pending.length > PENDING_LIMIT) pending.splice(0, pending.length - PENDING_LIMIT);
  return { seq: sync.seq, resyncing, pending };
}

/** The graph after one change. Throws GraphDeltaError when the delta does not fit the graph. */
function applyOne(graph: GraphSnapshot | undefined, change: GraphChange): GraphSnapshot {
  if (!change.available) return { available: false, message: change.message, seq: change.seq };
  // The engine diffs against the empty model when the previous state had none.
  const base = graph?.available && graph.model ? graph.model : EMPTY_GRAPH;
  const model = change.delta ? applyGraphDelta(base, change.delta) : base;
  return { available: true, message: change.message, model, seq: change.seq };
}

function needSnapshot(graph: GraphSnapshot | undefined, sync: GraphSync): GraphStep {
  return { graph, sync: { seq: sync.seq, resyncing: true, pending: [] }, resync: true };
}

/** One graph.changed event. */
export function applyGraphChange(
  graph: GraphSnapshot | undefined,
  sync: GraphSync,
  change: GraphChange,
): GraphStep {
  // No base yet (the first snapshot is on its way) or a snapshot asked for: keep it for later.
  if (sync.resyncing || sync.seq === undefined) {
    return { graph, sync: withPending(sync, change, sync.resyncing), resync: false };
  }
  // Already included (a snapshot that was newer than this event).
  if (change.seq <= sync.seq) return { graph, sync, resync: false };
  if (change.seq !== sync.seq + 1) return needSnapshot(graph, sync);
  try {
    return {
      graph: applyOne(graph, change),
      sync: { seq: change.seq, resyncing: false, pending: [] },
      resync: false,
    };
  } catch (err) {
    if (err instanceof GraphDeltaError) return needSnapshot(graph, sync);
    throw err;
  }
}

/** A graph.snapshot answer (first load, after connect, or asked for after a gap). */
export function adoptGraphSnapshot(
  graph: GraphSnapshot | undefined,
  sync: GraphSync,
  snapshot: GraphSnapshot,
): GraphStep {
  const seq = snapshot.seq;
  // An answer older than what the deltas already brought (they overtook it): keep ours.
  if (seq !== undefined && sync.seq !== undefined && seq < sync.seq && !sync.resyncing) {
    return { graph, sync, resync: false };
  }
  let next: GraphSnapshot = snapshot;
  let at = seq;
  const waiting = [...sync.pending].sort((a, b) => a.seq - b.seq);
  for (const change of waiting) {
    if (at === undefined || change.seq <= at) continue;
    if (change.seq !== at + 1) return needSnapshot(next, { seq: at, resyncing: false, pending: [] });
    try {
      next = applyOne(next, change);
    } catch (err) {
      if (err instanceof GraphDeltaError)
        return needSnapshot(next, { seq: at, resyncing: false, pending: [] });
      throw err;
    }
    at = change.seq;
  }
  return { graph: next, sync: { seq: at, resyncing: false, pending: [] }, resync: false };
}
