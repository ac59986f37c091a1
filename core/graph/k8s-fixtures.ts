/**
 * Builders for realistic Kubernetes objects, shaped like API server output. Used by the graph's unit
 * tests and by renderer tests and benches that need a believable cluster (e.g. 1,000 pods) without
 * a running one. Plain data only, so it stays inside core/graph's pure layer.
 */
import type {
  ConfigMap,
  Container,
  ContainerState,
  Deployment,
  EndpointSlice,
  HorizontalPodAutoscaler,
  KubeEvent,
  KubeNode,
  Pod,
  PodTemplateSpec,
  ReplicaSet,
  Secret,
  Service,
} from './graph-input';

export const FIXTURE_NOW = Date.parse('2026-11-26T12:00:00Z');
const NS = 'default';

export function iso(msBeforeNow: number): string {
  return new Date(FIXTURE_NOW - msBeforeNow).toISOString();
}

export function kubeNode(
  name: string,
  ready: 'True' | 'False' | 'Unknown' = 'True',
  message?: string,
): KubeNode {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
        {
          type: 'Ready',
          status: ready,
          reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown',
          ...(message
            ? { message }
            : {
                message:
                  ready === 'True'
                    ? 'kubelet is posting ready status'
                    : 'Kubelet stopped posting node status.',
              }),
        },
      ],
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
    },
  };
}

export interface AppOptions {
  replicas?: number;
  image?: string;
  version?: string;
  revision?: string;
  container?: Partial<Container>;
}

export function container(options: AppOptions = {}): Container {
  return {
    name: 'web',
    image: options.image ?? 'deploy-lab/pyweb:1.0',
    ports: [{ containerPort: 8000, name: 'http' }],
    readinessProbe: { httpGet: { path: '/ready', port: 8000 }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz', port: 8000 }, periodSeconds: 10 },
    ...options.container,
  };
}

export function deployment(name: string, options: AppOptions = {}): Deployment {
  const version = options.version ?? '1.0';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: NS,
      uid: `uid-deploy-${name}`,
      generation: 1,
      labels: { app: name },
      annotations: { 'deployment.kubernetes.io/revision': options.revision ?? '1' },
    },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: name, 'app.kubernetes.io/version': version } },
        spec: { containers: [container(options)] },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: options.replicas ?? 3,
      updatedReplicas: options.replicas ?? 3,
      readyReplicas: options.replicas ?? 3,
      availableReplicas: options.replicas ?? 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
}

export function replicaSet(owner: Deployment, hash: string, options: AppOptions = {}): ReplicaSet {
  const name = `${owner.metadata.name}-${hash}`;
  // A deep copy, as the controller does: pods must not share objects with their template.
  const template = JSON.parse(JSON.stringify(owner.spec?.template ?? {})) as PodTemplateSpec;
  if (options.version)
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, 'app.kubernetes.io/version': options.version },
    };
  if (options.image && template.spec?.containers[0]) template.spec.containers[0].image = options.image;
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, 'pod-template-hash': hash },
  };
  const replicas = options.replicas ?? owner.spec?.replicas ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: NS,
      uid: `uid-rs-${name}`,
      labels: { ...template.metadata?.labels },
      annotations: { 'deployment.kubernetes.io/revision': options.revision ?? '1' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: owner.metadata.name,
          uid: owner.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: { replicas, selector: { matchLabels: { ...template.metadata?.labels } }, template },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

export interface PodOptions {
  node?: string;
  ready?: boolean;
  phase?: string;
  restarts?: number;
  waiting?: { reason: string; message?: string };
  lastTerminated?: ContainerState['terminated'];
  terminating?: boolean;
  unscheduled?: string;
}

export function pod(owner: ReplicaSet, suffix: string, options: PodOptions = {}): Pod {
  const name = `${owner.metadata.name}-${suffix}`;
  const template = owner.spec?.template;
  const ready = options.ready ?? !options.waiting;
  const phase = options.phase ?? (options.unscheduled ? 'Pending' : 'Running');
  const c = template?.spec?.containers[0] ?? container();
  const state: ContainerState = options.waiting
    ? { waiting: options.waiting }
    : phase === 'Running'
      ? { running: { startedAt: iso(600_000) } }
      : { waiting: { reason: 'ContainerCreating' } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: NS,
      uid: `uid-pod-${name}`,
      labels: { ...template?.metadata?.labels },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: owner.metadata.name,
          uid: owner.metadata.uid,
          controller: true,
        },
      ],
      creationTimestamp: iso(700_000),
      ...(options.terminating ? { deletionTimestamp: iso(-30_000) } : {}),
    },
    spec: { ...(options.unscheduled ? {} : { nodeName: options.node ?? 'worker-1' }), containers: [c] },
    status: {
      phase,
      conditions: options.unscheduled
        ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: options.unscheduled }]
        : [
            { type: 'PodScheduled', status: 'True' },
            { type: 'ContainersReady', status: ready ? 'True' : 'False' },
            { type: 'Ready', status: ready ? 'True' : 'False' },
          ],
      containerStatuses: options.unscheduled
        ? []
        : [
            {
              name: c.name,
              image: c.image,
              ready,
              started: phase === 'Running',
              restartCount: options.restarts ?? 0,
              state,
              ...(options.lastTerminated ? { lastState: { terminated: options.lastTerminated } } : {}),
            },
          ],
      podIP: '10.244.1.10',
    },
  };
}

export function service(name: string, selector: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, uid: `uid-svc-${name}` },
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port: 80, targetPort: 8000, protocol: 'TCP' }],
      clusterIP: '10.96.0.20',
    },
  };
}

export function endpointSlice(
  svc: Service,
  endpoints: { pod: Pod; ready?: boolean; serving?: boolean; terminating?: boolean }[],
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${svc.metadata.name}-abcde`,
      namespace: NS,
      labels: {
        'kubernetes.io/service-name': svc.metadata.name,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: svc.metadata.name,
          uid: svc.metadata.uid,
          controller: true,
        },
      ],
    },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8000, protocol: 'TCP' }],
    endpoints: endpoints.map(({ pod: p, ready, serving, terminating }) => ({
      addresses: [p.status?.podIP ?? '10.244.0.1'],
      conditions: {
        ready: ready ?? true,
        serving: serving ?? ready ?? true,
        terminating: terminating ?? false,
      },
      ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', name: p.metadata.name, namespace: NS, uid: p.metadata.uid },
    })),
  };
}

export function warningEvent(
  about: Pod | Deployment | KubeNode | HorizontalPodAutoscaler,
  reason: string,
  message: string,
  options: { count?: number; ageMs?: number; fieldPath?: string } = {},
): KubeEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${about.metadata.name}.${reason.toLowerCase()}`,
      namespace: about.metadata.namespace ?? NS,
    },
    involvedObject: {
      kind: about.kind,
      name: about.metadata.name,
      namespace: about.metadata.namespace,
      uid: about.metadata.uid,
      ...(options.fieldPath ? { fieldPath: options.fieldPath } : {}),
    },
    reason,
    message,
    type: 'Warning',
    count: options.count ?? 1,
    firstTimestamp: iso((options.ageMs ?? 5_000) + 60_000),
    lastTimestamp: iso(options.ageMs ?? 5_000),
  };
}

export function hpa(name: string, target: string, current: number, desired: number): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: NS, uid: `uid-hpa-${name}` },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    },
    status: {
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 80 } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
        { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
        { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
      ],
    },
  };
}

export function configMap(name: string, data: Record<string, string>): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NS, uid: `uid-cm-${name}` },
    data,
  };
}

export function secret(name: string, data: Record<string, string>): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NS, uid: `uid-secret-${name}` },
    type: 'Opaque',
    data,
  };
}
