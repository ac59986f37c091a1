/**
 * The graph's renderer state (zustand, vanilla store so it can be tested without React). It holds
 * the model, the position cache and the React Flow node/edge arrays derived from them; the arrays
 * are rebuilt here, outside React, with object identity kept for everything that did not change.
 * Only the ClusterGraph shell subscribes to the arrays; node components get their own data as props.
 */
import { applyNodeChanges, type NodeChange } from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { reuseIdentity, type GraphModel, type GraphNode } from '../../../core/graph';
import { NODE_SIZE, POD_GRID, nodeGroupSize, type XY } from './node-sizes';
import { columnLayout, groupSlots, placePods, type PositionCache } from './place-nodes';
import { toFlowEdges, toFlowNodes, type FlowEdge, type FlowNode } from './to-flow';

export interface GraphState {
  model: GraphModel;
  /**
   * What is drawn: `model` plus the pods that just left it and are still fading out (EXIT_MS). Their
   * slots stay taken until they are gone, so nothing moves while they fade.
   */
  shown: GraphModel;
  /** Where everything is (or is going, while a re-layout animates): pods relative to their group. */
  positions: PositionCache;
  /** The last column layout (top-level nodes only), to tell a structural change from a pod change. */
  layout: PositionCache;
  flowNodes: FlowNode[];
  flowEdges: FlowEdge[];
  selectedId: string | null;
  /** Bumped when the set of top-level nodes changed and its new layout is in place: fit the view. */
  layoutVersion: number;
  setModel(model: GraphModel): void;
  select(id: string | null): void;
  /** React Flow's own changes (measured sizes, drags, selection by click or keyboard). */
  applyFlowChanges(changes: NodeChange<FlowNode>[]): void;
  /** "Lay out again": back to the column layout, dropping where the user dragged things. */
  relayout(): void;
  reset(): void;
}

export type GraphStore = StoreApi<GraphState>;

const EMPTY: GraphModel = { nodes: [], edges: [] };

/** How long a re-layout takes to glide from the old picture to the new one. */
export const RELAYOUT_MS = 300;

/** How long a removed pod stays on screen, fading and shrinking (cluster-graph.css `pod-exit`). */
export const EXIT_MS = 350;

/**
 * More pods than this gone at once (a ReplicaSet folding into a pod group, a namespace emptied): they
 * go at once, the picture changes anyway and hundreds of fading cards would cost frames.
 */
const EXIT_LIMIT = 60;

function sameLayout(a: PositionCache, b: PositionCache): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((id) => a[id]?.x === b[id]?.x && a[id]?.y === b[id]?.y);
}

function topLevelIds(model: GraphModel): string {
  return model.nodes
    .filter((node) => !node.parentId)
    .map((node) => node.id)
    .join('\n');
}

function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}

/** Animate only in a browser that has not asked for reduced motion (tests and SSR jump). */
function canAnimate(): boolean {
  if (typeof requestAnimationFrame !== 'function' || typeof performance === 'undefined') return false;
  return !(typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches);
}

/** The least height a node group may have while it shrinks or grows: its pods must stay inside. */
function minGroupHeight(slots: number): number {
  return nodeGroupSize(slots).height - (NODE_SIZE.pod.height + POD_GRID.gap);
}

interface Glide {
  from: Record<string, XY>;
  fromHeights: Record<string, number>;
  /**
   * Top-level nodes that are new: drawn only when the glide ends, once the others made room
   * (drawn at their place at once, they would sit on boxes that have not moved away yet).
   */
  fresh: Set<string>;
  start: number;
  frame: number;
  /** The set of top-level nodes changed: fit the view once the glide ends. */
  fit: boolean;
}

/**
 * The model plus the pods still fading out. A leaving pod is dropped early when it came back, or
 * when its node group is gone (React Flow draws no child without its parent).
 */
function withLeaving(model: GraphModel, leaving: Map<string, GraphNode>): GraphModel {
  if (leaving.size === 0) return model;
  const ids = new Set(model.nodes.map((node) => node.id));
  const extra: GraphNode[] = [];
  for (const [id, node] of leaving) {
    if (ids.has(id) || (node.parentId !== undefined && !ids.has(node.parentId))) leaving.delete(id);
    else extra.push(node);
  }
  // Appended: parents (node groups) come first in the model, so they still precede these pods.
  return extra.length === 0 ? model : { nodes: [...model.nodes, ...extra], edges: model.edges };
}

export function createGraphStore(): GraphStore {
  let glide: Glide | null = null;
  /** Pods gone from the model, still drawn while they fade out, by id. */
  const leaving = new Map<string, GraphNode>();
  const exitTimers = new Set<ReturnType<typeof setTimeout>>();
  const leavingIds = (): ReadonlySet<string> | undefined =>
    leaving.size > 0 ? new Set(leaving.keys()) : undefined;

  return createStore<GraphState>()((set, get) => {
    /**
     * One frame of a re-layout: every top-level node that moved is drawn on the straight line from
     * where it was to where it goes, all with the same eased t. Two boxes apart at both ends of a
     * straight-line move stay apart in between as long as their order in their column is the same
     * at both ends, which the column layout guarantees, so the glide never draws an overlap. Node
     * group heights glide too, never below what their pods need.
     */
    const frame = (now: number) => {
      if (!glide) return;
      const state = get();
      const t = Math.min(1, (now - glide.start) / RELAYOUT_MS);
      if (t >= 1) {
        const fit = glide.fit;
        glide = null;
        set({
          flowNodes: toFlowNodes(
            state.shown,
            state.positions,
            state.flowNodes,
            state.selectedId,
            undefined,
            undefined,
            leavingIds(),
          ),
          ...(fit ? { layoutVersion: state.layoutVersion + 1 } : {}),
        });
        return;
      }
      const e = easeInOut(t);
      const shown: Record<string, XY> = { ...state.positions };
      const heights: Record<string, number> = {};
      const slots = groupSlots(state.shown, state.positions);
      for (const node of state.shown.nodes) {
        if (node.parentId) continue;
        const to = state.positions[node.id];
        const from = glide.from[node.id];
        if (to && from) shown[node.id] = { x: from.x + (to.x - from.x) * e, y: from.y + (to.y - from.y) * e };
        const fromHeight = glide.fromHeights[node.id];
        if (node.kind === 'node' && fromHeight !== undefined) {
          const count = slots.get(node.id) ?? 0;
          const target = nodeGroupSize(count).height;
          heights[node.id] = Math.max(minGroupHeight(count), fromHeight + (target - fromHeight) * e);
        }
      }
      set({
        flowNodes: toFlowNodes(
          state.shown,
          shown,
          state.flowNodes,
          state.selectedId,
          heights,
          glide.fresh,
          leavingIds(),
        ),
      });
      glide.frame = requestAnimationFrame(frame);
    };

    /** Move to `positions`: gliding from what is on screen now, or at once where motion is off. */
    const moveTo = (
      model: GraphModel,
      positions: PositionCache,
      prevNodes: readonly FlowNode[],
      selectedId: string | null,
      fit: boolean,
    ): Partial<GraphState> => {
      const hadPicture = prevNodes.length > 0;
      if (!hadPicture || !canAnimate()) {
        if (glide) cancelAnimationFrame(glide.frame);
        glide = null;
        return {
          flowNodes: toFlowNodes(model, positions, prevNodes, selectedId, undefined, undefined, leavingIds()),
          ...(fit ? { layoutVersion: get().layoutVersion + 1 } : {}),
        };
      }
      const from: Record<string, XY> = {};
      const fromHeights: Record<string, number> = {};
      for (const node of prevNodes) {
        if (node.parentId || node.hidden) continue;
        from[node.id] = node.position;
        if (node.type === 'nodeGroup' && node.height !== undefined) fromHeights[node.id] = node.height;
      }
      const fresh = new Set<string>();
      for (const node of model.nodes) if (!node.parentId && !from[node.id]) fresh.add(node.id);
      if (glide) cancelAnimationFrame(glide.frame);
      const start = performance.now();
      glide = { from, fromHeights, fresh, start, frame: 0, fit: fit || (glide?.fit ?? false) };
      glide.frame = requestAnimationFrame(frame);
      const shown: Record<string, XY> = { ...positions, ...from };
      return {
        flowNodes: toFlowNodes(model, shown, prevNodes, selectedId, fromHeights, fresh, leavingIds()),
      };
    };

    /** Pods that left the model start fading out; they are dropped from the picture after EXIT_MS. */
    const noteLeaving = (prev: GraphModel, model: GraphModel) => {
      if (prev.nodes.length === 0 || !canAnimate() || get().flowNodes.length === 0) return;
      const ids = new Set(model.nodes.map((node) => node.id));
      const gone = prev.nodes.filter((node) => node.kind === 'pod' && !ids.has(node.id));
      if (gone.length === 0 || gone.length > EXIT_LIMIT) return;
      for (const node of gone) leaving.set(node.id, node);
      const timer = setTimeout(() => {
        exitTimers.delete(timer);
        for (const node of gone) if (leaving.get(node.id) === node) leaving.delete(node.id);
        draw(get().model);
      }, EXIT_MS);
      exitTimers.add(timer);
    };

    /** Lay out and draw `model` (with the pods still fading out), keeping all that did not change. */
    const draw = (model: GraphModel) => {
      const state = get();
      const shown = withLeaving(model, leaving);
      const placed = placePods(shown, state.positions);
      const layout = columnLayout(shown, groupSlots(shown, placed));
      const selectedId =
        state.selectedId && model.nodes.some((n) => n.id === state.selectedId) ? state.selectedId : null;
      // Always re-derived (it is identity-preserving): which edges are drawn also depends on the
      // nodes, e.g. the pod count for the level-of-detail rule.
      const flowEdges = toFlowEdges(model, state.flowEdges, selectedId);
      if (sameLayout(layout, state.layout)) {
        // No structural change: nothing moves (and what the user dragged stays where it is).
        set({
          model,
          shown,
          positions: placed,
          selectedId,
          flowNodes: glide
            ? state.flowNodes
            : toFlowNodes(shown, placed, state.flowNodes, selectedId, undefined, undefined, leavingIds()),
          flowEdges,
        });
        return;
      }
      const positions = { ...placed, ...layout };
      set({
        model,
        shown,
        positions,
        layout,
        selectedId,
        flowEdges,
        ...moveTo(
          shown,
          positions,
          state.flowNodes,
          selectedId,
          topLevelIds(shown) !== topLevelIds(state.shown),
        ),
      });
    };

    return {
      model: EMPTY,
      shown: EMPTY,
      positions: {},
      layout: {},
      flowNodes: [],
      flowEdges: [],
      selectedId: null,
      layoutVersion: 0,

      setModel(incoming) {
        const state = get();
        const model = reuseIdentity(state.model, incoming);
        if (model === state.model) return;
        noteLeaving(state.model, model);
        draw(model);
      },

      select(id) {
        const state = get();
        const selectedId = id && state.model.nodes.some((n) => n.id === id) ? id : null;
        if (selectedId === state.selectedId) return;
        set({
          selectedId,
          flowNodes: toFlowNodes(
            state.shown,
            state.positions,
            state.flowNodes,
            selectedId,
            undefined,
            undefined,
            leavingIds(),
          ),
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
            // A drag is the user arranging the picture: kept until the next structural re-layout.
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
            flowNodes: toFlowNodes(
              state.shown,
              positions,
              flowNodes,
              selectedId,
              undefined,
              undefined,
              leavingIds(),
            ),
            flowEdges:
              selectedId !== state.selectedId
                ? toFlowEdges(state.model, state.flowEdges, selectedId)
                : state.flowEdges,
          });
        } else if (flowNodes !== state.flowNodes) {
          set({ flowNodes });
        }
      },

      relayout() {
        const state = get();
        if (state.model.nodes.length === 0) return;
        const positions = { ...state.positions, ...state.layout };
        set({ positions, ...moveTo(state.shown, positions, state.flowNodes, state.selectedId, true) });
      },

      reset() {
        if (glide) cancelAnimationFrame(glide.frame);
        glide = null;
        for (const timer of exitTimers) clearTimeout(timer);
        exitTimers.clear();
        leaving.clear();
        set({
          model: EMPTY,
          shown: EMPTY,
          positions: {},
          layout: {},
          flowNodes: [],
          flowEdges: [],
          selectedId: null,
        });
      },
    };
  });
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
