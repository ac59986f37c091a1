import { describe, expect, it } from 'vitest';
import { embeddedSessions } from '../embedded-session.test-support';
import { stepOutcomes } from '../step-outcomes.test-support';
import { configSecretsScenario } from './config-secrets.scenario';

const openSession = embeddedSessions();

describe('config-secrets on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(configSecretsScenario, { speed: 50, seed: 1 });
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['wire-config', true, []],
      ['change-config', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('changing the ConfigMap without restarting the pods fails with the reason', async () => {
    const session = await openSession(configSecretsScenario, { speed: 50, seed: 2 });
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
