import { describe, expect, it } from 'vitest';
import { embeddedSessions } from '../embedded-session.test-support';
import { stepOutcomes } from '../step-outcomes.test-support';
import { firstDeploymentScenario } from './first-deployment.scenario';

const openSession = embeddedSessions();

describe('first-deployment on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(firstDeploymentScenario, { speed: 50, seed: 1 });
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['deploy', true, []],
      ['self-healing', true, []],
      ['spread', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('a Service with the wrong selector fails with "no pod has those labels"', async () => {
    const session = await openSession(firstDeploymentScenario, { speed: 50, seed: 2 });
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
