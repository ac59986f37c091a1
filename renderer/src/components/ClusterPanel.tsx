import { useEffect, useState } from 'react';
import type { KubeContext } from '../../../core/contract';
import { useLab } from '../state/lab.store';

/** The context picker of the "any kube context" backend, filled from the user's kubeconfig. */
function ContextPicker({ onConnect, disabled }: { onConnect(context: string): void; disabled: boolean }) {
  const client = useLab((state) => state.client);
  const [contexts, setContexts] = useState<KubeContext[]>([]);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    if (!client) return;
    void client.api.clusters.contexts({}).then((list) => {
      setContexts(list);
      setChosen(list.find((c) => c.current)?.name ?? list[0]?.name ?? '');
    });
  }, [client]);
  if (contexts.length === 0) return <span className="muted small">No contexts in your kubeconfig.</span>;
  return (
    <span className="context-picker">
      <select aria-label="Kube context" value={chosen} onChange={(event) => setChosen(event.target.value)}>
        {contexts.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="button" disabled={disabled || !chosen} onClick={() => onConnect(chosen)}>
        Connect
      </button>
    </span>
  );
}

export function ClusterPanel() {
  const backends = useLab((state) => state.backends);
  const status = useLab((state) => state.status);
  const loading = useLab((state) => state.loading);
  const connect = useLab((state) => state.connect);
  return (
    <section aria-labelledby="cluster-heading" data-testid="cluster-panel">
      <h2 id="cluster-heading">Cluster</h2>
      <p className={`status status-${status.state}`} data-testid="cluster-status">
        {status.message}
      </p>
      {status.kubeconfigPath ? (
        <p className="kubeconfig">
          kubectl: <code>KUBECONFIG={status.kubeconfigPath}</code>
        </p>
      ) : null}
      <h3>Backends</h3>
      {loading && backends.length === 0 ? <p className="muted">Checking this machine…</p> : null}
      <ul className="backend-list">
        {backends.map((backend) => (
          <li key={backend.id} data-testid={`backend-${backend.id}`}>
            <div className="backend-row">
              <span className={`dot ${backend.available ? 'dot-ok' : 'dot-missing'}`} aria-hidden />
              <strong>{backend.label}</strong>
              {backend.id === 'context' && backend.available && backend.implemented ? null : (
                <button
                  type="button"
                  disabled={!backend.available || !backend.implemented || status.state === 'connecting'}
                  onClick={() => void connect(backend.id)}
                >
                  Connect
                </button>
              )}
            </div>
            {backend.id === 'context' && backend.available && backend.implemented ? (
              <ContextPicker
                disabled={status.state === 'connecting'}
                onConnect={(context) => void connect(backend.id, context)}
              />
            ) : null}
            <span className="muted small">
              {backend.available ? 'Available on this machine.' : 'Not available: '}
              {backend.available && !backend.implemented ? ' Not built into this version yet.' : ''}
              {!backend.available ? backend.reason : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
