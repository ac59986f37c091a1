/**
 * The embedded cluster as a backend: the simulator served over the Kubernetes API on 127.0.0.1 with
 * an app-owned kubeconfig, so the engine (through core/kube) and the user's kubectl reach the very
 * same cluster, exactly as they would reach kind.
 */
import { join } from 'node:path';
import type { ClusterBackend } from '../backend-port';
import { startSimServer } from '../../sim/serve/sim-server';

export interface SimBackendOptions {
  /** The kubeconfig is written here (`<dataDir>/sim/kubeconfig`). */
  dataDir: string;
  nodes?: number;
  seed?: number;
  /** Virtual clock speed at start (1 = real time). */
  speed?: () => number;
}

export function createSimBackend(options: SimBackendOptions): ClusterBackend {
  return {
    id: 'sim',
    async connect() {
      const nodes = options.nodes ?? 3;
      const server = await startSimServer({
        kubeconfigPath: join(options.dataDir, 'sim', 'kubeconfig'),
        nodes,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        speed: options.speed?.() ?? 1,
      });
      return {
        kubeconfigPath: server.kubeconfigPath,
        message: `Embedded cluster: ${nodes} nodes, Kubernetes API at ${server.url}`,
        labApi: true,
        destructiveFaults: true,
        disconnect: () => server.stop(),
      };
    },
  };
}
