import type { GraphModel, GraphNode, GraphNodeKind } from '../../../core/graph';
import { NODE_SIZE, nodeGroupSize, podSlotOf, podSlotPosition, type Size, type XY } from './node-sizes';

/** Positions by node id: top-level nodes absolute, pods inside a node group relative to it. */
export type PositionCache = Readonly<Record<string, XY>>;

const COLUMN_WIDTH = 280;
const GAP = 24;

/** Where a kind goes when nothing better is known: left to right, as traffic flows. */
const COLUMN: Record<GraphNodeKind, number> = {
  client: 0,
  service: 1,
  hpa: 1,
  deployment: 2,
  configmap: 2,
  secret: 2,
  replicaset: 3,
  podgroup: 4,
  pod: 4,
  node: 5,
};

/**
 * How many pod slots each node group must show: enough for its pods and for the highest slot in use
 * (pods folded into a pod group are not drawn inside node groups, so they take no slot).
 */
export function groupSlots(model: GraphModel, positions: PositionCache): Map<string, number> {
  const slots = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const node of model.nodes) {
    if (!node.parentId) continue;
    const count = (counts.get(node.parentId) ?? 0) + 1;
    counts.set(node.parentId, count);
    const position = positions[node.id];
    const used = position ? podSlotOf(position) + 1 : 0;
    slots.set(node.parentId, Math.max(slots.get(node.parentId) ?? 0, used, count));
  }
  return slots;
}

export function sizeOf(node: GraphNode, slots: Map<string, number>): Size {
  if (node.kind === 'node') return nodeGroupSize(slots.get(node.id) ?? 0);
  return NODE_SIZE[node.kind];
}

interface Box extends XY, Size {}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x < b.x + b.width + GAP &&
    b.x < a.x + a.width + GAP &&
    a.y < b.y + b.height + GAP &&
    b.y < a.y + a.height + GAP
  );
}

/**
 * Give every node without a cached position one, and drop positions of nodes that are gone.
 * Cached positions are never changed, so an update that adds or changes one pod moves nothing else:
 * a new pod takes the first free slot in its node group (often the slot its predecessor just left);
 * a new top-level node goes next to a neighbour that is already placed, in its kind's column, moved
 * down until it overlaps nothing. The full elk layout (in the worker) is only for the first picture
 * and for an explicit re-layout. Returns `positions` itself when nothing changed.
 */
export function placeNewNodes(model: GraphModel, positions: PositionCache): PositionCache {
  const ids = new Set(model.nodes.map((node) => node.id));
  let changed = Object.keys(positions).some((id) => !ids.has(id));
  const next: Record<string, XY> = {};
  for (const [id, position] of Object.entries(positions)) if (ids.has(id)) next[id] = position;

  // Pods in node groups: first free slot, in model order (deterministic).
  const taken = new Map<string, Set<number>>();
  for (const node of model.nodes) {
    const position = next[node.id];
    if (!node.parentId || !position) continue;
    const set = taken.get(node.parentId) ?? new Set<number>();
    set.add(podSlotOf(position));
    taken.set(node.parentId, set);
  }
  for (const node of model.nodes) {
    if (!node.parentId || next[node.id]) continue;
    const set = taken.get(node.parentId) ?? new Set<number>();
    let slot = 0;
    while (set.has(slot)) slot += 1;
    set.add(slot);
    taken.set(node.parentId, set);
    next[node.id] = podSlotPosition(slot);
    changed = true;
  }

  // Top-level nodes.
  const slots = groupSlots(model, next);
  const boxes: Box[] = [];
  for (const node of model.nodes) {
    const position = next[node.id];
    if (!node.parentId && position) boxes.push({ ...position, ...sizeOf(node, slots) });
  }
  const neighbours = new Map<string, string[]>();
  for (const edge of model.edges) {
    // Anchor on the upstream end first (owner, service, HPA), then downstream.
    (neighbours.get(edge.target) ?? neighbours.set(edge.target, []).get(edge.target))?.push(edge.source);
  }
  for (const edge of model.edges) {
    (neighbours.get(edge.source) ?? neighbours.set(edge.source, []).get(edge.source))?.push(edge.target);
  }
  const parentOf = new Map(model.nodes.filter((n) => n.parentId).map((n) => [n.id, n.parentId as string]));
  for (const node of model.nodes) {
    if (node.parentId || next[node.id]) continue;
    const size = sizeOf(node, slots);
    const x = COLUMN[node.kind] * COLUMN_WIDTH;
    let anchor: XY | undefined;
    for (const id of neighbours.get(node.id) ?? []) {
      const parent = parentOf.get(id);
      const own = next[id];
      const base = parent ? next[parent] : undefined;
      anchor = parent ? (base && own ? { x: base.x + own.x, y: base.y + own.y } : undefined) : own;
      if (anchor) break;
    }
    const column = boxes.filter((box) => box.x < x + size.width && x < box.x + box.width);
    let y = anchor ? anchor.y : column.reduce((bottom, box) => Math.max(bottom, box.y + box.height + GAP), 0);
    const box: Box = { x, y, ...size };
    // Slide down past anything in the way; bounded by the number of boxes it could collide with.
    for (let i = 0; i <= boxes.length; i += 1) {
      const hit = boxes.find((other) => overlaps(box, other));
      if (!hit) break;
      y = hit.y + hit.height + GAP;
      box.y = y;
    }
    next[node.id] = { x, y };
    boxes.push(box);
    changed = true;
  }
  return changed ? next : positions;
}
