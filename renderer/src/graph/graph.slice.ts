/**
 * The graph's renderer state (zustand, vanilla store so it can be tested without React). It holds
 * the model, the position cache and the React Flow node/edge arrays derived from them; the arrays
 * are rebuilt here, outside React, with object identity kept for everything that did not change.
 * Only the ClusterGraph shell subscribes to the arrays; node components get their own data as props.
 */
import { applyNodeChanges, type NodeChange } from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { reuseIdentity, type GraphModel, type GraphNode } from '../../../core/graph';
import { toElkGraph } from './elk-graph';
import type { XY } from './node-sizes';
import { placeNewNodes, type PositionCache } from './place-nodes';
import { toFlowEdges, toFlowNodes, type FlowEdge, type FlowNode } from './to-flow';

export interface LayoutRequest {
  id: number;
  graph: ElkNode;
}

export interface GraphState {
  model: GraphModel;
  positions: PositionCache;
  flowNodes: FlowNode[];
  flowEdges: FlowEdge[];
  selectedId: string | null;
  /** A full elk layout the shell should run in the worker (first picture, or asked for). */
  layoutRequest: LayoutRequest | null;
  /** Bumped whenever a full layout lands, so the view can fit itself once. */
  layoutVersion: number;
  setModel(model: GraphModel): void;
  select(id: string | null): void;
  /** React Flow's own changes (measured sizes, drags, selection by click or keyboard). */
  applyFlowChanges(changes: NodeChange<FlowNode>[]): void;
  applyLayout(requestId: number, positions: Record<string, XY>): void;
  relayout(): void;
  reset(): void;
}

export type GraphStore = StoreApi<GraphState>;

const EMPTY: GraphModel = { nodes: [], edges: [] };

/**
 * A full elk layout is worth moving things for only when most of the picture is new: the first
 * model, or a switch to another cluster or namespace. Otherwise new nodes are placed incrementally.
 */
function mostlyNew(model: GraphModel, before: PositionCache): boolean {
  let top = 0;
  let fresh = 0;
  for (const node of model.nodes) {
    if (node.parentId) continue;
    top += 1;
    if (!before[node.id]) fresh += 1;
  }
  if (top === 0) return false;
  return Object.keys(before).length === 0 || (fresh >= 5 && fresh * 2 > top);
}

export function createGraphStore(): GraphStore {
  let requests = 0;
  const request = (model: GraphModel, positions: PositionCache): LayoutRequest => {
    requests += 1;
    return { id: requests, graph: toElkGraph(model, positions) };
  };

  return createStore<GraphState>()((set, get) => ({
    model: EMPTY,
    positions: {},
    flowNodes: [],
    flowEdges: [],
    selectedId: null,
    layoutRequest: null,
    layoutVersion: 0,

    setModel(incoming) {
      const state = get();
      const model = reuseIdentity(state.model, incoming);
      if (model === state.model) return;
      const positions = placeNewNodes(model, state.positions);
      const firstPicture = mostlyNew(model, state.positions);
      const selectedId =
        state.selectedId && model.nodes.some((n) => n.id === state.selectedId) ? state.selectedId : null;
      set({
        model,
        positions,
        selectedId,
        flowNodes: toFlowNodes(model, positions, state.flowNodes, selectedId),
        // Always re-derived (it is identity-preserving): which edges are drawn also depends on the
        // nodes, e.g. the pod count for the level-of-detail rule.
        flowEdges: toFlowEdges(model, state.flowEdges, selectedId),
        ...(firstPicture ? { layoutRequest: request(model, positions) } : {}),
      });
    },

    select(id) {
      const state = get();
      const selectedId = id && state.model.nodes.some((n) => n.id === id) ? id : null;
      if (selectedId === state.selectedId) return;
      set({
        selectedId,
        flowNodes: toFlowNodes(state.model, state.positions, state.flowNodes, selectedId),
        flowEdges: toFlowEdges(state.model, state.flowEdges, selectedId),
      });
    },

    applyFlowChanges(changes) {
      const state = get();
      let selectedId = state.selectedId;
      let positions = state.positions;
      const rest: NodeChange<FlowNode>[] = [];
      for (const change of changes) {
        if (change.type === 'select') {
          if (change.selected) selectedId = change.id;
          else if (selectedId === change.id) selectedId = null;
        } else if (change.type === 'position' && change.position) {
          // A drag is the user arranging the picture: remember it like a layout result.
          positions = { ...positions, [change.id]: { x: change.position.x, y: change.position.y } };
          rest.push(change);
        } else if (change.type === 'dimensions') {
          rest.push(change);
        }
        // 'remove', 'add' and 'replace' are ignored: the cluster, not the view, decides what exists.
      }
      const flowNodes = rest.length > 0 ? applyNodeChanges(rest, state.flowNodes) : state.flowNodes;
      if (selectedId !== state.selectedId || positions !== state.positions) {
        set({
          selectedId,
          positions,
          flowNodes: toFlowNodes(state.model, positions, flowNodes, selectedId),
          flowEdges:
            selectedId !== state.selectedId
              ? toFlowEdges(state.model, state.flowEdges, selectedId)
              : state.flowEdges,
        });
      } else if (flowNodes !== state.flowNodes) {
        set({ flowNodes });
      }
    },

    applyLayout(requestId, layout) {
      const state = get();
      if (state.layoutRequest?.id !== requestId) return;
      const positions: Record<string, XY> = { ...state.positions };
      for (const [id, position] of Object.entries(layout)) if (id in positions) positions[id] = position;
      // Nodes that arrived while the worker was busy get placed around the new picture.
      const placed = placeNewNodes(state.model, positions);
      set({
        positions: placed,
        layoutRequest: null,
        layoutVersion: state.layoutVersion + 1,
        flowNodes: toFlowNodes(state.model, placed, state.flowNodes, state.selectedId),
      });
    },

    relayout() {
      const state = get();
      if (state.model.nodes.length === 0) return;
      set({ layoutRequest: request(state.model, state.positions) });
    },

    reset() {
      set({
        model: EMPTY,
        positions: {},
        flowNodes: [],
        flowEdges: [],
        selectedId: null,
        layoutRequest: null,
      });
    },
  }));
}

/** The app's graph store. The engine wiring calls `graphStore.getState().setModel(model)`. */
export const graphStore: GraphStore = createGraphStore();

/** Select from the app's graph store, e.g. `useGraph((s) => s.selectedId)`. */
export function useGraph<T>(selector: (state: GraphState) => T): T {
  return useStore(graphStore, selector);
}

/** The selected graph node, for a details panel. Subscribes to one node, not the whole array. */
export function selectSelectedNode(state: GraphState): GraphNode | undefined {
  return state.selectedId ? state.model.nodes.find((node) => node.id === state.selectedId) : undefined;
}
