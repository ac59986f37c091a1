import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedRun, type EmbeddedRun } from '../../core/scenarios/sim-session';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { systemRealTime } from '../../core/traffic/real-time';
import { badReleaseScenario } from './bad-release.scenario';

let run: EmbeddedRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('bad-release on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 60, seed: 1 });
    const session = createScenarioSession({ definition: badReleaseScenario, ports: run.ports });
    await session.start();
    const ok = await session.runAuto();
    expect(
      session
        .reports()
        .map((r) => [r.stepId, r.passed, r.results.filter((x) => !x.passed).map((x) => x.message)]),
    ).toEqual([
      ['crash-loop', true, []],
      ['undo', true, []],
      ['bad-tag', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('deleting the crashing pods instead of rolling back fails with the reason', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 60, seed: 2 });
    const session = createScenarioSession({ definition: badReleaseScenario, ports: run.ports });
    await session.start();
    await session.showMe();
    expect(session.stepIndex()).toBe(1);
    await session.perform([
      { do: 'deletePod', selector: { app: 'web' } },
      { do: 'deletePod', selector: { app: 'web' } },
    ]);
    const evaluation = await session.evaluate({ settleSeconds: 30 });
    const failing = evaluation.results.find((r) => r.id === 'rolled-back');
    expect(failing?.passed).toBe(false);
    expect(failing?.message).toMatch(
      /still asks for deploy-lab\/pyweb:3.2-crash: deleting pods only makes the ReplicaSet create new ones/,
    );
    await session.dispose();
  });
});
