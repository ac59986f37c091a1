import { useCallback } from 'react';
import { ClusterGraph } from '../graph/ClusterGraph';
import { useInspector } from '../state/inspector.slice';
import { useLab } from '../state/lab.store';
import { useTimeline } from '../state/timeline.slice';
import { useView } from '../state/view.slice';
import { ReplayBanner } from './ReplayBanner';

/**
 * The live graph of the connected cluster, or, while the user scrubs the timeline, the graph as it
 * was then; without a cluster, a plain sentence says why nothing is drawn.
 */
export function GraphArea() {
  const live = useLab((state) => state.graph);
  const replay = useTimeline((state) => state.replay);
  const select = useInspector((state) => state.select);
  const showLegend = useView((state) => state.showLegend);
  const showMiniMap = useView((state) => state.showMiniMap);
  const onSelect = useCallback((id: string | null) => select(id), [select]);
  // While replaying, keep the last drawn picture until graph.at answers rather than flash to live.
  const graph = replay ? (replay.snapshot ?? live) : live;
  if (!graph?.available || !graph.model) {
    return (
      <section className="graph-area" aria-label="Cluster graph" data-testid="graph-area">
        {replay ? <ReplayBanner /> : null}
        <div className="graph-empty">
          <p>{graph?.message ?? 'Loading…'}</p>
        </div>
      </section>
    );
  }
  return (
    <section
      className={`graph-area${replay ? ' replaying' : ''}`}
      aria-label="Cluster graph"
      data-testid="graph-area"
    >
      {replay ? <ReplayBanner /> : null}
      {graph.model.nodes.length === 0 && !replay ? (
        <div className="graph-hint">{graph.message}: nothing deployed in this namespace yet.</div>
      ) : null}
      <ClusterGraph
        model={graph.model}
        onSelect={onSelect}
        showLegend={showLegend}
        showMiniMap={showMiniMap}
      />
    </section>
  );
}
