import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedRun, type EmbeddedRun } from '../../core/scenarios/sim-session';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { systemRealTime } from '../../core/traffic/real-time';
import { firstDeploymentScenario } from './first-deployment.scenario';

let run: EmbeddedRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('first-deployment on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 1 });
    const session = createScenarioSession({ definition: firstDeploymentScenario, ports: run.ports });
    await session.start();
    const ok = await session.runAuto();
    expect(
      session
        .reports()
        .map((r) => [r.stepId, r.passed, r.results.filter((x) => !x.passed).map((x) => x.message)]),
    ).toEqual([
      ['deploy', true, []],
      ['self-healing', true, []],
      ['spread', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('a Service with the wrong selector fails with "no pod has those labels"', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 2 });
    const session = createScenarioSession({ definition: firstDeploymentScenario, ports: run.ports });
    await session.start();
    await session.perform([
      { do: 'apply', manifest: 'web.yaml' },
      { do: 'apply', manifest: 'service-typo.yaml' },
    ]);
    const evaluation = await session.evaluate({ settleSeconds: 30 });
    expect(evaluation.passed).toBe(false);
    const failing = evaluation.results.find((r) => !r.passed);
    expect(failing?.id).toBe('service-endpoints');
    expect(failing?.message).toMatch(/selects \{"app":"webapp"\}, and no pod has those labels/);
    await session.dispose();
  });
});
