import '@xyflow/react/dist/style.css';
import './cluster-graph.css';
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { GraphModel } from '../../../core/graph';
import { ClusterGraphCanvas } from './ClusterGraphCanvas';
import { graphStore, type GraphStore } from './graph.slice';

export interface ClusterGraphProps {
  /**
   * The model to draw. When given, it is pushed into the store whenever it changes (identity of
   * unchanged nodes is kept there). When omitted, the component draws whatever the store holds,
   * which the engine wiring fills with `graphStore.getState().setModel(model)`.
   */
  model?: GraphModel;
  /** Defaults to the app's `graphStore`; pass `createGraphStore()` for an independent graph. */
  store?: GraphStore;
  /** Called with the selected node id (click, or Tab then Enter), or null when cleared. */
  onSelect?: (nodeId: string | null) => void;
  showMiniMap?: boolean;
  showLegend?: boolean;
}

/** The live cluster graph: React Flow, laid out by elk in a worker, positions stable across updates. */
export function ClusterGraph({
  model,
  store = graphStore,
  onSelect,
  showMiniMap = true,
  showLegend = true,
}: ClusterGraphProps) {
  useEffect(() => {
    if (model) store.getState().setModel(model);
  }, [model, store]);

  useEffect(() => {
    if (!onSelect) return undefined;
    return store.subscribe((state, prev) => {
      if (state.selectedId !== prev.selectedId) onSelect(state.selectedId);
    });
  }, [store, onSelect]);

  return (
    <ReactFlowProvider>
      <ClusterGraphCanvas store={store} showMiniMap={showMiniMap} showLegend={showLegend} />
    </ReactFlowProvider>
  );
}
