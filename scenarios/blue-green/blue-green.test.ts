import { describe, expect, it } from 'vitest';
import { embeddedSessions } from '../embedded-session.test-support';
import { stepOutcomes } from '../step-outcomes.test-support';
import { blueGreenScenario } from './blue-green.scenario';

const openSession = embeddedSessions();

describe('blue-green on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(blueGreenScenario, { speed: 50, seed: 1 });
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['green-beside-blue', true, []],
      ['switch', true, []],
      ['switch-back', true, []],
      ['retire-blue', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('switching the selector before green is ready fails with the reason', async () => {
    const session = await openSession(blueGreenScenario, { speed: 50, seed: 2 });
    // Virtual time stands still while the two commands go out, so green cannot become ready in between
    // however slow this machine is.
    await session.ports.clock.setSpeed(0);
    await session.perform([
      { do: 'apply', manifest: 'green.yaml' },
      { do: 'setSelector', service: 'web', selector: { app: 'web', version: 'green' } },
    ]);
    await session.ports.clock.setSpeed(50);
    const evaluation = await session.evaluate({ settleSeconds: 30 });
    const users = evaluation.results.find((r) => r.id === 'users-on-blue');
    expect(users?.passed).toBe(false);
    expect(users?.message).toMatch(/switched to green while green had 0\/3 ready pods/);
    expect(users?.message).toMatch(/requests failed during this step/);
    await session.dispose();
  });
});
