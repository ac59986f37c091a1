import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useStore as useFlowStore,
  type NodeChange,
  type ReactFlowState,
} from '@xyflow/react';
import { useStore } from 'zustand';
import type { GraphStore } from './graph.slice';
import { GraphLegend } from './GraphLegend';
import { edgeTypes, nodeTypes } from './node-types';
import { SelectionPanel } from './SelectionPanel';
import type { FlowNode } from './to-flow';
import { useColorMode } from './use-color-mode';

export interface ClusterGraphCanvasProps {
  store: GraphStore;
  showMiniMap: boolean;
  showLegend: boolean;
}

/**
 * Past this many nodes only what is on screen is rendered. Below it every node stays in the DOM so
 * Tab can reach all of them (React Flow pans to a focused node).
 */
const VIRTUALIZE_ABOVE = 400;

/**
 * Below this zoom, card text is too small to read anyway, so cards are drawn as plain status blocks
 * (CSS `.is-far`): text is the most expensive thing to rasterise when hundreds of cards are visible.
 */
const FAR_ZOOM = 0.45;

function isFar(state: ReactFlowState): boolean {
  return state.transform[2] < FAR_ZOOM;
}

function minimapClass(node: FlowNode): string {
  return `minimap-node status-${node.data.node.status}`;
}

export function ClusterGraphCanvas({ store, showMiniMap, showLegend }: ClusterGraphCanvasProps) {
  const nodes = useStore(store, (s) => s.flowNodes);
  const edges = useStore(store, (s) => s.flowEdges);
  const hasSelection = useStore(store, (s) => s.selectedId !== null);
  const layoutVersion = useStore(store, (s) => s.layoutVersion);
  const colorMode = useColorMode();
  // A boolean selector: this component re-renders when the zoom crosses the threshold, not per frame.
  const far = useFlowStore(isFar);
  const { fitView } = useReactFlow();

  // Fit when the set of top-level boxes changed, not on every update: the view must not jump while
  // pods change.
  const userMoved = useRef(false);
  useEffect(() => {
    if (layoutVersion === 0) return undefined;
    userMoved.current = false;
    const frame = requestAnimationFrame(() => void fitView({ padding: 0.1, duration: 250 }));
    return () => cancelAnimationFrame(frame);
  }, [layoutVersion, fitView]);

  // The pane changes size when panels around it open or close (a rollout banner above it, say); the
  // fitted picture would then be cut off. Refit, unless the user has panned or zoomed since the fit.
  const pane = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = pane.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      if (userMoved.current) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void fitView({ padding: 0.1, duration: 150 }));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [fitView]);
  // Only moves the user makes carry an event; fitView's own moves do not.
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) userMoved.current = true;
  }, []);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => store.getState().applyFlowChanges(changes),
    [store],
  );
  const onPaneClick = useCallback(() => store.getState().select(null), [store]);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (event.key === 'Escape') store.getState().select(null);
    },
    [store],
  );
  const relayout = useCallback(() => store.getState().relayout(), [store]);

  return (
    <div
      ref={pane}
      className={`cluster-graph${hasSelection ? ' has-selection' : ''}${far ? ' is-far' : ''}`}
      onKeyDown={onKeyDown}
      data-testid="cluster-graph"
    >
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onPaneClick={onPaneClick}
        onMoveStart={onMoveStart}
        colorMode={colorMode}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        deleteKeyCode={null}
        onlyRenderVisibleElements={nodes.length > VIRTUALIZE_ABOVE}
        minZoom={0.05}
        maxZoom={2}
        fitView
        aria-label="Cluster graph"
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="bottom-left">
          <ControlButton onClick={relayout} title="Lay out again" aria-label="Lay out again">
            ⟲
          </ControlButton>
        </Controls>
        {showMiniMap && (
          <MiniMap<FlowNode> pannable zoomable nodeClassName={minimapClass} position="bottom-right" />
        )}
        {showLegend && (
          <Panel position="top-left">
            <GraphLegend />
          </Panel>
        )}
        <Panel position="top-right">
          <SelectionPanel store={store} />
        </Panel>
      </ReactFlow>
    </div>
  );
}
