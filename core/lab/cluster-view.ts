/**
 * What the engine sees of the connected cluster: client-node informers (core/kube) into a cache, and
 * the graph projected from it (core/graph). The same code serves the embedded cluster, kind and any
 * context, because all three are reached through their kubeconfig.
 */
import { buildGraph, type GraphInput, type GraphModel, type TrafficSummary } from '../graph';
import { createClusterCache, type ClusterCache, type PlainObject } from '../kube/cluster-cache';
import { openKubeConnection, type KubeConnection } from '../kube/kube-connection';

export interface ClusterView {
  connection: KubeConnection;
  /** Cached objects of one resource (plain API JSON). */
  list(resource: string): PlainObject[];
  graph(): GraphModel;
  /** What the synthetic client is doing now (the embedded cluster's lab API), drawn as traffic edges. */
  setTraffic(traffic: TrafficSummary | undefined): void;
  podLogs(namespace: string, name: string, tailLines?: number): Promise<string>;
  onChange(listener: () => void): () => void;
  stop(): Promise<void>;
}

export async function openClusterView(options: {
  kubeconfigPath: string;
  context?: string;
  now: () => number;
}): Promise<ClusterView> {
  const connection = openKubeConnection(
    options.context
      ? { kubeconfigPath: options.kubeconfigPath, context: options.context }
      : { kubeconfigPath: options.kubeconfigPath },
  );
  const cache: ClusterCache = createClusterCache(connection);
  await cache.ready();
  let traffic: TrafficSummary | undefined;
  return {
    connection,
    list: (resource) => cache.list(resource),
    setTraffic(next) {
      traffic = next;
    },
    podLogs: async (namespace, name, tailLines = 100) =>
      String(await connection.core.readNamespacedPodLog({ name, namespace, tailLines })),
    graph() {
      // The cache holds the API's JSON; core/graph reads the same shapes structurally.
      const input = {
        deployments: cache.list('deployments'),
        replicaSets: cache.list('replicasets'),
        pods: cache.list('pods'),
        services: cache.list('services'),
        endpointSlices: cache.list('endpointslices'),
        nodes: cache.list('nodes'),
        hpas: cache.list('horizontalpodautoscalers'),
        configMaps: cache.list('configmaps'),
        secrets: cache.list('secrets'),
        events: cache.list('events'),
        ...(traffic ? { traffic } : {}),
        now: options.now(),
      } as unknown as GraphInput;
      // The lab works in the context's namespace; cluster-scoped Nodes are always drawn.
      return buildGraph(input, { namespace: connection.namespace });
    },
    onChange(listener) {
      return cache.onChange(() => listener());
    },
    stop: () => cache.stop(),
  };
}
