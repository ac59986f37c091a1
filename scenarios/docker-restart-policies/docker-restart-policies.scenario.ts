/**
 * docker-restart-policies: a container that crashes on start with no restart policy stays down; with
 * --restart on-failure:3 Docker restarts it three times (RestartCount) and gives up; a healthy app
 * with --restart unless-stopped comes back after its server process dies; a health check probing
 * /ready marks an app with FAIL_READINESS=1 unhealthy (and Docker alone does nothing about it).
 * Every check reads `docker inspect` (State, ExitCode, RestartCount, RestartPolicy, Health); the
 * engine re-reads it until the state settles. Docker backend only.
 */
import {
  answer,
  inspected,
  kubeShapedSteps,
  type ContainerInspection,
  type ContainerRecord,
  type DockerAction,
  type DockerCheckContext,
  type DockerScenarioDefinition,
  type DockerStepDefinition,
} from '../docker-build/docker-kit';
import { dockerRestartPoliciesMachine } from './docker-restart-policies.machine';
import { dockerRestartPoliciesMeta } from './scenario.meta';

export const RESTART_TAG = 'deploy-lab/pyweb-restart:1.0';
const DIR = 'pyweb-restart';
const READY_PROBE = 'wget -q -O /dev/null http://127.0.0.1:8000/ready';

const prepareContext: DockerAction = {
  do: 'prepareContext',
  dir: DIR,
  // The offline sample app, with this lesson's Dockerfile (no HEALTHCHECK of its own) on top.
  sources: ['pyweb-offline', 'pyweb-restart'],
};
const baselineBuild: DockerAction = { do: 'build', name: 'baseline', dir: DIR, tag: RESTART_TAG };

type Inspected = ContainerRecord & { inspect: ContainerInspection };

const crashing = (c: Inspected) => c.inspect.env.CRASH_ON_START === '1';
const failingReadiness = (c: Inspected) => c.inspect.env.FAIL_READINESS === '1';

function policyOf(c: Inspected): string {
  const p = c.inspect.restartPolicy;
  return p === 'on-failure' && c.inspect.maxRetries > 0 ? `on-failure:${c.inspect.maxRetries}` : p;
}

function stateOf(c: Inspected): string {
  const s = c.inspect;
  return s.status === 'exited' ? `exited with status ${s.exitCode}` : s.status;
}

function containers(ctx: DockerCheckContext, keep: (c: Inspected) => boolean): Inspected[] {
  return inspected(ctx, RESTART_TAG).filter(keep);
}

const crashRun = `docker run -d --name crash-no-policy -e CRASH_ON_START=1 ${RESTART_TAG}`;

const noPolicyStep: DockerStepDefinition = {
  id: 'no-policy',
  title: 'Crash on start with no restart policy: it stays down',
  text: 'steps/01-no-policy.md',
  start: [prepareContext, baselineBuild],
  checks: [
    {
      id: 'crashed',
      title: 'a container started with CRASH_ON_START=1 exited with an error',
      evaluate(ctx) {
        const all = containers(ctx, crashing);
        if (all.length === 0)
          return {
            passed: false,
            message: `No container of ${RESTART_TAG} was started with CRASH_ON_START=1 yet: ${crashRun}`,
          };
        const failed = all.find((c) => c.inspect.status === 'exited' && c.inspect.exitCode !== 0);
        if (!failed)
          return {
            passed: false,
            message: `${all.map((c) => `${c.name}: ${stateOf(c)}`).join('; ')}: not exited with an error yet.`,
          };
        return {
          passed: true,
          message: `${failed.name} ${stateOf(failed)} (docker logs ${failed.name}: "CRASH_ON_START=1: exiting with status 1").`,
        };
      },
      hints: [
        `-e sets an environment variable of the container: ${crashRun}`,
        'docker ps -a lists stopped containers too; docker logs <name> shows why it stopped.',
      ],
    },
    {
      id: 'stayed-down',
      title: 'with no restart policy nothing brought it back (RestartCount 0)',
      evaluate(ctx) {
        const all = containers(ctx, crashing);
        const plain = all.filter((c) => c.inspect.restartPolicy === 'no');
        const down = plain.find((c) => c.inspect.status === 'exited' && c.inspect.restartCount === 0);
        if (down)
          return {
            passed: true,
            message: `${down.name}: ${stateOf(down)}, RestartCount 0, restart policy "no": Docker leaves a crashed container down until someone starts it.`,
          };
        const withPolicy = all.find((c) => c.inspect.restartPolicy !== 'no');
        if (withPolicy && plain.length === 0)
          return {
            passed: false,
            message: `${withPolicy.name} runs with --restart ${policyOf(withPolicy)}: this step is about no policy at all. Run one without --restart.`,
          };
        return {
          passed: false,
          message:
            all.length === 0
              ? 'No crashed container to look at yet.'
              : `${plain.map((c) => `${c.name}: ${stateOf(c)}, RestartCount ${c.inspect.restartCount}`).join('; ') || 'none without a policy'}.`,
        };
      },
      hints: [
        "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{.HostConfig.RestartPolicy.Name}}' crash-no-policy",
      ],
    },
  ],
  solution: [{ do: 'run', name: 'crash-no-policy', image: RESTART_TAG, env: { CRASH_ON_START: '1' } }],
  settleSeconds: 10,
  explanation:
    'The container is only as alive as its PID 1: the entry point exited with status 1, so the container stopped. The default restart policy is "no": Docker records the exit code and does nothing else, so a crash at 3 a.m. stays a crash until someone runs docker start.',
};

const onFailureStep: DockerStepDefinition = {
  id: 'on-failure',
  title: '--restart on-failure:3: restarted three times, then Docker gives up',
  text: 'steps/02-on-failure.md',
  start: [prepareContext, baselineBuild],
  checks: [
    {
      id: 'policy',
      title: 'a CRASH_ON_START=1 container runs with --restart on-failure:N',
      evaluate(ctx) {
        const all = containers(ctx, crashing);
        const onFailure = all.find(
          (c) => c.inspect.restartPolicy === 'on-failure' && c.inspect.maxRetries > 0,
        );
        if (onFailure)
          return { passed: true, message: `${onFailure.name} has restart policy ${policyOf(onFailure)}.` };
        const always = all.find(
          (c) => c.inspect.restartPolicy === 'always' || c.inspect.restartPolicy === 'unless-stopped',
        );
        if (always)
          return {
            passed: false,
            message: `${always.name} has --restart ${always.inspect.restartPolicy}: it restarts a container that crashes on start forever (RestartCount ${always.inspect.restartCount} and counting). Use on-failure:3 to give up after three tries.`,
          };
        const unlimited = all.find((c) => c.inspect.restartPolicy === 'on-failure');
        if (unlimited)
          return {
            passed: false,
            message: `${unlimited.name} has --restart on-failure without a limit: it retries forever. Write on-failure:3.`,
          };
        return {
          passed: false,
          message: `No container with CRASH_ON_START=1 and --restart on-failure:3 yet.`,
        };
      },
      hints: [
        `docker run -d --name crash-on-failure --restart on-failure:3 -e CRASH_ON_START=1 ${RESTART_TAG}`,
        'The number after on-failure: is the maximum number of restarts.',
      ],
    },
    {
      id: 'gave-up',
      title: 'Docker restarted it up to the limit (RestartCount), then left it exited',
      evaluate(ctx) {
        const c = containers(
          ctx,
          (x) => crashing(x) && x.inspect.restartPolicy === 'on-failure' && x.inspect.maxRetries > 0,
        ).at(-1);
        if (!c) return { passed: false, message: 'No on-failure container to watch yet.' };
        const { restartCount, maxRetries, status } = c.inspect;
        if (status !== 'exited')
          return {
            passed: false,
            message: `${c.name} is ${status}: RestartCount ${restartCount} of ${maxRetries} so far (Docker waits a little longer before each restart).`,
          };
        if (restartCount < maxRetries)
          return {
            passed: false,
            message: `${c.name} ${stateOf(c)} after ${restartCount} of ${maxRetries} restarts: was it stopped by hand (docker stop) before Docker gave up?`,
          };
        return {
          passed: true,
          message: `${c.name}: RestartCount ${restartCount}, ${stateOf(c)}: Docker restarted it ${restartCount} times, each crashed again, then it gave up.`,
        };
      },
      hints: [
        "Watch it: docker inspect -f '{{.State.Status}} {{.RestartCount}}' crash-on-failure (repeat a few times)",
        'docker events --filter container=crash-on-failure shows each die and start.',
      ],
    },
  ],
  solution: [
    {
      do: 'run',
      name: 'crash-on-failure',
      image: RESTART_TAG,
      env: { CRASH_ON_START: '1' },
      restart: 'on-failure',
      maxRetries: 3,
    },
  ],
  settleSeconds: 20,
  explanation:
    'on-failure restarts a container whose main process exits with a non-zero status, with a delay that doubles after each restart (100 ms, 200 ms, ...). RestartCount counts those restarts. With :3 Docker gives up after three and the container stays exited: a crash loop is reported, not hidden forever. A clean exit (status 0) is not a failure, so on-failure leaves it alone.',
};

function webContainers(ctx: DockerCheckContext): Inspected[] {
  return containers(ctx, (c) => !crashing(c) && !failingReadiness(c) && c.inspect.healthcheck === undefined);
}

const unlessStoppedStep: DockerStepDefinition = {
  id: 'unless-stopped',
  title: '--restart unless-stopped: the app comes back after a crash',
  text: 'steps/03-unless-stopped.md',
  start: [prepareContext, baselineBuild],
  checks: [
    {
      id: 'policy',
      title: 'the app runs with --restart unless-stopped',
      evaluate(ctx) {
        const web = webContainers(ctx);
        const good = web.find(
          (c) => c.inspect.restartPolicy === 'unless-stopped' || c.inspect.restartPolicy === 'always',
        );
        if (good)
          return {
            passed: true,
            message:
              good.inspect.restartPolicy === 'always'
                ? `${good.name} has --restart always: it comes back too (unlike unless-stopped, also after a docker stop once the daemon restarts).`
                : `${good.name} has --restart unless-stopped.`,
          };
        const other = web[0];
        return {
          passed: false,
          message: other
            ? `${other.name} has restart policy ${policyOf(other)}: run the app with --restart unless-stopped.`
            : `No container of ${RESTART_TAG} runs the app (without CRASH_ON_START) yet.`,
        };
      },
      hints: [
        `docker run -d --name restart-web --restart unless-stopped -p 127.0.0.1:8080:8000 ${RESTART_TAG}`,
      ],
    },
    {
      id: 'restarted',
      title: 'it crashed and Docker restarted it (RestartCount at least 1, running)',
      evaluate(ctx) {
        const web = webContainers(ctx);
        const back = web.find((c) => c.inspect.restartCount > 0 && c.inspect.status === 'running');
        if (back)
          return {
            passed: true,
            message: `${back.name} crashed and Docker brought it back: RestartCount ${back.inspect.restartCount}, running again.`,
          };
        const down = web.find((c) => c.inspect.status === 'exited');
        if (down)
          return {
            passed: false,
            message: `${down.name} ${stateOf(down)} after the crash and stays down: its restart policy is ${policyOf(down)}. Run it with --restart unless-stopped.`,
          };
        const waiting = web.find((c) => c.inspect.status === 'restarting');
        if (waiting) return { passed: false, message: `${waiting.name} is restarting...` };
        const running = web[0];
        return {
          passed: false,
          message: running
            ? `${running.name} has not crashed yet (RestartCount 0): kill its server process with docker exec ${running.name} killall nc.`
            : 'No app container to crash yet.',
        };
      },
      hints: [
        'docker exec restart-web killall nc kills the server process; the entry point (PID 1) then exits with status 1, as a crashing app does.',
        'A docker stop or docker kill is a stop by you, not a crash: Docker does not restart after it.',
      ],
    },
    {
      id: 'answers',
      title: 'the restarted app answers GET /',
      evaluate(ctx) {
        const back = webContainers(ctx).filter((c) => c.inspect.restartCount > 0 && c.running);
        if (back.length === 0)
          return { passed: false, message: 'No restarted app container is running yet.' };
        for (const c of back) {
          const root = answer(c, '/');
          if (root?.status === 200)
            return { passed: true, message: `${root.url} answered ${root.body?.trim() ?? ''}` };
        }
        const c = back[0];
        const root = c ? answer(c, '/') : undefined;
        return {
          passed: false,
          message:
            c && c.ports.length === 0
              ? `${c.name} publishes no port: run it with -p 127.0.0.1:8080:8000 to curl it.`
              : `GET / did not answer yet: ${root?.error ?? `HTTP ${root?.status ?? '?'}`}`,
        };
      },
      hints: ['curl -s http://127.0.0.1:8080/ (the host port you published; docker port restart-web)'],
    },
  ],
  solution: [
    {
      do: 'run',
      name: 'restart-web',
      image: RESTART_TAG,
      restart: 'unless-stopped',
      port: { container: 8000, hostIp: '127.0.0.1' },
    },
    { do: 'curl', container: 'restart-web', path: '/' },
    { do: 'exec', container: 'restart-web', cmd: ['killall', 'nc'] },
  ],
  settleSeconds: 20,
  explanation:
    'The server process died, PID 1 exited with status 1 and the container stopped; the restart policy told Docker to start it again, and RestartCount went up. unless-stopped restarts on any exit, and also when the Docker daemon (or the machine) starts again, except for a container you stopped yourself. A docker stop or docker kill is your decision, so no policy undoes it.',
};

function healthLine(c: Inspected): string {
  const h = c.inspect.health;
  if (!h) return `${c.name} reports no health`;
  return `${c.name} is ${h.status} (FailingStreak ${h.failingStreak}${h.lastOutput ? `, last probe: ${h.lastOutput}` : ''})`;
}

const healthStep: DockerStepDefinition = {
  id: 'healthcheck',
  title: 'A health check on /ready marks FAIL_READINESS=1 unhealthy',
  text: 'steps/04-healthcheck.md',
  start: [prepareContext, baselineBuild],
  checks: [
    {
      id: 'unhealthy',
      title: 'a FAIL_READINESS=1 container with a health check is unhealthy',
      evaluate(ctx) {
        const sick = containers(ctx, failingReadiness);
        if (sick.length === 0)
          return {
            passed: false,
            message: `No container of ${RESTART_TAG} runs with FAIL_READINESS=1 yet.`,
          };
        const probed = sick.filter((c) => c.inspect.healthcheck !== undefined);
        if (probed.length === 0)
          return {
            passed: false,
            message: `${sick[0]?.name ?? ''} has no health check: this image has no HEALTHCHECK, so Docker only reports health when you give one (--health-cmd).`,
          };
        const bad = probed.find((c) => c.inspect.health?.status === 'unhealthy');
        if (bad)
          return {
            passed: true,
            message: `${healthLine(bad)}; it is still ${bad.inspect.status}: Docker reports health, it does not restart.`,
          };
        const c = probed.at(-1) as Inspected;
        if (c.inspect.health?.status === 'healthy' && /\/healthz/.test(c.inspect.healthcheck ?? ''))
          return {
            passed: false,
            message: `${healthLine(c)}: its health check probes /healthz, which stays 200 when only readiness fails. Probe /ready.`,
          };
        if (c.inspect.health?.status === 'healthy')
          return {
            passed: false,
            message: `${healthLine(c)}: the probe (${c.inspect.healthcheck ?? ''}) passes although /ready answers 503. It must exit non-zero on an HTTP error (wget -q does).`,
          };
        return { passed: false, message: `${healthLine(c)}: wait for the probes (interval x retries).` };
      },
      hints: [
        `docker run -d --name health-sick -e FAIL_READINESS=1 --health-cmd '${READY_PROBE}' --health-interval 1s --health-retries 2 ${RESTART_TAG}`,
        "docker inspect -f '{{json .State.Health}}' health-sick shows every probe with its output.",
      ],
    },
    {
      id: 'healthy',
      title: 'the same health check reports a normal container healthy',
      evaluate(ctx) {
        const well = containers(
          ctx,
          (c) => !failingReadiness(c) && !crashing(c) && c.inspect.healthcheck !== undefined,
        );
        const good = well.find((c) => c.inspect.health?.status === 'healthy');
        if (good) return { passed: true, message: `${healthLine(good)}.` };
        const c = well.at(-1);
        return {
          passed: false,
          message: c
            ? `${healthLine(c)}: a probe of /ready should pass while readiness is fine.`
            : `Run a second container without FAIL_READINESS and with the same --health-cmd, to compare.`,
        };
      },
      hints: [
        `docker run -d --name health-well --health-cmd '${READY_PROBE}' --health-interval 1s --health-retries 2 ${RESTART_TAG}`,
        'docker ps shows (healthy) or (unhealthy) in the STATUS column.',
      ],
    },
  ],
  solution: [
    {
      do: 'run',
      name: 'health-sick',
      image: RESTART_TAG,
      env: { FAIL_READINESS: '1' },
      health: { cmd: READY_PROBE, intervalSeconds: 1, retries: 2 },
    },
    {
      do: 'run',
      name: 'health-well',
      image: RESTART_TAG,
      health: { cmd: READY_PROBE, intervalSeconds: 1, retries: 2 },
    },
  ],
  settleSeconds: 25,
  explanation:
    'Docker ran the probe inside each container every second; after two failures in a row the container with FAIL_READINESS=1 became unhealthy, the other healthy. Plain Docker only reports it (docker ps, inspect, events): the process is alive, so no restart policy fires. Orchestrators act on it: Swarm replaces unhealthy tasks, Compose can wait for "service_healthy", and Kubernetes has its own liveness and readiness probes instead of HEALTHCHECK.',
};

const dockerSteps = [noPolicyStep, onFailureStep, unlessStoppedStep, healthStep];

export const dockerRestartPoliciesScenario: DockerScenarioDefinition = {
  meta: dockerRestartPoliciesMeta,
  machine: dockerRestartPoliciesMachine,
  folder: 'docker-restart-policies',
  steps: kubeShapedSteps(dockerSteps),
  docker: { steps: dockerSteps },
};
