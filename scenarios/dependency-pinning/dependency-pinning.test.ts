import { describe, expect, it } from 'vitest';
import { stepOutcomes } from '../step-outcomes.test-support';
import { dockerLessonRuns } from '../docker-lesson.test-support';
import { performDocker } from '../../core/scenarios/docker-session';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { dependencyPinningScenario, PINNED_TAG } from './dependency-pinning.scenario';

const lesson = await dockerLessonRuns('dependency-pinning');
const { gate, open } = lesson;

describe.skipIf(gate.skip)('dependency-pinning on the Docker engine', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = createScenarioSession({
      definition: dependencyPinningScenario,
      ports: await open('auto'),
    });
    await session.start();
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['drift', true, []],
      ['pin', true, []],
    ]);
    expect(ok).toBe(true);
    const drift = session.reports()[0]?.results.find((r) => r.id === 'drifted');
    expect(drift?.message).toMatch(/greetlib==1\.4\.0 in "january" and greetlib==2\.0\.0 in "february"/);
    await session.dispose();
  }, 60_000);

  it('rebuilding without a pin installs the newest release and the app fails /healthz', async () => {
    const session = createScenarioSession({
      definition: dependencyPinningScenario,
      ports: await open('unpinned'),
    });
    await session.start();
    await session.showMe();
    expect(session.stepIndex()).toBe(1);
    await performDocker(session, [
      { do: 'build', name: 'unpinned', dir: 'pyweb-pinning', tag: PINNED_TAG },
      { do: 'run', name: 'pin-pinned', image: PINNED_TAG, port: { container: 8000, hostIp: '127.0.0.1' } },
      { do: 'curl', container: 'pin-pinned', path: '/' },
    ]);
    const evaluation = await session.evaluate();
    const byId = Object.fromEntries(evaluation.results.map((r) => [r.id, r]));
    expect(byId.pinned?.message).toMatch(/no exact version/);
    expect(byId.reproducible?.message).toMatch(/installed greetlib==2\.0\.0, the newest release/);
    expect(byId.healthy?.passed).toBe(false);
    expect(byId.healthy?.message).toMatch(/HTTP 500 .*greet\(\) not found/);
    await session.dispose();
  }, 60_000);
});
