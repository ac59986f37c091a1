import { describe, expect, it } from 'vitest';
import { stepOutcomes } from '../step-outcomes.test-support';
import { dockerLessonRuns } from '../docker-lesson.test-support';
import { performDocker } from '../../core/scenarios/docker-session';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { systemRealTime } from '../../core/traffic/real-time';
import { dockerRestartPoliciesScenario, RESTART_TAG } from './docker-restart-policies.scenario';

const lesson = await dockerLessonRuns('docker-restart-policies');
const { gate, open } = lesson;

describe.skipIf(gate.skip)('docker-restart-policies on the Docker engine', () => {
  it('the solution passes every check (--auto), read from docker inspect', async () => {
    const opened = await open('auto');
    const session = createScenarioSession({ definition: dockerRestartPoliciesScenario, ports: opened });
    await session.start();
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['no-policy', true, []],
      ['on-failure', true, []],
      ['unless-stopped', true, []],
      ['healthcheck', true, []],
    ]);
    expect(ok).toBe(true);
    const message = (step: number, id: string) =>
      session.reports()[step]?.results.find((r) => r.id === id)?.message;
    expect(message(0, 'stayed-down')).toMatch(/crash-no-policy: exited with status 1, RestartCount 0/);
    expect(message(1, 'gave-up')).toMatch(/RestartCount 3, exited with status 1/);
    expect(message(2, 'restarted')).toMatch(/restart-web crashed and Docker brought it back: RestartCount 1/);
    expect(message(3, 'unhealthy')).toMatch(/health-sick is unhealthy .*503.*still running/);
    expect(session.commands().map((c) => c.command)).toEqual(
      expect.arrayContaining([
        `docker run -d --name crash-on-failure --restart on-failure:3 -e CRASH_ON_START=1 ${RESTART_TAG}`,
        'docker exec restart-web killall nc',
      ]),
    );
    // The checks read the engine, not the lab's own bookkeeping: inspect agrees.
    const web = await opened.docker.backend.inspect('restart-web');
    expect([web.running, web.restartCount]).toEqual([true, 1]);
    await session.dispose();
  }, 120_000);

  it('without a restart policy the crashed app stays down and "restarted" says so', async () => {
    const session = createScenarioSession({
      definition: dockerRestartPoliciesScenario,
      ports: await open('no-policy'),
    });
    await session.start();
    await session.showMe();
    await session.showMe();
    expect(session.stepIndex()).toBe(2);
    // The mistake: the app runs with no --restart, then its server process dies.
    await performDocker(session, [
      { do: 'run', name: 'restart-web', image: RESTART_TAG, port: { container: 8000, hostIp: '127.0.0.1' } },
      { do: 'curl', container: 'restart-web', path: '/' },
      { do: 'exec', container: 'restart-web', cmd: ['killall', 'nc'] },
    ]);
    let restarted = { passed: true, message: '' };
    // The entry point exits a moment after its listener dies.
    for (let i = 0; i < 40 && !/stays down/.test(restarted.message); i += 1) {
      const results = (await session.evaluate()).results;
      restarted = results.find((r) => r.id === 'restarted') ?? restarted;
      if (!/stays down/.test(restarted.message)) await systemRealTime.sleep(250);
    }
    expect(restarted.passed).toBe(false);
    expect(restarted.message).toBe(
      'restart-web exited with status 1 after the crash and stays down: its restart policy is no. Run it with --restart unless-stopped.',
    );
    const evaluation = await session.evaluate();
    expect(evaluation.results.find((r) => r.id === 'policy')?.message).toMatch(
      /restart-web has restart policy no/,
    );
    await session.dispose();
  }, 90_000);

  it('a health check on /healthz keeps FAIL_READINESS=1 healthy; the check says to probe /ready', async () => {
    const session = createScenarioSession({
      definition: dockerRestartPoliciesScenario,
      ports: await open('healthz'),
    });
    await session.start();
    for (let i = 0; i < 3; i += 1) await session.showMe();
    expect(session.stepIndex()).toBe(3);
    await performDocker(session, [
      {
        do: 'run',
        name: 'health-sick',
        image: RESTART_TAG,
        env: { FAIL_READINESS: '1' },
        health: { cmd: 'wget -q -O /dev/null http://127.0.0.1:8000/healthz', intervalSeconds: 1, retries: 2 },
      },
    ]);
    let unhealthy = { passed: true, message: '' };
    for (let i = 0; i < 60 && !/probes \/healthz/.test(unhealthy.message); i += 1) {
      unhealthy = (await session.evaluate()).results.find((r) => r.id === 'unhealthy') ?? unhealthy;
      if (!/probes \/healthz/.test(unhealthy.message)) await systemRealTime.sleep(250);
    }
    expect(unhealthy.passed).toBe(false);
    expect(unhealthy.message).toMatch(
      /^health-sick is healthy .*: its health check probes \/healthz, which stays 200 when only readiness fails\. Probe \/ready\.$/,
    );
    await session.dispose();
  }, 90_000);
});
