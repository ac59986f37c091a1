// The embedded cluster in code: create it, deploy the sample app behind a Service, send steady
// traffic, roll out version 2.0, and read the request ledger. Everything runs on a virtual clock.
import { createSimCluster } from '../../core/sim/cluster';

export function embeddedClusterExample() {
  const cluster = createSimCluster({ seed: 42, nodes: 3 });
  const app = { app: 'web' };
  cluster.store.create('deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: app },
      template: {
        metadata: { labels: app },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'deploy-lab/pyweb:1.0',
              ports: [{ containerPort: 8000 }],
              readinessProbe: { httpGet: { path: '/ready', port: 8000 }, periodSeconds: 2 },
            },
          ],
        },
      },
    },
  });
  cluster.store.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: app, ports: [{ port: 80, targetPort: 8000 }] },
  });
  cluster.advance(30_000); // 30 virtual seconds: images pulled, pods Ready, endpoints filled

  cluster.traffic.start({ service: 'web', ratePerSecond: 20 });
  const deployment = cluster.store.get('deployments', 'default', 'web');
  deployment.spec.template.spec.containers[0]!.image = 'deploy-lab/pyweb:2.0';
  cluster.store.update('deployments', deployment); // a rolling update, 25% surge / 25% unavailable
  cluster.advance(60_000);
  cluster.traffic.stop();

  const ledger = cluster.traffic.ledger();
  const status = cluster.store.get('deployments', 'default', 'web').status;
  cluster.dispose();
  return {
    totals: ledger.totals,
    updatedReplicas: status?.updatedReplicas,
    availableReplicas: status?.availableReplicas,
  };
}
