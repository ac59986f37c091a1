/** Wires the real dependencies into an engine: the one place hosts get an engine from. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClusterStatus, HostKind } from '../contract';
import { scenarioRegistry } from '../../scenarios/registry';
import { runDoctor } from '../doctor/doctor';
import { machineProbes } from '../doctor/machine-probes';
import { createEngine, type Engine } from './engine';
import { createSimBackend } from '../backends/sim/sim.backend';

export const APP_VERSION = process.env.DEPLOY_LAB_VERSION ?? '0.0.0-dev';

/** Settings and progress live here; DEPLOY_LAB_HOME moves them (tests use a temp dir). */
export function defaultDataDir(): string {
  return process.env.DEPLOY_LAB_HOME ?? join(homedir(), '.deploy-lab');
}

export function createLabEngine(options: { host: HostKind; dataDir?: string }): Engine {
  const clock = { now: () => Date.now() };
  const probes = machineProbes();
  const dataDir = options.dataDir ?? defaultDataDir();
  return createEngine({
    host: options.host,
    version: APP_VERSION,
    dataDir,
    clock,
    runDoctor: () => runDoctor(probes, clock.now),
    scenarios: scenarioRegistry,
    backends: { sim: createSimBackend({ dataDir }) },
  });
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
