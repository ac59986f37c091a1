/**
 * Port implementations per backend. The embedded cluster: the Kubernetes API for objects (the same
 * path kind uses) plus `/lab/v1` for its virtual clock, faults and synthetic client. kind and a kube
 * context: the Kubernetes API and real time; a context refuses destructive faults because it is
 * somebody's real cluster.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendId } from '../contract';
import { createClusterCache } from '../kube/cluster-cache';
import { openKubeConnection } from '../kube/kube-connection';
import { createLabApiClient, type LabApiCall } from '../traffic/lab-api.client';
import type { RealTime } from '../traffic/real-time';
import { createSimTraffic } from '../traffic/sim-traffic';
import type { TrafficPort } from '../traffic/traffic.port';
import { projectRoot } from '../cli/project-paths';
import type { FaultName } from '../../scenarios/scenario-kit';
import { recordTimeline } from './cluster-timeline';
import type { ClockPort, ClusterPort, FaultsPort, ScenarioPorts } from './scenario-ports';

export const TIMELINE_RESOURCES = [
  'nodes',
  'pods',
  'services',
  'deployments',
  'replicasets',
  'endpointslices',
  'horizontalpodautoscalers',
  'configmaps',
  'secrets',
  'events',
] as const;

/** The embedded cluster's clock: exact on sync, estimated from the speed in between (no request per read). */
export function createSimClock(call: LabApiCall, realTime: RealTime): ClockPort {
  let anchorVirtual = 0;
  let anchorReal = 0;
  let currentSpeed = 0;
  let last = 0;
  const absorb = (result: unknown) => {
    const r = result as { now?: string; speed?: number; paused?: boolean };
    anchorVirtual = Date.parse(r.now ?? '') || anchorVirtual;
    anchorReal = realTime.now();
    currentSpeed = r.paused ? 0 : (r.speed ?? 0);
    // The truth wins over an estimate that ran ahead (the simulator may lag its pace under load).
    last = anchorVirtual;
    return last;
  };
  const clock: ClockPort = {
    kind: 'virtual',
    now() {
      // Between syncs: never backwards. The estimate may run ahead of a lagging simulator; each sync
      // (every check evaluation) corrects it.
      last = Math.max(last, anchorVirtual + (realTime.now() - anchorReal) * currentSpeed);
      return Math.floor(last);
    },
    async sync() {
      return absorb(await call('GET', 'clock'));
    },
    async sleep(ms) {
      if (ms <= 0) return;
      if (currentSpeed <= 0) {
        await clock.advance(ms);
        return;
      }
      await realTime.sleep(Math.max(1, ms / currentSpeed));
    },
    speed: () => currentSpeed,
    async setSpeed(speed) {
      absorb(await call('POST', 'clock/speed', { speed }));
    },
    async advance(ms) {
      absorb(await call('POST', 'clock/advance', { ms: Math.max(0, Math.round(ms)) }));
    },
  };
  return clock;
}

export function createRealClock(realTime: RealTime): ClockPort {
  return {
    kind: 'real',
    now: () => realTime.now(),
    sync: async () => realTime.now(),
    sleep: (ms) => realTime.sleep(ms),
    speed: () => 1,
    async setSpeed(speed) {
      if (speed !== 1)
        throw new Error('a real cluster runs in real time; --speed works on the embedded cluster only');
    },
    async advance() {
      throw new Error('a real cluster cannot skip time; only the embedded cluster can');
    },
  };
}

const DESTRUCTIVE: ReadonlySet<FaultName> = new Set(['nodeDown', 'killPod', 'crashContainer']);

export function createSimFaults(call: LabApiCall): FaultsPort {
  return {
    async inject(fault, args) {
      await call('POST', `faults/${fault}`, { args });
    },
    async clearAll() {
      await call('POST', 'faults/clearAll', {});
    },
  };
}

/** On a team's own cluster: no destructive faults, ever; the others need the lab API and are absent too. */
export function createContextFaults(): FaultsPort {
  return {
    async inject(fault) {
      if (DESTRUCTIVE.has(fault)) {
        throw new Error(
          `fault "${fault}" is destructive and is refused on a kube context (it is somebody's real cluster)`,
        );
      }
      throw new Error(`fault "${fault}" needs the embedded cluster's lab API; use --backend sim`);
    },
    async clearAll() {
      // nothing was injected
    },
  };
}

export function scenarioFileReader(root = join(projectRoot(), 'scenarios')) {
  return (folder: string, path: string) => readFile(join(root, folder, path), 'utf8');
}

export async function openClusterPort(
  kubeconfigPath: string,
  clock: ClockPort,
  context?: string,
): Promise<ClusterPort> {
  const connection = openKubeConnection(context ? { kubeconfigPath, context } : { kubeconfigPath });
  const cache = createClusterCache(connection, { namespace: connection.namespace, batchMs: 5 });
  await cache.ready();
  const timeline = recordTimeline(cache, TIMELINE_RESOURCES, () => clock.now(), connection.namespace);
  return { namespace: connection.namespace, connection, cache, timeline };
}

/** Ports for a running embedded cluster, reached through its kubeconfig. */
export async function openSimPorts(options: {
  kubeconfigPath: string;
  realTime: RealTime;
  speed?: number;
}): Promise<ScenarioPorts> {
  const call = createLabApiClient(options.kubeconfigPath);
  const clock = createSimClock(call, options.realTime);
  if (options.speed !== undefined) await clock.setSpeed(options.speed);
  else await clock.sync();
  const cluster = await openClusterPort(options.kubeconfigPath, clock);
  const traffic = createSimTraffic(call);
  return {
    backend: 'sim',
    cluster,
    traffic,
    faults: createSimFaults(call),
    clock,
    realTime: options.realTime,
    readScenarioFile: scenarioFileReader(),
    async dispose() {
      await traffic.stop().catch(() => undefined);
      cluster.timeline.stop();
      await cluster.cache.stop();
    },
  };
}

/** Ports for kind or a kube context: real time; traffic from a loopback load generator the host supplies. */
export async function openRealPorts(options: {
  backend: Exclude<BackendId, 'sim' | 'docker'>;
  kubeconfigPath: string;
  context?: string;
  realTime: RealTime;
  traffic: TrafficPort;
  faults?: FaultsPort;
}): Promise<ScenarioPorts> {
  const clock = createRealClock(options.realTime);
  const cluster = await openClusterPort(options.kubeconfigPath, clock, options.context);
  return {
    backend: options.backend,
    cluster,
    traffic: options.traffic,
    faults: options.backend === 'context' ? createContextFaults() : (options.faults ?? createContextFaults()),
    clock,
    realTime: options.realTime,
    readScenarioFile: scenarioFileReader(),
    async dispose() {
      await options.traffic.stop().catch(() => undefined);
      cluster.timeline.stop();
      await cluster.cache.stop();
    },
  };
}
