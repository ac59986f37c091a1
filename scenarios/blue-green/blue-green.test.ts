import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedRun, type EmbeddedRun } from '../../core/scenarios/sim-session';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { systemRealTime } from '../../core/traffic/real-time';
import { blueGreenScenario } from './blue-green.scenario';

let run: EmbeddedRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('blue-green on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 1 });
    const session = createScenarioSession({ definition: blueGreenScenario, ports: run.ports });
    await session.start();
    const ok = await session.runAuto();
    expect(
      session
        .reports()
        .map((r) => [r.stepId, r.passed, r.results.filter((x) => !x.passed).map((x) => x.message)]),
    ).toEqual([
      ['green-beside-blue', true, []],
      ['switch', true, []],
      ['switch-back', true, []],
      ['retire-blue', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('switching the selector before green is ready fails with the reason', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 2 });
    const session = createScenarioSession({ definition: blueGreenScenario, ports: run.ports });
    await session.start();
    // Virtual time stands still while the two commands go out, so green cannot become ready in between
    // however slow this machine is.
    await run.ports.clock.setSpeed(0);
    await session.perform([
      { do: 'apply', manifest: 'green.yaml' },
      { do: 'setSelector', service: 'web', selector: { app: 'web', version: 'green' } },
    ]);
    await run.ports.clock.setSpeed(50);
    const evaluation = await session.evaluate({ settleSeconds: 30 });
    const users = evaluation.results.find((r) => r.id === 'users-on-blue');
    expect(users?.passed).toBe(false);
    expect(users?.message).toMatch(/switched to green while green had 0\/3 ready pods/);
    expect(users?.message).toMatch(/requests failed during this step/);
    await session.dispose();
  });
});
