/**
 * For scenario tests: a scenario session on a fresh embedded cluster per test (stopped after it), and
 * Every Kubernetes scenario's test starts the same way (step outcomes: step-outcomes.test-support.ts).
 */
import { afterEach } from 'vitest';
import { startEmbeddedRun, type EmbeddedRun } from '../core/scenarios/sim-session';
import { createScenarioSession, type ScenarioSession } from '../core/scenarios/scenario-session';
import { systemRealTime } from '../core/traffic/real-time';
import type { ScenarioDefinition } from './scenario-kit';

export function embeddedSessions(): (
  definition: ScenarioDefinition,
  options: { seed: number; speed: number },
) => Promise<ScenarioSession> {
  let run: EmbeddedRun | undefined;
  afterEach(async () => {
    await run?.stop();
    run = undefined;
  });
  return async (definition, options) => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: options.speed, seed: options.seed });
    const session = createScenarioSession({ definition, ports: run.ports });
    await session.start();
    return session;
  };
}
