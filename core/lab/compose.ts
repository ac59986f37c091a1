/** Wires the real dependencies into an engine: the one place hosts get an engine from. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HostKind } from '../contract';
import { scenarioRegistry } from '../../scenarios/registry';
import { runDoctor } from '../doctor/doctor';
import { machineProbes } from '../doctor/machine-probes';
import { createEngine, type Engine } from './engine';

export const APP_VERSION = process.env.DEPLOY_LAB_VERSION ?? '0.0.0-dev';

/** Settings and progress live here; DEPLOY_LAB_HOME moves them (tests use a temp dir). */
export function defaultDataDir(): string {
  return process.env.DEPLOY_LAB_HOME ?? join(homedir(), '.deploy-lab');
}

export function createLabEngine(options: { host: HostKind; dataDir?: string }): Engine {
  const clock = { now: () => Date.now() };
  const probes = machineProbes();
  return createEngine({
    host: options.host,
    version: APP_VERSION,
    dataDir: options.dataDir ?? defaultDataDir(),
    clock,
    runDoctor: () => runDoctor(probes, clock.now),
    scenarios: scenarioRegistry,
  });
}
