import { describe, expect, it } from 'vitest';
import { stepOutcomes } from '../step-outcomes.test-support';
import { embeddedSessions } from '../embedded-session.test-support';
import { rollingUpdateScenario } from './rolling-update.scenario';

const openSession = embeddedSessions();

describe('rolling-update on the embedded cluster', () => {
  it('the solution passes every check; the naive rollout counts failed requests, the second has none', async () => {
    const session = await openSession(rollingUpdateScenario, { speed: 50, seed: 1 });
    const ok = await session.runAuto();
    const reports = session.reports();
    expect(stepOutcomes(session)).toEqual([
      ['rollout-without-probes', true, []],
      ['add-probes', true, []],
      ['zero-downtime', true, []],
    ]);
    expect(reports[0]?.results.find((r) => r.id === 'measured')?.message).toMatch(
      /requests failed during this rollout/,
    );
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('delete-and-recreate instead of a rolling update fails the history check', async () => {
    const session = await openSession(rollingUpdateScenario, { speed: 50, seed: 2 });
    await session.showMe();
    await session.showMe();
    expect(session.stepIndex()).toBe(2);
    await session.perform([
      { do: 'delete', kind: 'Deployment', name: 'web' },
      { do: 'apply', manifest: 'web-v3-recreated.yaml' },
    ]);
    const evaluation = await session.evaluate({ settleSeconds: 60 });
    const byId = Object.fromEntries(evaluation.results.map((r) => [r.id, r]));
    expect(byId['on-3.0']?.passed).toBe(true);
    expect(byId['rolling']?.passed).toBe(false);
    expect(byId['rolling']?.message).toMatch(/was deleted and re-created, so every pod stopped at once/);
    expect(byId['zero-failed']?.passed).toBe(false);
    expect(byId['zero-failed']?.message).toMatch(/requests failed during the rollout \(\d+ no-endpoints/);
    await session.dispose();
  });
});
