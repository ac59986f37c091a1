import { describe, expect, it } from 'vitest';
import { embeddedSessions } from '../embedded-session.test-support';
import { stepOutcomes } from '../step-outcomes.test-support';
import { badReleaseScenario } from './bad-release.scenario';

const openSession = embeddedSessions();

describe('bad-release on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(badReleaseScenario, { speed: 60, seed: 1 });
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['crash-loop', true, []],
      ['undo', true, []],
      ['bad-tag', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('deleting the crashing pods instead of rolling back fails with the reason', async () => {
    const session = await openSession(badReleaseScenario, { speed: 60, seed: 2 });
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
