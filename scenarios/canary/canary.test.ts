import { describe, expect, it } from 'vitest';
import { embeddedSessions } from '../embedded-session.test-support';
import { stepOutcomes } from '../step-outcomes.test-support';
import { canaryScenario } from './canary.scenario';
import { named, readyReplicas } from '../scenario-kit';

const openSession = embeddedSessions();

describe('canary on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(canaryScenario, { speed: 50, seed: 1 });
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['canary', true, []],
      ['promote', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('a canary as big as the stable track gets far more than a quarter, and the check says so', async () => {
    const session = await openSession(canaryScenario, { speed: 50, seed: 2 });
    await session.perform([
      { do: 'apply', manifest: 'canary.yaml' },
      { do: 'scale', deployment: 'web-canary', replicas: 3 },
      { do: 'scale', deployment: 'web-stable', replicas: 1 },
      {
        do: 'waitUntil',
        what: '3 canary and 1 stable pods serve',
        until: (ctx) =>
          ctx.objects('pods').filter((p) => p.metadata?.labels?.track === 'stable').length === 1 &&
          readyReplicas(named(ctx.objects('deployments'), 'web-canary')) === 3,
        timeoutSeconds: 120,
      },
    ]);
    // A full 10 s window of traffic in the new ratio.
    await session.ports.clock.sleep(12_000);
    const evaluation = await session.evaluate();
    const share = evaluation.results.find((r) => r.id === 'share');
    expect(share?.passed).toBe(false);
    expect(share?.message).toMatch(
      /% of the last \d+ requests went to the canary \(2\.0\); with 3 canary and 1 stable pods ready/,
    );
    await session.dispose();
  });
});
