import { useState } from 'react';
import { useActions } from '../state/actions.slice';
import { ActionResult } from './ActionResult';

/**
 * The sample Python web app as a learner would write it: three replicas of pyweb 1.0 behind a
 * Service, with a readiness probe so a pod gets traffic only once /ready answers.
 */
const SAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: deploy-lab/pyweb:1.0
          ports:
            - containerPort: 8000
          readinessProbe:
            httpGet:
              path: /ready
              port: 8000
            periodSeconds: 2
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8000
`;

/** Apply YAML to the connected cluster (clusters.action apply), like kubectl apply -f. */
export function ApplyPanel() {
  const [yaml, setYaml] = useState('');
  const run = useActions((s) => s.run);
  const busy = useActions((s) => s.pending.some((p) => p.origin === 'apply'));
  return (
    <form
      className="instrument apply-panel"
      data-testid="apply-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (yaml.trim())
          void run('apply', 'applying manifest', { type: 'apply', yaml, source: 'apply panel' });
      }}
    >
      <textarea
        value={yaml}
        onChange={(e) => setYaml(e.target.value)}
        spellCheck={false}
        aria-label="Manifest YAML"
        placeholder="Paste Kubernetes YAML here (several documents separated by ---), then Apply."
      />
      <div className="apply-side">
        <button type="submit" disabled={busy || yaml.trim() === ''}>
          Apply
        </button>
        <button type="button" onClick={() => setYaml(SAMPLE)}>
          Insert sample app
        </button>
        <ActionResult origin="apply" />
      </div>
    </form>
  );
}
