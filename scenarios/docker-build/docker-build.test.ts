import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepOutcomes } from '../step-outcomes.test-support';
import { dockerLessonRuns } from '../docker-lesson.test-support';
import { systemClock } from '../../core/backends/docker/backend.clock';
import { createDockerBackend } from '../../core/backends/docker/docker.backend';
import { registerRunCommand, type RunReport } from '../../core/cli/commands/run.command';
import { performDocker } from '../../core/scenarios/docker-session';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { dockerBuildScenario } from './docker-build.scenario';

const lesson = await dockerLessonRuns('docker-build');
const { gate, open } = lesson;

describe.skipIf(gate.skip)('docker-build on the Docker engine', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = createScenarioSession({ definition: dockerBuildScenario, ports: await open('auto') });
    await session.start();
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
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

  it('builds typed by hand (not seen by the lab) are judged from docker history', async () => {
    const opened = await open('by-hand');
    const session = createScenarioSession({ definition: dockerBuildScenario, ports: opened });
    await session.start();
    await session.showMe();
    expect(session.stepIndex()).toBe(1);
    const context = join(opened.docker.workRoot, 'pyweb-lesson');
    // What `docker build` at a terminal does: the lab records no progress for it.
    const byHand = (dockerfile = 'Dockerfile') =>
      opened.docker.backend.buildImage(context, { tag: 'deploy-lab/pyweb-lesson:1.0', dockerfile });
    await performDocker(session, [
      { do: 'appendLine', dir: 'pyweb-lesson', path: 'app/lib.sh', line: '# edit by hand' },
    ]);
    await byHand();
    let results = (await session.evaluate()).results;
    expect(results.map((r) => [r.id, r.passed, r.message])).toEqual([
      ['code-rebuilt', true, 'The code layer is new: the code changed.'],
      ['deps-cached', true, expect.stringMatching(/same id as before the edit/)],
    ]);
    await performDocker(session, [
      { do: 'appendLine', dir: 'pyweb-lesson', path: 'app/lib.sh', line: '# another edit' },
    ]);
    await byHand('Dockerfile.code-first');
    results = (await session.evaluate()).results;
    expect(results.find((r) => r.id === 'deps-cached')?.message).toMatch(
      /install layer was rebuilt: this Dockerfile has COPY app\/ before the install/,
    );
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
  // In this file rather than its own: runs of one scenario share its container name and image tag,
  // and vitest runs files in parallel.
  it('deploy-lab run docker-build --backend docker --auto passes and leaves nothing behind', async () => {
    const home = join(lesson.workParent(), 'cli-home');
    const previousHome = process.env.DEPLOY_LAB_HOME;
    // openBackend puts the build contexts under the lab's data dir; keep this run's in a temp dir.
    process.env.DEPLOY_LAB_HOME = home;
    const out: string[] = [];
    const err: string[] = [];
    let code = -1;
    try {
      const program = new Command().exitOverride();
      registerRunCommand(program, {
        io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) },
        setExit: (c: number) => (code = c),
        dataDir: () => home,
      });
      await program.parseAsync([
        'node',
        'deploy-lab',
        'run',
        'docker-build',
        '--backend',
        'docker',
        '--auto',
        '--json',
      ]);
    } finally {
      if (previousHome === undefined) delete process.env.DEPLOY_LAB_HOME;
      else process.env.DEPLOY_LAB_HOME = previousHome;
    }
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n')) as RunReport;
    expect(report.steps.map((s) => [s.id, s.passed])).toEqual([
      ['build', true],
      ['cache', true],
      ['run', true],
    ]);
    expect(report.commands.map((c) => c.command)).toContain(
      'DOCKER_BUILDKIT=0 docker build -t deploy-lab/pyweb-lesson:1.0 pyweb-lesson',
    );
    const workRoot = /build contexts in (\S+)/.exec(err.join('\n'))?.[1] ?? '';
    const runId = workRoot.split('/').at(-1) ?? '';
    expect(runId).toMatch(/^scenario-/);
    expect(existsSync(workRoot)).toBe(false);
    const left = await createDockerBackend({ runId, clock: systemClock() }).listLabelled({ runId });
    expect(left.containers).toEqual([]);
    expect(left.images).toEqual([]);
  }, 60_000);
});
