import type { Edge, Node } from '@xyflow/react';
import type { GraphEdge, GraphModel, GraphNode, GraphNodeKind } from '../../../core/graph';
import { groupSlots, type PositionCache } from './place-nodes';
import { nodeGroupSize, type XY } from './node-sizes';

export type FlowNodeType =
  'client' | 'service' | 'deployment' | 'replicaset' | 'podgroup' | 'pod' | 'nodeGroup' | 'hpa' | 'config';

export type GraphNodeData = { node: GraphNode };
export type FlowNode = Node<GraphNodeData, FlowNodeType>;

export type GraphEdgeData = { edge: GraphEdge; highlighted: boolean };
export type FlowEdgeType = 'traffic' | 'relation';
export type FlowEdge = Edge<GraphEdgeData, FlowEdgeType>;

export const FLOW_TYPE: Record<GraphNodeKind, FlowNodeType> = {
  client: 'client',
  service: 'service',
  deployment: 'deployment',
  replicaset: 'replicaset',
  podgroup: 'podgroup',
  pod: 'pod',
  node: 'nodeGroup',
  hpa: 'hpa',
  configmap: 'config',
  secret: 'config',
};

const ORIGIN: XY = { x: 0, y: 0 };

function kindWord(node: GraphNode): string {
  return node.kind === 'node' ? 'node' : node.kind === 'podgroup' ? 'pod group' : node.kind;
}

/** What a screen reader says when Tab lands on the node. */
export function ariaLabelFor(node: GraphNode): string {
  const why = node.reasons.length > 0 ? `. ${node.reasons.join('; because ')}` : '';
  return `${kindWord(node)} ${node.label}, ${node.status}: ${node.summary}${why}`;
}

/**
 * GraphModel + cached positions -> React Flow nodes. A node whose graph object, position, selection
 * and size are unchanged is returned as the very same object from `prev`, so React Flow skips it and
 * its memoized component does not render. Measured sizes are carried over to changed nodes: React
 * Flow drops a node's handle positions when a new object arrives without `measured`.
 */
export function toFlowNodes(
  model: GraphModel,
  positions: PositionCache,
  prev: readonly FlowNode[],
  selectedId: string | null,
): FlowNode[] {
  const prevById = new Map(prev.map((node) => [node.id, node]));
  const slots = groupSlots(model, positions);
  return model.nodes.map((node) => {
    const old = prevById.get(node.id);
    const position = positions[node.id] ?? ORIGIN;
    const selected = node.id === selectedId;
    const size = node.kind === 'node' ? nodeGroupSize(slots.get(node.id) ?? 0) : undefined;
    if (
      old &&
      old.data.node === node &&
      old.position.x === position.x &&
      old.position.y === position.y &&
      (old.selected ?? false) === selected &&
      old.width === size?.width &&
      old.height === size?.height
    ) {
      return old;
    }
    const flow: FlowNode = {
      id: node.id,
      type: FLOW_TYPE[node.kind],
      position:
        old && old.position.x === position.x && old.position.y === position.y ? old.position : position,
      data: old?.data.node === node ? old.data : { node },
      selected,
      ariaLabel: ariaLabelFor(node),
    };
    if (node.parentId) {
      flow.parentId = node.parentId;
      flow.extent = 'parent';
    }
    if (size) {
      flow.width = size.width;
      flow.height = size.height;
    }
    if (old?.measured) flow.measured = old.measured;
    return flow;
  });
}

/**
 * Moving dashes are what make traffic readable, but a dashed stroke is rasterised segment by
 * segment: with ~1,000 dashed edges on screen software rendering fell below 1 fps (measured in
 * headless Chromium). Above this many traffic edges only the client's edges and the selected node's
 * edges move; the rest are drawn solid, still sized and coloured by rate and errors.
 */
export const ANIMATED_TRAFFIC_LIMIT = 150;

function pairKey(source: string, target: string): string {
  return `${source}\u0000${target}`;
}

/**
 * GraphModel -> React Flow edges, identity-preserving like toFlowNodes. A selects edge is left out
 * where a traffic edge joins the same two nodes: the traffic edge already says "this Service sends
 * to this pod" and two lines on one path only add noise.
 */
export function toFlowEdges(
  model: GraphModel,
  prev: readonly FlowEdge[],
  selectedId: string | null,
): FlowEdge[] {
  const prevById = new Map(prev.map((edge) => [edge.id, edge]));
  const traffic = new Set(
    model.edges.filter((edge) => edge.kind === 'traffic').map((edge) => pairKey(edge.source, edge.target)),
  );
  const animateAll = traffic.size <= ANIMATED_TRAFFIC_LIMIT;
  const out: FlowEdge[] = [];
  for (const edge of model.edges) {
    if (edge.kind === 'selects' && traffic.has(pairKey(edge.source, edge.target))) continue;
    const highlighted = selectedId !== null && (edge.source === selectedId || edge.target === selectedId);
    const flowing =
      edge.kind === 'traffic' && (animateAll || highlighted || edge.source.startsWith('client/'));
    const old = prevById.get(edge.id);
    if (
      old?.data?.edge === edge &&
      old.data.highlighted === highlighted &&
      old.className?.includes('is-flowing') === flowing
    ) {
      out.push(old);
      continue;
    }
    const classes = [`edge-${edge.kind}`];
    if (flowing) classes.push('is-flowing');
    if (edge.kind === 'selects') classes.push(edge.serving ? 'edge-serving' : 'edge-not-serving');
    if (highlighted) classes.push('is-highlighted');
    out.push({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: edge.kind === 'traffic' ? 'traffic' : 'relation',
      data: { edge, highlighted },
      className: classes.join(' '),
      selectable: false,
      focusable: false,
      // Highlighted edges are drawn above the rest so they stay visible in a dense picture.
      zIndex: highlighted ? 1 : 0,
    });
  }
  return out;
}
