import type { GraphEdge, GraphModel, GraphNode } from './graph-model';

/** Structural equality for the plain JSON data a GraphModel is made of. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Undefined-valued keys count as absent, as they would after a JSON round trip.
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const key of ka) if (!deepEqual(ra[key], rb[key])) return false;
  return true;
}

function reuse<T extends { id: string }>(prev: T[], next: T[]): { items: T[]; same: boolean } {
  const before = new Map(prev.map((item) => [item.id, item]));
  let same = prev.length === next.length;
  const items = next.map((item, index) => {
    const old = before.get(item.id);
    if (old && (old === item || deepEqual(old, item))) {
      if (prev[index] !== old) same = false;
      return old;
    }
    same = false;
    return item;
  });
  return { items, same };
}

/**
 * `next`, with every node and edge that is deep-equal to its previous version replaced by that
 * previous object. React Flow and React.memo compare by identity, so an update that changes one pod
 * then re-renders one node instead of a thousand. When nothing changed at all, `prev` itself is
 * returned so selectors downstream see no change either.
 */
export function reuseIdentity(prev: GraphModel | undefined, next: GraphModel): GraphModel {
  if (!prev) return next;
  const nodes = reuse<GraphNode>(prev.nodes, next.nodes);
  const edges = reuse<GraphEdge>(prev.edges, next.edges);
  if (nodes.same && edges.same) return prev;
  return {
    nodes: nodes.same ? prev.nodes : nodes.items,
    edges: edges.same ? prev.edges : edges.items,
  };
}
