/**
 * An embedded cluster for one scenario run: started with a temporary kubeconfig, reached only through
 * that kubeconfig (Kubernetes API + `/lab/v1`) exactly like a cluster the learner's kubectl talks to.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimServer, type SimServer } from '../sim/serve/sim-server';
import type { RealTime } from '../traffic/real-time';
import { openSimPorts } from './backend-ports';
import type { ScenarioPorts } from './scenario-ports';

export interface EmbeddedRun {
  server: SimServer;
  ports: ScenarioPorts;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export async function startEmbeddedRun(options: {
  realTime: RealTime;
  speed: number;
  seed?: number;
  nodes?: number;
}): Promise<EmbeddedRun> {
  const dir = await mkdtemp(join(tmpdir(), 'deploy-lab-run-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const server = await startSimServer({
    kubeconfigPath,
    speed: options.speed,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.nodes === undefined ? {} : { nodes: options.nodes }),
  });
  let ports: ScenarioPorts;
  try {
    ports = await openSimPorts({ kubeconfigPath, realTime: options.realTime, speed: options.speed });
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    server,
    ports,
    kubeconfigPath,
    async stop() {
      await ports.dispose().catch(() => undefined);
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
