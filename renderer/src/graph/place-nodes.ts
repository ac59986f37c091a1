import type { GraphModel, GraphNode, GraphNodeKind } from '../../../core/graph';
import { NODE_SIZE, nodeGroupSize, podSlotOf, podSlotPosition, type Size, type XY } from './node-sizes';

/** Positions by node id: top-level nodes absolute, pods inside a node group relative to it. */
export type PositionCache = Readonly<Record<string, XY>>;

/** Space between boxes stacked in one column of one band. */
const STACK_GAP = 24;
/** Space between two bands (one Deployment's objects and the next one's). */
const BAND_GAP = 56;
/** Space between columns: room for edges to fan out before the next column. */
const COLUMN_GAP = 72;
/** Wider before the node groups: every Service-to-pod edge converges there. */
const NODE_COLUMN_GAP = 120;
const NODE_GROUP_GAP = 32;

/**
 * Left to right, as traffic flows: client -> Service (and its HPA) -> Deployment (and its config)
 * -> ReplicaSets -> pods not drawn on a node (pod groups, unscheduled pods) -> node groups.
 */
const COLUMN: Record<GraphNodeKind, number> = {
  client: 0,
  service: 1,
  hpa: 1,
  pipelinerun: 1,
  deployment: 2,
  configmap: 2,
  secret: 2,
  replicaset: 3,
  podgroup: 4,
  pod: 4,
  node: 5,
};
const COLUMNS = 6;

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

/**
 * Pods in node groups keep their slot; a new pod takes the first free slot of its group (often the
 * one its predecessor just left), in model order, so changing one pod moves no other pod. Positions
 * of nodes that are gone are dropped; top-level positions are carried over untouched.
 */
export function placePods(model: GraphModel, positions: PositionCache): PositionCache {
  const ids = new Set(model.nodes.map((node) => node.id));
  let changed = Object.keys(positions).some((id) => !ids.has(id));
  const next: Record<string, XY> = {};
  for (const [id, position] of Object.entries(positions)) if (ids.has(id)) next[id] = position;
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
  return changed ? next : positions;
}

/**
 * Which band (row of the picture) a top-level node belongs to: the root of its ownership chain
 * (Deployment, or a bare ReplicaSet or pod). A Service joins the band of the first workload it
 * selects, an HPA that of its target, a ConfigMap or Secret that of its first user. Nodes with no
 * workload (a Service selecting nothing, an unused ConfigMap) share one trailing band.
 */
function bandRoots(model: GraphModel): Map<string, string | null> {
  const owner = new Map<string, string>();
  const downstream = new Map<string, string[]>();
  const upstream = new Map<string, string[]>();
  for (const edge of model.edges) {
    if (edge.kind === 'owns') owner.set(edge.target, edge.source);
    if (
      edge.kind === 'selects' ||
      edge.kind === 'traffic' ||
      edge.kind === 'scales' ||
      edge.kind === 'deploys'
    ) {
      const list = downstream.get(edge.source) ?? [];
      list.push(edge.target);
      downstream.set(edge.source, list);
    }
    if (edge.kind === 'uses') {
      const list = upstream.get(edge.target) ?? [];
      list.push(edge.source);
      upstream.set(edge.target, list);
    }
  }
  const rootOf = (id: string): string => {
    let current = id;
    // Ownership chains are at most Deployment -> ReplicaSet -> pod; the bound guards a bad model.
    for (let i = 0; i < 8; i += 1) {
      const up = owner.get(current);
      if (!up) break;
      current = up;
    }
    return current;
  };
  const roots = new Map<string, string | null>();
  for (const node of model.nodes) {
    if (node.parentId || node.kind === 'client' || node.kind === 'node') continue;
    let root: string | null = null;
    if (node.kind === 'service' || node.kind === 'hpa' || node.kind === 'pipelinerun') {
      const target = [...(downstream.get(node.id) ?? [])].sort()[0];
      root = target ? rootOf(target) : null;
    } else if (node.kind === 'configmap' || node.kind === 'secret') {
      const user = [...(upstream.get(node.id) ?? [])].sort()[0];
      root = user ? rootOf(user) : null;
    } else {
      root = rootOf(node.id);
    }
    roots.set(node.id, root);
  }
  return roots;
}

function byId(a: GraphNode, b: GraphNode): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Where every top-level node goes: a deterministic column layout, a function of the model and the
 * node groups' sizes only. Each Deployment gets a band across the workload columns (its Services,
 * itself, its ReplicaSets and pod groups, each column stacked and centred in the band); bands stack
 * top to bottom by id; node groups stack in the last column; client on the left, level with the
 * Services. Columns that are empty are left out. Boxes never overlap by construction. Because the
 * result depends only on structure, an update that changes one pod gives the same layout (nothing
 * moves), while a new Service/Deployment/ReplicaSet or a node group that grows gives a new one.
 * The order of two nodes in a column depends only on their ids, so moving from one layout to the
 * next by interpolation never makes two boxes pass through each other.
 */
export function columnLayout(model: GraphModel, slots: Map<string, number>): Record<string, XY> {
  const roots = bandRoots(model);
  const bands = new Map<string | null, GraphNode[][]>();
  const nodeGroups: GraphNode[] = [];
  const clients: GraphNode[] = [];
  const used = new Array<boolean>(COLUMNS).fill(false);
  const width = new Array<number>(COLUMNS).fill(0);
  for (const node of model.nodes) {
    if (node.parentId) continue;
    const column = COLUMN[node.kind];
    used[column] = true;
    width[column] = Math.max(width[column] ?? 0, sizeOf(node, slots).width);
    if (node.kind === 'client') clients.push(node);
    else if (node.kind === 'node') nodeGroups.push(node);
    else {
      const root = roots.get(node.id) ?? null;
      const band = bands.get(root) ?? Array.from({ length: COLUMNS }, () => []);
      band[column]?.push(node);
      bands.set(root, band);
    }
  }

  const x = new Array<number>(COLUMNS).fill(0);
  let cursor = 0;
  for (let column = 0; column < COLUMNS; column += 1) {
    if (!used[column]) continue;
    x[column] = cursor;
    cursor += (width[column] ?? 0) + (column === COLUMN.pod ? NODE_COLUMN_GAP : COLUMN_GAP);
  }
  // The pod column is usually empty in small labs; the wide gap then belongs before node groups.
  if (!used[COLUMN.pod] && used[COLUMN.node])
    x[COLUMN.node] = (x[COLUMN.node] ?? 0) + NODE_COLUMN_GAP - COLUMN_GAP;

  const out: Record<string, XY> = {};
  const keys = [...bands.keys()].sort((a, b) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1,
  );
  let top = 0;
  let serviceTop = Infinity;
  let serviceBottom = -Infinity;
  for (const key of keys) {
    const band = bands.get(key) ?? [];
    const heights = band.map((stack) =>
      stack.reduce((sum, node, i) => sum + sizeOf(node, slots).height + (i > 0 ? STACK_GAP : 0), 0),
    );
    const bandHeight = Math.max(0, ...heights);
    band.forEach((stack, column) => {
      let y = top + (bandHeight - (heights[column] ?? 0)) / 2;
      for (const node of stack.sort(byId)) {
        const height = sizeOf(node, slots).height;
        out[node.id] = { x: x[column] ?? 0, y: Math.round(y) };
        if (column === COLUMN.service) {
          serviceTop = Math.min(serviceTop, y);
          serviceBottom = Math.max(serviceBottom, y + height);
        }
        y += height + STACK_GAP;
      }
    });
    top += bandHeight + BAND_GAP;
  }
  const workloadHeight = Math.max(0, top - BAND_GAP);

  let nodeY = 0;
  for (const node of nodeGroups) {
    out[node.id] = { x: x[COLUMN.node] ?? 0, y: nodeY };
    nodeY += sizeOf(node, slots).height + NODE_GROUP_GAP;
  }
  const nodeHeight = Math.max(0, nodeY - NODE_GROUP_GAP);

  // Centre the shorter of the two blocks (workloads, node groups) on the taller one.
  const shift = Math.round((nodeHeight - workloadHeight) / 2);
  for (const node of model.nodes) {
    const position = out[node.id];
    if (!position) continue;
    if (node.kind === 'node') {
      if (shift < 0) out[node.id] = { x: position.x, y: position.y - shift };
    } else if (shift > 0) {
      out[node.id] = { x: position.x, y: position.y + shift };
    }
  }
  if (Number.isFinite(serviceTop) && shift > 0) {
    serviceTop += shift;
    serviceBottom += shift;
  }

  const height = Math.max(workloadHeight, nodeHeight);
  let clientY = Number.isFinite(serviceTop) ? (serviceTop + serviceBottom) / 2 : height / 2;
  for (const node of clients.sort(byId)) {
    const size = sizeOf(node, slots);
    out[node.id] = { x: x[COLUMN.client] ?? 0, y: Math.round(clientY - size.height / 2) };
    clientY += size.height + STACK_GAP;
  }
  return out;
}

/**
 * Every node gets a position: pods their slot (see placePods), top-level nodes the column layout.
 * Returns `positions` itself when nothing changed.
 */
export function placeNewNodes(model: GraphModel, positions: PositionCache): PositionCache {
  const pods = placePods(model, positions);
  const layout = columnLayout(model, groupSlots(model, pods));
  const next: Record<string, XY> = { ...pods };
  let changed = pods !== positions;
  for (const [id, position] of Object.entries(layout)) {
    const old = next[id];
    if (old && old.x === position.x && old.y === position.y) continue;
    next[id] = position;
    changed = true;
  }
  return changed ? next : positions;
}
