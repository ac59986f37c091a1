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
import { dockerBuildScenario } from './docker-build.scenario';

const gate = await dockerGate();
let workParent = '';
let ports: ScenarioPorts | undefined;

beforeAll(async () => {
  workParent = await mkdtemp(join(tmpdir(), 'deploy-lab-docker-build-'));
});
afterAll(async () => {
  await rm(workParent, { recursive: true, force: true });
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

describe.skipIf(gate.skip)('docker-build on the Docker engine', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = createScenarioSession({ definition: dockerBuildScenario, ports: await open('auto') });
    await session.start();
    const ok = await session.runAuto();
    expect(
      session
        .reports()
        .map((r) => [r.stepId, r.passed, r.results.filter((x) => !x.passed).map((x) => x.message)]),
    ).toEqual([
      ['build', true, []],
      ['cache', true, []],
      ['run', true, []],
    ]);
    expect(ok).toBe(true);
    const cache = session.reports()[1]?.results.find((r) => r.id === 'deps-cached');
    expect(cache?.message).toMatch(/Using cache/);
    await session.dispose();
  }, 60_000);

  it('copying the code before the dependencies misses the cache on the install step', async () => {
    const session = createScenarioSession({
      definition: dockerBuildScenario,
      ports: await open('code-first'),
    });
    await session.start();
    await session.showMe(); // step 1 done: the lesson image exists
    expect(session.stepIndex()).toBe(1);
    await performDocker(session, [
      { do: 'copyFile', dir: 'pyweb-lesson', from: 'Dockerfile.code-first', to: 'Dockerfile' },
      { do: 'appendLine', dir: 'pyweb-lesson', path: 'app/lib.sh', line: '# an edit' },
      { do: 'build', name: 'code-first', dir: 'pyweb-lesson', tag: 'deploy-lab/pyweb-lesson:1.0' },
    ]);
    const evaluation = await session.evaluate();
    const deps = evaluation.results.find((r) => r.id === 'deps-cached');
    expect(deps?.passed).toBe(false);
    expect(deps?.message).toMatch(/ran again.*COPY app\/ at step \d+, before the install/);
    await session.dispose();
  }, 60_000);

  it('running without -p fails the "reachable" check; 0.0.0.0 is refused', async () => {
    const session = createScenarioSession({ definition: dockerBuildScenario, ports: await open('no-port') });
    await session.start();
    await session.showMe();
    await session.showMe();
    expect(session.stepIndex()).toBe(2);
    await expect(
      performDocker(session, [
        {
          do: 'run',
          name: 'pyweb-lesson',
          image: 'deploy-lab/pyweb-lesson:1.0',
          port: { container: 8000, hostIp: '0.0.0.0' },
        },
      ]),
    ).rejects.toThrow(/refused: publishing on 0\.0\.0\.0/);
    await performDocker(session, [{ do: 'run', name: 'pyweb-lesson', image: 'deploy-lab/pyweb-lesson:1.0' }]);
    const evaluation = await session.evaluate();
    expect(evaluation.results.find((r) => r.id === 'running')?.passed).toBe(true);
    const reachable = evaluation.results.find((r) => r.id === 'reachable');
    expect(reachable?.passed).toBe(false);
    expect(reachable?.message).toMatch(/publishes no port on this machine/);
    await session.dispose();
  }, 60_000);
});
