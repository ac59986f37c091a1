import { useLab } from '../state/lab.store';

/** The live graph goes here. Until it is built, this says so: no made-up cluster is ever drawn. */
export function GraphArea() {
  const graph = useLab((state) => state.graph);
  return (
    <section className="graph-area" aria-label="Cluster graph" data-testid="graph-area">
      <div className="graph-empty">
        <p>{graph?.message ?? 'Loading…'}</p>
      </div>
    </section>
  );
}
