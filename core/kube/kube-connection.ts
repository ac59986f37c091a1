/**
 * The engine's one way into any cluster: @kubernetes/client-node (1.4.x on Node 20) and a kubeconfig.
 * The embedded cluster, kind and a team's own context are all reached through this, so the engine
 * never has a second, simulator-only path.
 */
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';

export interface KubeConnection {
  kubeconfig: KubeConfig;
  objects: KubernetesObjectApi;
  core: CoreV1Api;
  apps: AppsV1Api;
  /** The namespace the lab works in (the context's, or "default"). */
  namespace: string;
  server: string;
}

export function openKubeConnection(options: { kubeconfigPath: string; context?: string }): KubeConnection {
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(options.kubeconfigPath);
  if (options.context) {
    if (!kubeconfig.getContextObject(options.context)) {
      throw new Error(`${options.kubeconfigPath}: no context named "${options.context}"`);
    }
    kubeconfig.setCurrentContext(options.context);
  }
  const cluster = kubeconfig.getCurrentCluster();
  if (!cluster) throw new Error(`${options.kubeconfigPath}: the current context names no cluster`);
  const context = kubeconfig.getContextObject(kubeconfig.getCurrentContext());
  return {
    kubeconfig,
    objects: KubernetesObjectApi.makeApiClient(kubeconfig),
    core: kubeconfig.makeApiClient(CoreV1Api),
    apps: kubeconfig.makeApiClient(AppsV1Api),
    namespace: context?.namespace ?? 'default',
    server: cluster.server,
  };
}

/**
 * client-node turns list answers into model classes (Dates for timestamps) while watch events stay
 * plain JSON. The cache and the graph want one shape: the JSON the API server sent.
 */
export function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
