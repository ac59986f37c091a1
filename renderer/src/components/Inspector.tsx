import { useEffect, useMemo } from 'react';
import { graphStore } from '../graph/graph.slice';
import { useInspector } from '../state/inspector.slice';
import { readInspectedObject } from '../state/inspected-object';
import { useLab } from '../state/lab.store';
import { useTimeline } from '../state/timeline.slice';
import { EventList } from './EventList';
import { InspectorActions } from './InspectorActions';
import { YamlView } from './YamlView';

/**
 * The selected graph node, as the engine describes it (graph.inspect): why it is in its state, what
 * can be done to it, its events, its logs (pods) and the live object as YAML. It asks again whenever
 * the live graph changes, so the YAML follows the cluster.
 */
export function Inspector() {
  const selectedId = useInspector((s) => s.selectedId);
  const inspection = useInspector((s) => s.inspection);
  const error = useInspector((s) => s.error);
  const loading = useInspector((s) => s.loading);
  const refresh = useInspector((s) => s.refresh);
  const graph = useLab((s) => s.graph);
  const replaying = useTimeline((s) => s.replay !== undefined);
  const node = useMemo(() => graph?.model?.nodes.find((n) => n.id === selectedId), [graph, selectedId]);
  const object = useMemo(() => readInspectedObject(inspection?.yaml ?? ''), [inspection]);

  useEffect(() => {
    if (selectedId) void refresh();
  }, [graph, selectedId, refresh]);

  if (!selectedId) return null;
  const [kind = '', namespace = '', ...rest] = selectedId.split('/');
  const name = rest.join('/');
  const close = () => {
    graphStore.getState().select(null);
    useInspector.getState().select(null);
  };
  const current = inspection?.id === selectedId ? inspection : undefined;
  const reasons = current?.reasons ?? node?.reasons ?? [];

  return (
    <section className="inspector" aria-label="Inspector" data-testid="inspector">
      <header className="inspector-header">
        <span className="kind-badge">{kind}</span>
        <h2 className="inspector-title" title={name}>
          {name}
        </h2>
        <button type="button" onClick={close} aria-label="Close inspector" title="Close (Esc in the graph)">
          ✕
        </button>
      </header>
      <p className="muted small inspector-sub">
        {namespace ? `namespace ${namespace}` : 'cluster-scoped'}
        {node ? ` · ${node.summary}` : ''}
      </p>
      {!node && !replaying ? (
        <p className="action-result action-error" role="status">
          This object is no longer in the cluster.
        </p>
      ) : null}
      {error ? (
        <p className="action-result action-error" role="alert">
          {error}
        </p>
      ) : null}
      <section className="inspector-section" aria-label="Why">
        <h3>Why it is in this state</h3>
        {reasons.length === 0 ? (
          <p className="muted small">
            {node?.status === 'ok' || !node ? 'Healthy: nothing to explain.' : 'No reason reported.'}
          </p>
        ) : (
          <ol className="reason-chain">
            {reasons.map((reason, index) => (
              <li key={index}>
                {index > 0 ? <span className="muted">because </span> : null}
                {reason}
              </li>
            ))}
          </ol>
        )}
      </section>
      {node && current ? (
        <InspectorActions key={node.id} node={node} object={object} disabled={replaying} />
      ) : null}
      <section className="inspector-section" aria-label="Events">
        <h3>Events</h3>
        {current ? (
          <EventList events={current.events} empty="No events recorded for this object." />
        ) : (
          <p className="muted small">{loading ? 'Asking the engine…' : ''}</p>
        )}
      </section>
      {current?.logs !== undefined ? (
        <section className="inspector-section" aria-label="Logs">
          <h3>Logs (last 50 lines)</h3>
          <pre className="logs-view" data-testid="inspector-logs">
            {current.logs.trim() === '' ? '(no output yet)' : current.logs}
          </pre>
        </section>
      ) : null}
      <section className="inspector-section" aria-label="YAML">
        <h3>Live object</h3>
        {current ? (
          <YamlView yaml={current.yaml} />
        ) : (
          <p className="muted small">{loading ? 'Asking the engine…' : ''}</p>
        )}
      </section>
    </section>
  );
}
