/**
 * Opens the ports for `deploy-lab run|drill --backend ...`: an embedded cluster started for this run
 * (sim), or an existing cluster reached through a kubeconfig (kind, context:NAME) with real time and,
 * when the host gives a loopback URL for the Service, the real-HTTP load generator.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BackendId } from '../contract';
import { createHttpLoadGenerator } from '../traffic/http-load.generator';
import type { RealTime } from '../traffic/real-time';
import type { TrafficPort } from '../traffic/traffic.port';
import { openRealPorts } from './backend-ports';
import { openDockerPorts } from './docker-ports';
import type { ScenarioPorts } from './scenario-ports';
import { startEmbeddedRun } from './sim-session';

export interface BackendChoice {
  backend: BackendId;
  context?: string;
}

export function parseBackend(text: string): BackendChoice {
  if (text === 'sim' || text === 'kind' || text === 'docker') return { backend: text };
  const m = /^context:(.+)$/.exec(text);
  if (m?.[1]) return { backend: 'context', context: m[1] };
  throw new Error(`"${text}" is not a backend: use sim, kind, docker or context:NAME`);
}

export interface OpenedBackend {
  ports: ScenarioPorts;
  kubeconfigPath: string;
  description: string;
  close(): Promise<void>;
}

/** A traffic port for clusters the lab cannot reach by itself: records nothing, says so once. */
function silentTraffic(warn: (line: string) => void): TrafficPort {
  let warned = false;
  return {
    async start(target) {
      if (!warned) {
        warn(
          `no --traffic-url given: requests into ${target.service} are not measured, so traffic checks cannot pass`,
        );
        warned = true;
      }
    },
    async stop() {},
    async records() {
      return [];
    },
  };
}

export async function openBackend(options: {
  choice: BackendChoice;
  realTime: RealTime;
  speed: number;
  seed?: number;
  kubeconfig?: string;
  trafficUrl?: string;
  warn(line: string): void;
}): Promise<OpenedBackend> {
  const { choice } = options;
  if (choice.backend === 'sim') {
    const run = await startEmbeddedRun({
      realTime: options.realTime,
      speed: options.speed,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    return {
      ports: run.ports,
      kubeconfigPath: run.kubeconfigPath,
      description: `embedded cluster (${run.server.cluster.nodeNames.length} nodes, speed ${options.speed}x): export KUBECONFIG=${run.kubeconfigPath}`,
      close: () => run.stop(),
    };
  }
  if (choice.backend === 'docker') {
    // Only the container scenarios (meta.backends ['docker']) run here; the CLI checks that first.
    const ports = await openDockerPorts({ realTime: options.realTime });
    return {
      ports,
      kubeconfigPath: '',
      description: `Docker engine (real time); build contexts in ${ports.docker.workRoot}`,
      close: () => ports.dispose(),
    };
  }
  const kubeconfigPath =
    options.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config');
  const traffic = options.trafficUrl
    ? createHttpLoadGenerator({ resolveUrl: () => options.trafficUrl ?? '', realTime: options.realTime })
    : silentTraffic(options.warn);
  const ports = await openRealPorts({
    backend: choice.backend,
    kubeconfigPath,
    ...(choice.context ? { context: choice.context } : {}),
    realTime: options.realTime,
    traffic,
  });
  if (choice.backend === 'context' && !ports.cluster.namespace.startsWith('deploy-lab')) {
    // Reset deletes the scenario's objects by name (web, web-preview, ...): on somebody's real cluster
    // that must happen only in a namespace the lab owns.
    await ports.dispose();
    throw new Error(
      `context ${choice.context ?? ''} works in namespace "${ports.cluster.namespace}"; scenarios run on a team's cluster only in a namespace of their own whose name starts with deploy-lab (kubectl create namespace deploy-lab-practice; kubectl config set-context ${choice.context ?? '<context>'} --namespace deploy-lab-practice)`,
    );
  }
  return {
    ports,
    kubeconfigPath,
    description: `${choice.backend === 'kind' ? 'kind cluster' : `context ${choice.context ?? ''}`} via ${kubeconfigPath} (namespace ${ports.cluster.namespace}, real time)`,
    close: () => ports.dispose(),
  };
}
