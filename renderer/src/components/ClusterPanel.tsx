import { useLab } from '../state/lab.store';

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
              <button
                type="button"
                disabled={!backend.available || !backend.implemented || status.state === 'connecting'}
                onClick={() => void connect(backend.id)}
              >
                Connect
              </button>
            </div>
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
