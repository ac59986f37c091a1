/** The resources the lab watches, and the REST paths client-node's informers list and watch. */
export interface WatchedKind {
  /** Key in the cache, e.g. "pods". */
  resource: string;
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

export const WATCHED_KINDS: readonly WatchedKind[] = [
  { resource: 'nodes', apiVersion: 'v1', kind: 'Node', namespaced: false },
  { resource: 'pods', apiVersion: 'v1', kind: 'Pod', namespaced: true },
  { resource: 'services', apiVersion: 'v1', kind: 'Service', namespaced: true },
  { resource: 'configmaps', apiVersion: 'v1', kind: 'ConfigMap', namespaced: true },
  { resource: 'secrets', apiVersion: 'v1', kind: 'Secret', namespaced: true },
  { resource: 'events', apiVersion: 'v1', kind: 'Event', namespaced: true },
  { resource: 'deployments', apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true },
  { resource: 'replicasets', apiVersion: 'apps/v1', kind: 'ReplicaSet', namespaced: true },
  { resource: 'endpointslices', apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespaced: true },
  {
    resource: 'horizontalpodautoscalers',
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
  },
];

export function collectionPath(kind: WatchedKind, namespace?: string): string {
  const base = kind.apiVersion.includes('/') ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`;
  return kind.namespaced && namespace
    ? `${base}/namespaces/${namespace}/${kind.resource}`
    : `${base}/${kind.resource}`;
}
