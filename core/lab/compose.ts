/** Wires the real dependencies into an engine: the one place hosts get an engine from. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../cli/project-paths';
import type { ClusterStatus, HostKind } from '../contract';
import { scenarioRegistry } from '../../scenarios/registry';
import { runDoctor } from '../doctor/doctor';
import { machineProbes } from '../doctor/machine-probes';
import { createEngine, type Engine } from './engine';
import { createSimBackend } from '../backends/sim/sim.backend';
import { createLabBackends, type LabBackends } from '../backends/kind/lab-backends.compose';
import { createDockerOnlyBackend } from '../backends/docker/docker-only.backend';
import { createContextBackend, listContexts } from '../backends/context/context.backend';
import { liveRuns, registerRun } from './run-registry';
import { isScenarioRun, removeDeadWorkFolders } from '../scenarios/docker-ports';

export const APP_VERSION = process.env.DEPLOY_LAB_VERSION ?? '0.0.0-dev';

/** Settings and progress live here; DEPLOY_LAB_HOME moves them (tests use a temp dir). */
export function defaultDataDir(): string {
  return process.env.DEPLOY_LAB_HOME ?? join(homedir(), '.deploy-lab');
}

export function createLabEngine(options: {
  host: HostKind;
  dataDir?: string;
  labBackends?: LabBackends;
}): Engine {
  const clock = { now: () => Date.now() };
  const probes = machineProbes();
  const dataDir = options.dataDir ?? defaultDataDir();
  const lab =
    options.labBackends ??
    createLabBackends({ dataDir, projectRoot: projectRoot(), runPrefix: options.host });
  return createEngine({
    host: options.host,
    version: APP_VERSION,
    dataDir,
    clock,
    runDoctor: () => runDoctor(probes, clock.now),
    scenarios: scenarioRegistry,
    backends: {
      sim: createSimBackend({ dataDir }),
      docker: createDockerOnlyBackend(lab.docker, lab.runId),
      context: createContextBackend({ dataDir, runId: lab.runId }),
    },
    listContexts: () => listContexts(),
  });
}

/**
 * Sweeps what crashed runs left in Docker: containers of runs whose process is gone, and the images of
 * crashed scenario sessions (lesson images; other lab images are a cache and stay). Live runs (this
 * one and any other lab on the machine) are registered and never touched. Docker being down is fine.
 */
export async function sweepCrashedRuns(
  lab: LabBackends,
): Promise<{ removed: number; unregister: () => void }> {
  const unregister = registerRun(lab.runId);
  const live = liveRuns();
  let removed = 0;
  try {
    const { containers, images } = await lab.docker.listLabelled();
    const runs = [...containers.map((c) => c.runId), ...images.map((i) => i.runId).filter(isScenarioRun)];
    const dead = new Set(runs.filter((run) => run && !live.has(run)));
    for (const run of dead) {
      const swept = await lab.docker.sweep({ onlyRun: run, includeImages: isScenarioRun(run) });
      removed += swept.containers.length;
    }
  } catch {
    // No Docker, nothing to sweep.
  }
  // Crashed scenario runs also leave their build contexts in the data dir.
  await removeDeadWorkFolders(live).catch(() => 0);
  return { removed, unregister };
}

/** What `npm start` and `deploy-lab web` do first: connect the backend the settings name (sim by default). */
export async function connectDefaultBackend(engine: Engine): Promise<ClusterStatus> {
  const settings = await engine.api.settings.get({});
  try {
    return await engine.api.clusters.connect({ backend: settings.defaultBackend });
  } catch {
    return engine.api.clusters.status({});
  }
}
