import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedRun, type EmbeddedRun } from '../../core/scenarios/sim-session';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { systemRealTime } from '../../core/traffic/real-time';
import { configSecretsScenario } from './config-secrets.scenario';

let run: EmbeddedRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('config-secrets on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 1 });
    const session = createScenarioSession({ definition: configSecretsScenario, ports: run.ports });
    await session.start();
    const ok = await session.runAuto();
    expect(
      session
        .reports()
        .map((r) => [r.stepId, r.passed, r.results.filter((x) => !x.passed).map((x) => x.message)]),
    ).toEqual([
      ['wire-config', true, []],
      ['change-config', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('changing the ConfigMap without restarting the pods fails with the reason', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 2 });
    const session = createScenarioSession({ definition: configSecretsScenario, ports: run.ports });
    await session.start();
    const first = await session.showMe();
    expect(first?.results.filter((r) => !r.passed)).toEqual([]);
    expect(session.stepIndex()).toBe(1);
    await session.perform([{ do: 'apply', manifest: 'config-slow.yaml' }]);
    const evaluation = await session.evaluate({ settleSeconds: 30 });
    const byId = Object.fromEntries(evaluation.results.map((r) => [r.id, r]));
    expect(byId['pods-restarted']?.passed).toBe(false);
    expect(byId['pods-restarted']?.message).toMatch(
      /3 running pod\(s\) started before that: environment variables from a ConfigMap are read when a container starts/,
    );
    expect(byId['slower']?.message).toMatch(/still run with the old setting/);
    await session.dispose();
  });
});
