import { ClusterGraph } from '../graph/ClusterGraph';
import { useLab } from '../state/lab.store';

/** The live graph of the connected cluster; without one, a plain sentence says why nothing is drawn. */
export function GraphArea() {
  const graph = useLab((state) => state.graph);
  if (!graph?.available || !graph.model) {
    return (
      <section className="graph-area" aria-label="Cluster graph" data-testid="graph-area">
        <div className="graph-empty">
          <p>{graph?.message ?? 'Loading…'}</p>
        </div>
      </section>
    );
  }
  return (
    <section className="graph-area" aria-label="Cluster graph" data-testid="graph-area">
      {graph.model.nodes.length === 0 ? (
        <div className="graph-hint">{graph.message}: nothing deployed in this namespace yet.</div>
      ) : null}
      <ClusterGraph model={graph.model} />
    </section>
  );
}
