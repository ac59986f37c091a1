import { useMemo, useState } from 'react';
import { useInspector } from '../state/inspector.slice';
import { readInspectedObject } from '../state/inspected-object';
import { useLab } from '../state/lab.store';
import { resolveFenceposts } from '../state/rollout-math';
import { deploymentProgress } from '../state/rollout-progress';

/**
 * The rolling-update arithmetic for the selected Deployment: its maxSurge and maxUnavailable (from
 * the live object, 25%/25% when unset) resolved to pod counts for its replica count, plus where the
 * rollout stands now. A "what if" count lets the user try other replica numbers.
 */
export function RolloutPanel() {
  const selectedId = useInspector((s) => s.selectedId);
  const inspection = useInspector((s) => s.inspection);
  const graph = useLab((s) => s.graph);
  const node = graph?.model?.nodes.find((n) => n.id === selectedId);
  const deployment = node?.kind === 'deployment' ? node : undefined;
  const object = useMemo(
    () => (inspection && inspection.id === selectedId ? readInspectedObject(inspection.yaml) : undefined),
    [inspection, selectedId],
  );
  const [whatIf, setWhatIf] = useState('');
  const progress = useMemo(
    () => deploymentProgress(graph?.model).find((p) => p.id === deployment?.id),
    [graph, deployment?.id],
  );

  if (!deployment) {
    return (
      <div className="instrument" data-testid="rollout-panel">
        <p className="muted">Select a Deployment in the graph to see its rollout arithmetic.</p>
      </div>
    );
  }
  if (object?.strategyType === 'Recreate') {
    return (
      <div className="instrument" data-testid="rollout-panel">
        <p>
          {deployment.name} uses the Recreate strategy: every old pod is stopped before any new one starts, so
          there is no surge and no partial availability.
        </p>
      </div>
    );
  }
  const desired = deployment.replicas.desired;
  const count = whatIf.trim() === '' ? desired : Number(whatIf);
  const valid = Number.isInteger(count) && count >= 0 && count <= 100_000;
  let lines: string[] = [];
  let problem: string | undefined;
  if (valid && object) {
    try {
      lines = resolveFenceposts(count, object.maxSurge ?? '25%', object.maxUnavailable ?? '25%').lines;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
  }
  return (
    <div className="instrument rollout-panel" data-testid="rollout-panel">
      <p>
        <strong>{deployment.name}</strong>: maxSurge {String(object?.maxSurge ?? '25%')}
        {object?.maxSurge === undefined ? ' (default)' : ''}, maxUnavailable{' '}
        {String(object?.maxUnavailable ?? '25%')}
        {object?.maxUnavailable === undefined ? ' (default)' : ''}; {desired} desired replicas.
      </p>
      {!object ? <p className="muted small">Asking the engine for the Deployment…</p> : null}
      <ul className="rollout-lines" data-testid="rollout-arithmetic">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {problem ? <p className="action-result action-error">{problem}</p> : null}
      <label className="small">
        What if it had{' '}
        <input
          type="number"
          min={0}
          value={whatIf}
          placeholder={String(desired)}
          onChange={(e) => setWhatIf(e.target.value)}
          className="num-input"
          aria-label="What-if replicas"
        />{' '}
        replicas?
      </label>
      <p className="small" data-testid="rollout-now">
        Now: {progress ? progress.text : `settled, ${deployment.replicas.ready} of ${desired} ready.`}
      </p>
    </div>
  );
}
