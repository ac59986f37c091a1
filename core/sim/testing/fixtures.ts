/** Manifests shared by the simulator's tests and benchmark. */
import type { Deployment, Service } from '../store/kube-types.js';

export interface WebOptions {
  name?: string;
  replicas?: number;
  image?: string;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  strategy?: 'RollingUpdate' | 'Recreate';
  readinessProbe?: boolean;
  env?: Record<string, string>;
  cpuRequest?: string;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  preStopSleep?: number;
}

export function webDeployment(o: WebOptions = {}): Deployment {
  const name = o.name ?? 'web';
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'web',
              image: o.image ?? 'deploy-lab/pyweb:1.0',
              ports: [{ name: 'http', containerPort: 8000 }],
              ...(o.env ? { env: Object.entries(o.env).map(([k, v]) => ({ name: k, value: v })) } : {}),
              ...(o.cpuRequest ? { resources: { requests: { cpu: o.cpuRequest } } } : {}),
              ...(o.readinessProbe ? { readinessProbe: { httpGet: { path: '/ready', port: 8000 }, periodSeconds: 2, failureThreshold: 1 } } : {}),
              ...(o.preStopSleep ? { lifecycle: { preStop: { exec: { command: ['sleep', String(o.preStopSleep)] } } } } : {}),
            },
          ],
        },
      },
    },
  };
  if (o.strategy === 'Recreate') d.spec.strategy = { type: 'Recreate' };
  else if (o.maxSurge !== undefined || o.maxUnavailable !== undefined)
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.maxSurge ?? '25%', maxUnavailable: o.maxUnavailable ?? '25%' } };
  if (o.minReadySeconds !== undefined) d.spec.minReadySeconds = o.minReadySeconds;
  if (o.progressDeadlineSeconds !== undefined) d.spec.progressDeadlineSeconds = o.progressDeadlineSeconds;
  return d;
}

export function webService(name = 'web', port = 80, targetPort: number | string = 'http'): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector: { app: name }, ports: [{ port, targetPort }] },
  };
}
