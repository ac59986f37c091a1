/**
 * "Any kube context": rehearse on a team's own cluster. The lab never touches the user's kubeconfig
 * file: it copies the chosen context into an app-owned kubeconfig whose namespace is a fresh
 * `deploy-lab-<run>` namespace, works only there, refuses destructive faults, and deletes the
 * namespace when it disconnects.
 */
import { join } from 'node:path';
import { KubeConfig, CoreV1Api } from '@kubernetes/client-node';
import type { ClusterBackend } from '../backend-port';
import { writeFileAtomic } from '../../lab/atomic-file';

export interface ContextBackendOptions {
  /** The user's kubeconfig (default: $KUBECONFIG or ~/.kube/config, as kubectl reads it). */
  kubeconfigPath?: string;
  /** Where the app-owned kubeconfig goes. */
  dataDir: string;
  runId: string;
}

export function loadUserKubeconfig(path?: string): KubeConfig {
  const kubeconfig = new KubeConfig();
  if (path) kubeconfig.loadFromFile(path);
  else kubeconfig.loadFromDefault();
  return kubeconfig;
}

/** The contexts a user can pick, as kubectl config get-contexts lists them. */
export function listContexts(path?: string): { name: string; cluster: string; current: boolean }[] {
  try {
    const kubeconfig = loadUserKubeconfig(path);
    const current = kubeconfig.getCurrentContext();
    return kubeconfig
      .getContexts()
      .map((c) => ({ name: c.name, cluster: c.cluster, current: c.name === current }));
  } catch {
    return [];
  }
}

/** DNS-1123 label for the run's namespace (run ids are already lowercase alphanumerics and dashes). */
export function runNamespace(runId: string): string {
  return `deploy-lab-${runId}`.slice(0, 63).replace(/-+$/, '');
}

export function createContextBackend(options: ContextBackendOptions): ClusterBackend {
  return {
    id: 'context',
    async connect({ context }) {
      const source = loadUserKubeconfig(options.kubeconfigPath);
      const name = context ?? source.getCurrentContext();
      const chosen = source.getContextObject(name);
      if (!name || !chosen) {
        throw new Error(
          `no kube context named "${name ?? ''}" in ${options.kubeconfigPath ?? 'your kubeconfig'}`,
        );
      }
      source.setCurrentContext(name);
      const namespace = runNamespace(options.runId);
      const core = source.makeApiClient(CoreV1Api);
      await core.createNamespace({
        body: {
          metadata: {
            name: namespace,
            labels: { 'dev.deploy-lab.managed': 'true', 'dev.deploy-lab.run': options.runId },
          },
        },
      });
      // An app-owned copy with only this context, pointed at the run's namespace.
      const own = new KubeConfig();
      own.loadFromOptions({
        clusters: source.clusters.filter((c) => c.name === chosen.cluster),
        users: source.users.filter((u) => u.name === chosen.user),
        contexts: [{ ...chosen, namespace }],
        currentContext: chosen.name,
      });
      const path = join(options.dataDir, 'context', `${options.runId}.kubeconfig`);
      await writeFileAtomic(path, own.exportConfig(), 0o600);
      return {
        kubeconfigPath: path,
        message: `Context ${name}: working in namespace ${namespace} (deleted when you disconnect); destructive faults are off`,
        labApi: false,
        destructiveFaults: false,
        async disconnect() {
          await core.deleteNamespace({ name: namespace }).catch(() => undefined);
        },
      };
    },
  };
}
