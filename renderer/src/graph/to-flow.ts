import type { Edge, Node } from '@xyflow/react';
import {
  deepEqual,
  type GraphEdge,
  type GraphModel,
  type GraphNode,
  type GraphNodeKind,
  type TrafficEdge,
} from '../../../core/graph';
import { groupSlots, type PositionCache } from './place-nodes';
import { nodeGroupSize, type XY } from './node-sizes';

export type FlowNodeType =
  | 'client'
  | 'service'
  | 'deployment'
  | 'replicaset'
  | 'podgroup'
  | 'pod'
  | 'nodeGroup'
  | 'hpa'
  | 'config'
  | 'pipelineRun';

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
  pipelinerun: 'pipelineRun',
};

const ORIGIN: XY = { x: 0, y: 0 };

/** React Flow node class of a pod that is gone and fading out (cluster-graph.css `pod-exit`). */
export const LEAVING_CLASS = 'is-leaving';

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
  /** Node group heights while a re-layout is animating (see graph.slice); default: their slots. */
  groupHeights?: Readonly<Record<string, number>>,
  /** Nodes not drawn yet: new boxes wait for a re-layout to make room (see graph.slice). */
  hiddenIds?: ReadonlySet<string>,
  /** Pods that are gone from the cluster, drawn a moment longer while they fade out (see graph.slice). */
  leavingIds?: ReadonlySet<string>,
): FlowNode[] {
  const prevById = new Map(prev.map((node) => [node.id, node]));
  const slots = groupSlots(model, positions);
  return model.nodes.map((node) => {
    const old = prevById.get(node.id);
    const position = positions[node.id] ?? ORIGIN;
    const selected = node.id === selectedId;
    const hidden =
      hiddenIds !== undefined &&
      (hiddenIds.has(node.id) || (node.parentId !== undefined && hiddenIds.has(node.parentId)));
    const leaving = leavingIds?.has(node.id) ?? false;
    let size = node.kind === 'node' ? nodeGroupSize(slots.get(node.id) ?? 0) : undefined;
    const animatedHeight = groupHeights?.[node.id];
    if (size && animatedHeight !== undefined) size = { width: size.width, height: animatedHeight };
    if (
      old &&
      old.data.node === node &&
      old.position.x === position.x &&
      old.position.y === position.y &&
      (old.selected ?? false) === selected &&
      (old.hidden ?? false) === hidden &&
      (old.className === LEAVING_CLASS) === leaving &&
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
    if (hidden) flow.hidden = true;
    if (leaving) {
      flow.className = LEAVING_CLASS;
      flow.selectable = false;
      flow.focusable = false;
      flow.draggable = false;
    }
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
 * Moving dashes are what make traffic readable, but a stroke-dashoffset animation is repainted on
 * the main thread every frame. Measured in headless Chromium with software rendering, 206 nodes:
 * 100 animated edges held the page at ~5 fps idle, none at 60 fps. So all traffic edges move only
 * in graphs this small (a typical lab: a few Services and pods); in larger graphs only the selected
 * node's traffic moves and the rest is drawn still, sized by rate and coloured by errors.
 */
export const ANIMATED_TRAFFIC_LIMIT = 24;

function pairKey(source: string, target: string): string {
  return `${source}\u0000${target}`;
}

/**
 * Level of detail: above this many pod nodes, edges to individual pods are not drawn. Traffic to the
 * pods of one node group becomes one edge to the group (rates summed), and owns/selects edges to
 * single pods are left out, except for the selected pod, whose own edges are always drawn. At 1,000
 * pods this cuts ~2,000 edges to ~150, and edge rasterisation is what limits frame rate there.
 */
export const POD_EDGE_DETAIL_LIMIT = 200;

function liftedTraffic(source: string, target: string, parts: TrafficEdge[]): TrafficEdge {
  const rps = parts.reduce((sum, part) => sum + part.rps, 0);
  const errorRate = rps > 0 ? parts.reduce((sum, part) => sum + part.rps * part.errorRate, 0) / rps : 0;
  const versions = new Set(parts.map((part) => part.version));
  const edge: TrafficEdge = {
    id: `traffic:${source}->${target}`,
    kind: 'traffic',
    source,
    target,
    rps,
    errorRate,
  };
  const [version] = versions;
  if (versions.size === 1 && version !== undefined) edge.version = version;
  return edge;
}

/** The graph edges to draw, after the selects/traffic dedupe and the level-of-detail rule. */
export function visibleEdges(model: GraphModel, selectedId: string | null): GraphEdge[] {
  const traffic = new Set(
    model.edges.filter((edge) => edge.kind === 'traffic').map((edge) => pairKey(edge.source, edge.target)),
  );
  const parentOf = new Map<string, string>();
  let pods = 0;
  for (const node of model.nodes) {
    if (node.kind !== 'pod') continue;
    pods += 1;
    if (node.parentId) parentOf.set(node.id, node.parentId);
  }
  const coarse = pods > POD_EDGE_DETAIL_LIMIT;
  const out: GraphEdge[] = [];
  const lifted = new Map<string, { source: string; target: string; parts: TrafficEdge[] }>();
  for (const edge of model.edges) {
    if (edge.kind === 'selects' && traffic.has(pairKey(edge.source, edge.target))) continue;
    const touchesSelection =
      selectedId !== null && (edge.source === selectedId || edge.target === selectedId);
    const group = coarse && !touchesSelection ? parentOf.get(edge.target) : undefined;
    if (group) {
      if (edge.kind === 'traffic') {
        const key = pairKey(edge.source, group);
        const entry = lifted.get(key) ?? { source: edge.source, target: group, parts: [] };
        entry.parts.push(edge);
        lifted.set(key, entry);
      }
      continue;
    }
    out.push(edge);
  }
  const extra = [...lifted.values()].map((entry) => liftedTraffic(entry.source, entry.target, entry.parts));
  extra.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [...out, ...extra];
}

/**
 * GraphModel -> React Flow edges, identity-preserving like toFlowNodes. A selects edge is left out
 * where a traffic edge joins the same two nodes: the traffic edge already says "this Service sends
 * to this pod" and two lines on one path only add noise. See POD_EDGE_DETAIL_LIMIT for large graphs.
 */
export function toFlowEdges(
  model: GraphModel,
  prev: readonly FlowEdge[],
  selectedId: string | null,
): FlowEdge[] {
  const prevById = new Map(prev.map((edge) => [edge.id, edge]));
  const edges = visibleEdges(model, selectedId);
  const animateAll = edges.filter((edge) => edge.kind === 'traffic').length <= ANIMATED_TRAFFIC_LIMIT;
  const modelEdges = new Set(model.edges);
  const out: FlowEdge[] = [];
  for (const edge of edges) {
    const highlighted = selectedId !== null && (edge.source === selectedId || edge.target === selectedId);
    const flowing = edge.kind === 'traffic' && (animateAll || highlighted);
    const old = prevById.get(edge.id);
    const sameEdge =
      old?.data?.edge === edge ||
      (old?.data !== undefined && !modelEdges.has(edge) && deepEqual(old.data.edge, edge));
    if (
      old?.data &&
      sameEdge &&
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
      data: { edge: sameEdge && old?.data ? old.data.edge : edge, highlighted },
      className: classes.join(' '),
      selectable: false,
      focusable: false,
      // Highlighted edges are drawn above the rest so they stay visible in a dense picture.
      zIndex: highlighted ? 1 : 0,
    });
  }
  return out;
}
