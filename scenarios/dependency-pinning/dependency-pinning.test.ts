import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDockerPorts } from '../../core/scenarios/docker-ports';
import { performDocker } from '../../core/scenarios/docker-session';
import type { ScenarioPorts } from '../../core/scenarios/scenario-ports';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { systemRealTime } from '../../core/traffic/real-time';
import { dockerGate } from '../../testing/docker.gate';
import { LESSON_LOCK_WAIT_MS, lockDockerLessons } from '../../testing/docker-lesson.lock';
import { dependencyPinningScenario, PINNED_TAG } from './dependency-pinning.scenario';

const gate = await dockerGate();
let workParent = '';
let releaseLesson = () => {};
let ports: ScenarioPorts | undefined;

beforeAll(async () => {
  // Another worker may be running this lesson (fixed tag and container name): wait for it.
  if (!gate.skip) releaseLesson = await lockDockerLessons('dependency-pinning');
  workParent = await mkdtemp(join(tmpdir(), 'deploy-lab-dependency-pinning-'));
}, LESSON_LOCK_WAIT_MS + 60_000);
afterAll(async () => {
  await rm(workParent, { recursive: true, force: true });
  releaseLesson();
});
afterEach(async () => {
  const docker = ports?.docker;
  await ports?.dispose();
  if (docker) {
    // Nothing of the run may be left: containers and images carry the run's label.
    const left = await docker.backend.listLabelled({ runId: docker.backend.runId });
    expect(left.containers).toEqual([]);
    expect(left.images).toEqual([]);
  }
  ports = undefined;
});

async function open(name: string) {
  const opened = await openDockerPorts({
    realTime: systemRealTime,
    workRoot: join(workParent, name),
    runPrefix: 'test',
  });
  ports = opened;
  return opened;
}

describe.skipIf(gate.skip)('dependency-pinning on the Docker engine', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = createScenarioSession({
      definition: dependencyPinningScenario,
      ports: await open('auto'),
    });
    await session.start();
    const ok = await session.runAuto();
    expect(
      session
        .reports()
        .map((r) => [r.stepId, r.passed, r.results.filter((x) => !x.passed).map((x) => x.message)]),
    ).toEqual([
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
