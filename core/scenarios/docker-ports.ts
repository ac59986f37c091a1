/**
 * The ports of a Docker-only scenario run (`--backend docker`): the dockerode backend for builds and
 * runs, a plain dockerode client to read images and containers (including ones a learner ran by hand,
 * which the backend's run-labelled listing does not show), a working folder for build contexts under
 * the lab's data dir, and the builds recorded with their progress events. There is no cluster, so the
 * Kubernetes ports are stand-ins that say so if anything reaches for them.
 */
import Docker from 'dockerode';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../backends/docker/backend.clock';
import { createDockerBackend, DEFAULT_SOCKET_PATH } from '../backends/docker/docker.backend';
import type { DockerBackend, TimedBuildEvent } from '../backends/docker/docker.types';
import { newRunId } from '../backends/docker/lab.labels';
import { projectRoot } from '../cli/project-paths';
import { registerRun } from '../lab/run-registry';
import type { RealTime } from '../traffic/real-time';
import type { BuildRecord } from '../../scenarios/docker-build/docker-kit';
import { scenarioFileReader } from './backend-ports';
import type { ClusterPort, ScenarioPorts } from './scenario-ports';

/**
 * Run ids of scenario sessions start with this. Such a run owns the images it built (lesson images, not
 * a cache like `deploy-lab prepare`'s), so the startup sweep removes them too when the run crashed.
 */
export const SCENARIO_RUN_PREFIX = 'scenario';

export function isScenarioRun(runId: string): boolean {
  return runId.startsWith(`${SCENARIO_RUN_PREFIX}-`);
}

/** One image build of a scenario step as it goes: started, each progress event, finished. */
export type DockerBuildProgress = { build: string; tag: string } & (
  | { phase: 'started' }
  | { phase: 'event'; event: TimedBuildEvent }
  | { phase: 'finished'; ok: boolean; error?: string }
);

export interface DockerScenarioPort {
  backend: DockerBackend;
  client: Docker;
  /** Build contexts are copied under here (one folder per context name). */
  workRoot: string;
  /** apps/ of the checkout: the sources of the build contexts. */
  appsRoot: string;
  busyboxPath: string;
  /** Builds of this run, oldest first (the checks compare them). */
  builds: BuildRecord[];
  /** Where a build's progress goes while it runs (the app shows it); never throws. */
  reportBuild(progress: DockerBuildProgress): void;
}

/** Something the Docker backend does not have; any use says so instead of failing obscurely. */
function absent<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`the docker backend has no ${what} (tried to use .${String(property)})`);
    },
  });
}

function noCluster(): ClusterPort {
  return {
    namespace: 'docker',
    connection: absent('Kubernetes connection'),
    cache: absent('cluster cache'),
    timeline: {
      since: () => [],
      list: () => [],
      snapshot: () => new Map(),
      count: () => 0,
      stop: () => undefined,
    },
  };
}

/** The lab's data dir, as core/lab/compose.ts defines it (DEPLOY_LAB_HOME moves it; tests use a temp dir). */
export function labDataDir(): string {
  return process.env.DEPLOY_LAB_HOME ?? join(homedir(), '.deploy-lab');
}

/**
 * Removes the build-context folders of scenario runs that are not live: a crashed run leaves its own
 * under <data dir>/docker-scenarios/<run id>. Returns how many went.
 */
export async function removeDeadWorkFolders(
  live: ReadonlySet<string>,
  dataDir = labDataDir(),
): Promise<number> {
  const root = join(dataDir, 'docker-scenarios');
  const names = await readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!isScenarioRun(name) || live.has(name)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

export async function openDockerPorts(options: {
  realTime: RealTime;
  socketPath?: string;
  /** Default: <data dir>/docker-scenarios/<run id>. */
  workRoot?: string;
  busyboxPath?: string;
  runPrefix?: string;
  /** Told about every image build while it runs. */
  onBuildProgress?: (progress: DockerBuildProgress) => void;
}): Promise<ScenarioPorts & { docker: DockerScenarioPort }> {
  const { realTime, onBuildProgress } = options;
  const socketPath = options.socketPath ?? DEFAULT_SOCKET_PATH;
  const runId = newRunId(options.runPrefix ?? SCENARIO_RUN_PREFIX, realTime.now());
  const backend = createDockerBackend({ runId, clock: systemClock(), socketPath });
  await backend.ping({ timeoutMs: 3000 });
  const workRoot = options.workRoot ?? join(labDataDir(), 'docker-scenarios', runId);
  await mkdir(workRoot, { recursive: true });
  // A live run: another lab starting meanwhile must not sweep it; once this process is gone
  // (crashed), the next start sweeps what it left (core/lab/compose.ts sweepCrashedRuns).
  const unregister = registerRun(runId);
  const docker: DockerScenarioPort = {
    backend,
    client: new Docker({ socketPath }),
    workRoot,
    appsRoot: join(projectRoot(), 'apps'),
    busyboxPath: options.busyboxPath ?? '/bin/busybox',
    builds: [],
    reportBuild(progress) {
      try {
        onBuildProgress?.(progress);
      } catch {
        // A listener's failure is not the build's.
      }
    },
  };
  return {
    backend: 'docker',
    cluster: noCluster(),
    traffic: {
      async start() {},
      async stop() {},
      async records() {
        return [];
      },
    },
    faults: {
      async inject(fault) {
        throw new Error(`the docker backend cannot inject ${fault}`);
      },
      async clearAll() {},
    },
    clock: {
      kind: 'real',
      now: () => realTime.now(),
      sync: async () => realTime.now(),
      sleep: (ms) => realTime.sleep(ms),
      speed: () => 1,
      async setSpeed() {},
      async advance() {
        throw new Error('real time cannot be advanced');
      },
    },
    realTime,
    readScenarioFile: scenarioFileReader(),
    docker,
    async dispose() {
      // A lesson run leaves nothing behind: its containers, the images it built, its working folder.
      await backend.sweep({ onlyRun: runId, includeImages: true }).catch(() => undefined);
      await rm(workRoot, { recursive: true, force: true });
      unregister();
    },
  };
}
