import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphModel } from '../../../core/graph';
import { groupSlots, sizeOf, type PositionCache } from './place-nodes';
import type { XY } from './node-sizes';

/**
 * elk options: layered, left to right like the traffic; model order considered so the same model
 * always gives the same picture.
 */
export const ELK_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.separateConnectedComponents': 'true',
};

/**
 * The top level of the graph as an elk graph: node groups are laid out as opaque boxes sized for
 * their pods (which stay in their slots), and an edge to a pod is drawn to the pod's node group.
 */
export function toElkGraph(model: GraphModel, positions: PositionCache): ElkNode {
  const slots = groupSlots(model, positions);
  const parentOf = new Map<string, string>();
  const children: ElkNode[] = [];
  for (const node of model.nodes) {
    if (node.parentId) {
      parentOf.set(node.id, node.parentId);
      continue;
    }
    children.push({ id: node.id, ...sizeOf(node, slots) });
  }
  const edges: ElkExtendedEdge[] = [];
  const seen = new Set<string>();
  for (const edge of model.edges) {
    const source = parentOf.get(edge.source) ?? edge.source;
    const target = parentOf.get(edge.target) ?? edge.target;
    const id = `${source}->${target}`;
    if (source === target || seen.has(id)) continue;
    seen.add(id);
    edges.push({ id, sources: [source], targets: [target] });
  }
  return { id: 'root', layoutOptions: ELK_OPTIONS, children, edges };
}

/** Top-level positions from a finished elk layout. */
export function positionsFromElk(result: ElkNode): Record<string, XY> {
  const out: Record<string, XY> = {};
  for (const child of result.children ?? [])
    out[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return out;
}
