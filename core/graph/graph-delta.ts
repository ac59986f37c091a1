/**
 * What changed between two GraphModels, as data that crosses the contract: the nodes and edges that
 * appeared (with where they go in the ordered arrays), the ones whose content changed (by id, in
 * full), and the ids that went away. Applying a delta to the model it was computed from gives the
 * new model exactly (same content, same order), and every node or edge the delta does not name keeps
 * its object identity, so React Flow and React.memo skip it.
 */
import { deepEqual } from './graph-diff';
import type { GraphEdge, GraphModel, GraphNode } from './graph-model';

export interface ItemDelta<T> {
  /** New items, each with its index in the new array; ascending by index. */
  added: { index: number; item: T }[];
  /** Items whose content changed, in full (their place in the array does not change). */
  updated: T[];
  /** Ids of items that are gone. */
  removed: string[];
  /**
   * The whole id order of the new array, only when inserting `added` at their indices into the old
   * order (minus `removed`) would not give it. buildGraph sorts its output, so this is rare.
   */
  order?: string[];
  /** Length of the new array: a cheap check that the delta was applied to the right base. */
  count: number;
}

export interface GraphDelta {
  nodes: ItemDelta<GraphNode>;
  edges: ItemDelta<GraphEdge>;
}

export const EMPTY_GRAPH: GraphModel = { nodes: [], edges: [] };

function diffItems<T extends { id: string }>(prev: readonly T[], next: readonly T[]): ItemDelta<T> {
  const before = new Map<string, T>();
  for (const item of prev) before.set(item.id, item);
  const nextIds = new Set<string>();
  const added: { index: number; item: T }[] = [];
  const updated: T[] = [];
  next.forEach((item, index) => {
    nextIds.add(item.id);
    const old = before.get(item.id);
    if (old === undefined) added.push({ index, item });
    else if (old !== item && !deepEqual(old, item)) updated.push(item);
  });
  const removed: string[] = [];
  for (const item of prev) if (!nextIds.has(item.id)) removed.push(item.id);
  const delta: ItemDelta<T> = { added, updated, removed, count: next.length };
  // Would the receiver end up with next's order? Simulate it on ids.
  if (added.length > 0 || removed.length > 0) {
    const ids = placeIds(
      prev.map((item) => item.id),
      delta,
    );
    if (ids.length !== next.length || ids.some((id, i) => next[i]?.id !== id)) {
      delta.order = next.map((item) => item.id);
    }
  } else if (prev.some((item, i) => next[i]?.id !== item.id)) {
    delta.order = next.map((item) => item.id);
  }
  return delta;
}

/** The old id order with `removed` dropped and `added` inserted at their indices. */
function placeIds<T extends { id: string }>(ids: readonly string[], delta: ItemDelta<T>): string[] {
  const gone = new Set(delta.removed);
  const out = gone.size > 0 ? ids.filter((id) => !gone.has(id)) : [...ids];
  for (const { index, item } of delta.added) out.splice(index, 0, item.id);
  return out;
}

/** The delta that turns `prev` into `next`. Unchanged items (same object or deep-equal) are left out. */
export function diffGraphModels(prev: GraphModel, next: GraphModel): GraphDelta {
  return { nodes: diffItems(prev.nodes, next.nodes), edges: diffItems(prev.edges, next.edges) };
}

export function isEmptyDelta(delta: GraphDelta): boolean {
  return [delta.nodes, delta.edges].every(
    (d) => d.added.length === 0 && d.updated.length === 0 && d.removed.length === 0 && !d.order,
  );
}

export class GraphDeltaError extends Error {}

function applyItems<T extends { id: string }>(prev: readonly T[], delta: ItemDelta<T>, what: string): T[] {
  if (delta.added.length === 0 && delta.updated.length === 0 && delta.removed.length === 0 && !delta.order) {
    if (prev.length !== delta.count)
      throw new GraphDeltaError(`${what}: base has ${prev.length}, not ${delta.count}`);
    return prev as T[];
  }
  const updated = new Map<string, T>();
  for (const item of delta.updated) updated.set(item.id, item);
  const gone = new Set(delta.removed);
  const out: T[] = [];
  for (const item of prev) {
    if (gone.has(item.id)) continue;
    const replacement = updated.get(item.id);
    if (replacement !== undefined) updated.delete(item.id);
    out.push(replacement ?? item);
  }
  if (updated.size > 0) throw new GraphDeltaError(`${what}: update of unknown ${[...updated.keys()][0]}`);
  for (const { index, item } of delta.added) {
    if (index > out.length) throw new GraphDeltaError(`${what}: ${item.id} added past the end`);
    out.splice(index, 0, item);
  }
  if (out.length !== delta.count)
    throw new GraphDeltaError(`${what}: ${out.length} after the delta, not ${delta.count}`);
  if (!delta.order) return out;
  if (delta.order.length !== out.length) throw new GraphDeltaError(`${what}: order of the wrong length`);
  const byId = new Map(out.map((item) => [item.id, item]));
  return delta.order.map((id) => {
    const item = byId.get(id);
    if (item === undefined) throw new GraphDeltaError(`${what}: ${id} in the order but not in the model`);
    return item;
  });
}

/**
 * `prev` with `delta` applied. Throws GraphDeltaError when the delta does not fit (it was made from a
 * different base): the receiver then asks for a whole snapshot. When nothing changed, `prev` itself
 * is returned.
 */
export function applyGraphDelta(prev: GraphModel, delta: GraphDelta): GraphModel {
  const nodes = applyItems(prev.nodes, delta.nodes, 'nodes');
  const edges = applyItems(prev.edges, delta.edges, 'edges');
  if (nodes === prev.nodes && edges === prev.edges) return prev;
  return { nodes, edges };
}
