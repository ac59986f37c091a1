/**
 * Wires the real Docker and kind backends for one run. The one place that knows the default paths:
 * hosts (CLI, engine) call this and pass the result on; everything below takes its dependencies.
 */
import path from 'node:path';
import Docker from 'dockerode';
import { type BackendClock, systemClock } from '../docker/backend.clock';
import { DEFAULT_SOCKET_PATH, createDockerBackend } from '../docker/docker.backend';
import type { DockerBackend } from '../docker/docker.types';
import { newRunId } from '../docker/lab.labels';
import { offlineAppDir } from '../docker/offline-app.build';
import { type KindBackend, createKindBackend } from './kind.backend';

export interface LabBackends {
  runId: string;
  docker: DockerBackend;
  kind: KindBackend;
  /** apps/pyweb-offline */
  offlineAppDir: string;
  /** lab-clusters/kind */
  clusterConfigDir: string;
}

export interface LabBackendsOptions {
  /** The lab's data dir (~/.deploy-lab or DEPLOY_LAB_HOME); kind kubeconfigs live under it. */
  dataDir: string;
  /** The checkout or unpacked app holding apps/ and lab-clusters/. */
  projectRoot: string;
  /** What the run id starts with, e.g. "cli" or "engine". */
  runPrefix?: string;
  runId?: string;
  clock?: BackendClock;
  socketPath?: string;
  kindBinary?: string;
}

export function createLabBackends(options: LabBackendsOptions): LabBackends {
  const clock = options.clock ?? systemClock();
  const socketPath = options.socketPath ?? DEFAULT_SOCKET_PATH;
  const runId = options.runId ?? newRunId(options.runPrefix ?? 'run', clock.now());
  const clusterConfigDir = path.join(options.projectRoot, 'lab-clusters', 'kind');
  const docker = new Docker({ socketPath });
  return {
    runId,
    docker: createDockerBackend({ runId, clock, socketPath, docker }),
    kind: createKindBackend({
      clock,
      stateDir: path.join(options.dataDir, 'kind'),
      clusterConfigDir,
      docker,
      ...(options.kindBinary ? { kindBinary: options.kindBinary } : {}),
    }),
    offlineAppDir: offlineAppDir(options.projectRoot),
    clusterConfigDir,
  };
}
