import { describe, expect, it } from 'vitest';
import { stepOutcomes } from '../step-outcomes.test-support';
import { embeddedSessions } from '../embedded-session.test-support';
import { nodeFailureScenario } from './node-failure.scenario';

const openSession = embeddedSessions();

describe('node-failure on the embedded cluster', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(nodeFailureScenario, { speed: 100, seed: 1 });
    const ok = await session.runAuto();
    const reports = session.reports();
    expect(stepOutcomes(session)).toEqual([
      ['single-replica', true, []],
      ['spread', true, []],
    ]);
    expect(reports[0]?.results.find((r) => r.id === 'outage-measured')?.message).toMatch(
      /users saw the whole outage/,
    );
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('one replica in the HA step: users are left without an answer', async () => {
    const session = await openSession(nodeFailureScenario, { speed: 100, seed: 2 });
    await session.showMe();
    expect(session.stepIndex()).toBe(1);
    // The mistake: stop the node without adding replicas first.
    await session.perform([{ do: 'stopNodeOf', selector: { app: 'web' } }]);
    const evaluation = await session.evaluate({ settleSeconds: 120 });
    const byId = Object.fromEntries(evaluation.results.map((r) => [r.id, r]));
    expect(byId['never-dark']?.passed).toBe(false);
    expect(byId['never-dark']?.message).toMatch(/no request succeeded: all the replicas were on that node/);
    expect(byId['spread-before']?.message).toMatch(/one node held everything/);
    await session.dispose();
  });
});
