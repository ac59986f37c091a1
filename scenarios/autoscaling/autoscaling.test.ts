import { describe, expect, it } from 'vitest';
import { embeddedSessions } from '../embedded-session.test-support';
import { stepOutcomes } from '../step-outcomes.test-support';
import { autoscalingScenario } from './autoscaling.scenario';

const openSession = embeddedSessions();

describe('autoscaling on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(autoscalingScenario, { speed: 100, seed: 1 });
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['by-hand', true, []],
      ['hpa-out', true, []],
      ['hpa-in', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('deleting the HPA and scaling in by hand fails: not autoscaling, and too early for the window', async () => {
    const session = await openSession(autoscalingScenario, { speed: 100, seed: 2 });
    await session.showMe();
    await session.showMe();
    expect(session.stepIndex()).toBe(2);
    await session.perform([
      { do: 'traffic', service: 'web', ratePerSecond: 5 },
      { do: 'delete', kind: 'HorizontalPodAutoscaler', name: 'web' },
      { do: 'scale', deployment: 'web', replicas: 2 },
    ]);
    const evaluation = await session.evaluate({ settleSeconds: 30 });
    const byId = Object.fromEntries(evaluation.results.map((r) => [r.id, r]));
    expect(byId['hpa']?.message).toMatch(/was deleted: scaling by hand is not autoscaling/);
    expect(byId['scaled-in']?.passed).toBe(false);
    expect(byId['scaled-in']?.message).toMatch(/before the 300 s window: that was not the HPA/);
    await session.dispose();
  });
});
