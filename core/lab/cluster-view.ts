/**
 * What the engine sees of the connected cluster: client-node informers (core/kube) into a cache, and
 * the graph projected from it (core/graph). The same code serves the embedded cluster, kind and any
 * context, because all three are reached through their kubeconfig.
 */
import { buildGraph, createGraphMemo, type GraphInput, type GraphModel, type TrafficSummary } from '../graph';
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

/**
 * The graph is rebuilt at most once per this many ms while changes keep coming (a rollout), but a
 * change after a quiet spell is drawn at once: a fixed batching delay would add itself to every
 * change's way to the screen.
 */
export const CHANGE_COOLDOWN_MS = 30;

/**
 * `listener` throttled without a clock: the first change fires it (on the cache's next flush, which
 * already folds one burst of watch events into one), then changes wait out a cooldown and fire once.
 */
function throttled(listener: () => void, cooldownMs: number): { changed(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  let stopped = false;
  const fire = () => {
    pending = false;
    listener();
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (pending && !stopped) fire();
    }, cooldownMs);
    timer.unref?.();
  };
  return {
    changed() {
      if (stopped) return;
      if (timer) pending = true;
      else fire();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * The graph reads Warning events only (reason chains), so a Normal event coming or going changes
 * nothing on it: a rollout records ~6 per pod, and each would cost a rebuild, possibly just before a
 * change the user is waiting to see.
 */
export function graphIgnores(
  resource: string,
  object: PlainObject,
  previous: PlainObject | undefined,
): boolean {
  return resource === 'events' && object['type'] !== 'Warning' && previous?.['type'] !== 'Warning';
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
  // No batching delay in the cache itself (a zero timeout still folds one burst into one call): the
  // cooldown below spaces the rebuilds.
  const cache: ClusterCache = createClusterCache(connection, { batchMs: 0, quiet: graphIgnores });
  await cache.ready();
  let traffic: TrafficSummary | undefined;
  // Unchanged pods (the same cached objects) are not assessed again on every rebuild.
  const memo = createGraphMemo();
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
      return buildGraph(input, { namespace: connection.namespace, memo });
    },
    onChange(listener) {
      const throttle = throttled(listener, CHANGE_COOLDOWN_MS);
      const unsubscribe = cache.onChange(() => throttle.changed());
      return () => {
        throttle.stop();
        unsubscribe();
      };
    },
    stop: () => cache.stop(),
  };
}
