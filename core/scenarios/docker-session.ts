/**
 * The scenario engine for Docker-only scenarios (docker-build, dependency-pinning): the same step
 * machine and the same ScenarioSession surface as scenario-session.ts, so the CLI, the UI host and the
 * tests drive it the same way, but steps act on a Docker engine (builds, containers) instead of a
 * cluster. Checks read what this file gathers: the builds it ran with their progress events, the
 * lesson images and containers, and one HTTP answer per published port.
 */
import { appendFile, chmod, copyFile, cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type { StepEvaluation } from '../../scenarios/scenario-machine';
import type { CheckContext } from '../../scenarios/scenario-kit';
import {
  describeDockerAction,
  LESSON_LABEL,
  SCENARIO_CONTAINER_LABEL,
  type BuildRecord,
  type ContainerRecord,
  type DockerAction,
  type DockerCheckContext,
  type DockerScenarioDefinition,
  type DockerStepDefinition,
  type HttpAnswer,
  type ImageRecord,
  type LayerRecord,
  type ContainerInspection,
  type SavedImage,
} from '../../scenarios/docker-build/docker-kit';
import { saveImage } from './image-layers';
import type { TimedBuildEvent } from '../backends/docker/docker.types';
import { LABEL_RUN, labLabels } from '../backends/docker/lab.labels';
import type { DockerScenarioPort } from './docker-ports';
import type { CommandLogEntry } from './scenario-actions';
import type { ScenarioSession, SessionOptions } from './scenario-session';
import { createSessionDriver } from './session-driver';

const SAFE_DIR = /^[a-z0-9][a-z0-9-]{0,40}$/;
const SAFE_PATH = /^(?!.*\.\.)[A-Za-z0-9_.][A-Za-z0-9_./-]{0,120}$/;
const HTTP_TIMEOUT_MS = 2000;

function assertSafe(value: string, pattern: RegExp, what: string): void {
  if (!pattern.test(value)) throw new Error(`${what} ${JSON.stringify(value)} must match ${pattern.source}`);
}

/** Folds the backend's progress events into per-step records (instruction, cache hit, output). */
function recordBuild(
  name: string,
  stepIndex: number,
  tag: string,
  dockerfile: string,
  events: readonly TimedBuildEvent[],
): BuildRecord {
  const record: BuildRecord = { name, stepIndex, tag, dockerfile, ok: false, steps: [] };
  for (const e of events) {
    const current = record.steps[record.steps.length - 1];
    if (e.type === 'step')
      record.steps.push({ step: e.step, instruction: e.instruction, cached: false, output: [] });
    else if (e.type === 'cache-hit' && current) current.cached = true;
    else if (e.type === 'output' && current)
      current.output.push(...e.text.split('\n').filter((l) => l.trim()));
    else if (e.type === 'built') record.imageId = e.imageId;
    else if (e.type === 'error') record.error = e.message;
  }
  return record;
}

/**
 * An --env-file as Docker reads it: NAME=value per line, the value taken literally (no quotes, no
 * expansion), `#` lines and blank lines skipped. A bare NAME (take it from the shell) is refused: the
 * lab's process environment is not the learner's.
 */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '').trimStart();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`${file} line ${i + 1}: expected NAME=value, got ${JSON.stringify(line)}`);
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

/** What the checks read of `docker inspect <container>`. */
function inspection(info: Docker.ContainerInspectInfo): ContainerInspection {
  const env: Record<string, string> = {};
  for (const kv of info.Config.Env ?? []) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const state = info.State as Docker.ContainerInspectInfo['State'] & {
    Health?: { Status?: string; FailingStreak?: number; Log?: Array<{ Output?: string }> };
  };
  const test = (info.Config as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test;
  const lastOutput = state.Health?.Log?.at(-1)?.Output?.trim();
  return {
    status: state.Status,
    exitCode: state.ExitCode,
    restartCount: info.RestartCount,
    restartPolicy: info.HostConfig.RestartPolicy?.Name || 'no',
    maxRetries: info.HostConfig.RestartPolicy?.MaximumRetryCount ?? 0,
    env,
    ...(test && test[0] !== 'NONE' ? { healthcheck: test.join(' ') } : {}),
    ...(state.Health?.Status
      ? {
          health: {
            status: state.Health.Status,
            failingStreak: state.Health.FailingStreak ?? 0,
            ...(lastOutput ? { lastOutput } : {}),
          },
        }
      : {}),
    ...(state.StartedAt ? { startedAt: state.StartedAt } : {}),
    ...(state.FinishedAt ? { finishedAt: state.FinishedAt } : {}),
  };
}

async function httpGet(url: string, path: string): Promise<HttpAnswer> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    return { path, url, status: res.status, body: (await res.text()).slice(0, 2000) };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { path, url, error: cause ?? (err instanceof Error ? err.message : String(err)) };
  }
}

export function createDockerActionRunner(
  docker: DockerScenarioPort,
  scenarioId: string,
  realTime: { now(): number; sleep(ms: number): Promise<void> },
) {
  const log: CommandLogEntry[] = [];
  const dirOf = (dir: string) => {
    assertSafe(dir, SAFE_DIR, 'working folder');
    return join(docker.workRoot, dir);
  };

  /**
   * Frees a container name for a re-run. Only this run's containers are removed: one a learner made
   * by hand, or another run's, is theirs to remove, so the action stops and says how.
   */
  async function removeOwn(name: string) {
    const existing = await containerByName(name);
    if (!existing) return;
    if (existing.Labels?.[LABEL_RUN] !== docker.backend.runId)
      throw new Error(
        `a container named ${name} already exists and was not started by this run: remove it first (docker rm -f ${name})`,
      );
    await docker.backend.remove(existing.Id, { force: true });
  }

  async function containerByName(name: string) {
    const found = await docker.client.listContainers({
      all: true,
      filters: { name: [`^/${name}$`] },
    });
    return found[0];
  }

  /**
   * What the image's install step wrote to /deps/installed.txt, read by a short container: a cached
   * install step prints nothing, so the build output alone cannot say what an image holds.
   */
  async function readInstalled(image: string): Promise<string | undefined> {
    const container = await docker.client.createContainer({
      Image: image,
      Entrypoint: ['/bin/cat'],
      Cmd: ['/deps/installed.txt'],
      Labels: labLabels(docker.backend.runId, 'container'),
    });
    try {
      await container.start();
      await container.wait();
      const raw = await container.logs({ stdout: true, stderr: false });
      // Without a TTY the log stream is multiplexed: 8-byte frame headers before each chunk.
      let text = '';
      for (let i = 0; i + 8 <= raw.length;) {
        const size = raw.readUInt32BE(i + 4);
        text += raw.subarray(i + 8, i + 8 + size).toString('utf8');
        i += 8 + size;
      }
      return text;
    } catch {
      return undefined;
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  async function perform(action: DockerAction, stepIndex: number): Promise<void> {
    switch (action.do) {
      case 'prepareContext': {
        const dir = dirOf(action.dir);
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        for (const source of action.sources) {
          assertSafe(source, SAFE_DIR, 'app folder');
          await cp(join(docker.appsRoot, source), dir, { recursive: true });
        }
        const busybox = await stat(docker.busyboxPath).catch(() => undefined);
        if (!busybox?.isFile())
          throw new Error(
            `busybox not found at ${docker.busyboxPath}: the lesson images need a statically linked busybox (apt-get install busybox-static)`,
          );
        await copyFile(docker.busyboxPath, join(dir, 'busybox'));
        await chmod(join(dir, 'busybox'), 0o755);
        return;
      }
      case 'copyFile':
        assertSafe(action.from, SAFE_PATH, 'file');
        assertSafe(action.to, SAFE_PATH, 'file');
        await copyFile(join(dirOf(action.dir), action.from), join(dirOf(action.dir), action.to));
        return;
      case 'appendLine':
        assertSafe(action.path, SAFE_PATH, 'file');
        await appendFile(join(dirOf(action.dir), action.path), `${action.line}\n`);
        return;
      case 'writeFile':
        assertSafe(action.path, SAFE_PATH, 'file');
        await writeFile(join(dirOf(action.dir), action.path), action.content);
        return;
      case 'publishRelease': {
        assertSafe(action.name, SAFE_DIR, 'package');
        assertSafe(action.version, SAFE_PATH, 'version');
        const dir = dirOf(action.dir);
        await cp(
          join(dir, 'releases', action.name, action.version),
          join(dir, 'vendor-index', action.name, action.version),
          { recursive: true },
        );
        return;
      }
      case 'build': {
        const dockerfile = action.dockerfile ?? 'Dockerfile';
        const events: TimedBuildEvent[] = [];
        const which = { build: action.name, tag: action.tag };
        docker.reportBuild({ ...which, phase: 'started' });
        try {
          await docker.backend.buildImage(dirOf(action.dir), {
            tag: action.tag,
            dockerfile,
            labels: { [SCENARIO_CONTAINER_LABEL]: scenarioId },
            onProgress: (e) => {
              events.push(e);
              docker.reportBuild({ ...which, phase: 'event', event: e });
            },
            timeoutMs: 120_000,
          });
          const record = recordBuild(action.name, stepIndex, action.tag, dockerfile, events);
          record.ok = true;
          record.installed = await readInstalled(action.tag);
          docker.builds.push(record);
          docker.reportBuild({ ...which, phase: 'finished', ok: true });
        } catch (err) {
          const record = recordBuild(action.name, stepIndex, action.tag, dockerfile, events);
          record.error = err instanceof Error ? err.message : String(err);
          docker.builds.push(record);
          docker.reportBuild({ ...which, phase: 'finished', ok: false, error: record.error });
          throw err;
        }
        return;
      }
      case 'run': {
        if (action.port && action.port.hostIp !== '127.0.0.1') {
          // The sample app has fault switches anyone could flip: the lab never publishes it beyond
          // this machine, and says why instead of silently binding somewhere else.
          throw new Error(
            `refused: publishing on ${action.port.hostIp} makes the app reachable from your whole network; publish on 127.0.0.1 (-p 127.0.0.1:${action.port.host ?? ''}:${action.port.container})`,
          );
        }
        await removeOwn(action.name);
        let env: Record<string, string> = {};
        if (action.envFile) {
          assertSafe(action.envFile, SAFE_PATH, 'file');
          const text = await readFile(join(docker.workRoot, action.envFile), 'utf8');
          env = parseEnvFile(text, action.envFile);
        }
        // -e after --env-file wins, as with docker run.
        env = { ...env, ...action.env };
        const h = action.health;
        await docker.backend.runContainer({
          image: action.image,
          name: action.name,
          labels: { [SCENARIO_CONTAINER_LABEL]: scenarioId },
          env,
          ...(action.restart ? { restartPolicy: action.restart } : {}),
          ...(action.maxRetries !== undefined ? { maxRetries: action.maxRetries } : {}),
          ...(h
            ? {
                healthcheck: {
                  test: ['CMD-SHELL', h.cmd],
                  intervalMs: h.intervalSeconds * 1000,
                  retries: h.retries,
                },
              }
            : {}),
          ...(action.port
            ? {
                ports: [
                  {
                    container: action.port.container,
                    ...(action.port.host ? { host: action.port.host } : {}),
                  },
                ],
              }
            : {}),
        });
        return;
      }
      case 'removeContainer': {
        await removeOwn(action.name);
        return;
      }
      case 'removeFile':
        assertSafe(action.path, SAFE_PATH, 'file');
        await rm(join(dirOf(action.dir), action.path), { recursive: true, force: true });
        return;
      case 'saveImage': {
        assertSafe(action.path, SAFE_PATH, 'file');
        const info = await docker.client.getImage(action.image).inspect();
        if (info.Config.Labels?.[LESSON_LABEL] === undefined)
          throw new Error(`${action.image} is not a lesson image: the lab saves only those`);
        const archive = await docker.client.getImage(action.image).get();
        await pipeline(archive, createWriteStream(join(dirOf(action.dir), action.path)));
        return;
      }
      case 'exec': {
        const existing = await containerByName(action.container);
        if (!existing) throw new Error(`no container named ${action.container}`);
        if (existing.Labels?.[LESSON_LABEL] === undefined)
          throw new Error(
            `${action.container} is not a container of a lesson image: the lab execs only into those`,
          );
        const target = docker.client.getContainer(existing.Id);
        const before = (await target.inspect()).State;
        const exec = await target.exec({
          Cmd: [...action.cmd],
          AttachStdout: true,
          AttachStderr: true,
        });
        const stream = await exec.start({ hijack: true, stdin: false });
        // The command may end the container (killing its server): the stream then just closes.
        const ended = new Promise<void>((resolve) => {
          stream.on('end', resolve);
          stream.on('close', resolve);
          stream.on('error', () => resolve());
          stream.resume();
        });
        await Promise.race([ended, realTime.sleep(30_000)]);
        (stream as { destroy?: () => void }).destroy?.();
        const result = await exec.inspect().catch(() => undefined);
        if (result && !result.Running && result.ExitCode !== null && result.ExitCode !== 0) {
          // 137 = SIGKILL: when the command ends the container's main process, Docker kills the exec
          // with the container. That is the command's effect, not its failure (a race decides
          // whether the exec returns first, and the engine may report the exec before it has
          // recorded the container's exit, so its state is read for up to 3 s).
          const containerEnded = async () => {
            for (let waited = 0; waited <= 3_000; waited += 100) {
              const after = (await target.inspect().catch(() => undefined))?.State;
              if (
                !after?.Running ||
                after.StartedAt !== before.StartedAt ||
                after.FinishedAt !== before.FinishedAt
              )
                return true;
              await realTime.sleep(100);
            }
            return false;
          };
          if (result.ExitCode !== 137 || !(await containerEnded()))
            throw new Error(`exited with status ${result.ExitCode}`);
        }
        return;
      }
      case 'curl': {
        const existing = await containerByName(action.container);
        const port = existing?.Ports.find((p) => p.PublicPort && p.IP === '127.0.0.1');
        if (!port) throw new Error(`container ${action.container} publishes no port on 127.0.0.1`);
        const url = `http://127.0.0.1:${port.PublicPort}${action.path}`;
        // A just-started container needs a moment before it listens, as a person retrying curl sees.
        let answer = await httpGet(url, action.path);
        for (let i = 0; i < 40 && answer.error; i += 1) {
          await realTime.sleep(250);
          answer = await httpGet(url, action.path);
        }
        if (answer.error) throw new Error(`curl ${answer.url}: ${answer.error}`);
        return;
      }
    }
  }

  return {
    log: () => log,
    async run(actions: readonly DockerAction[], stepIndex: number, now: () => number) {
      for (const action of actions) {
        const command = describeDockerAction(action);
        try {
          await perform(action, stepIndex);
          log.push({ t: now(), command, ok: true });
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          log.push({ t: now(), command, ok: false, error });
          throw new Error(`${command}: ${error}`);
        }
      }
    },
    /** Removes the containers this run started for the scenario (reset, resume). */
    async removeContainers() {
      const mine = await docker.client.listContainers({
        all: true,
        // This run's only: a second run of the same scenario (another window, a test) keeps its own.
        filters: {
          label: [`${SCENARIO_CONTAINER_LABEL}=${scenarioId}`, `${LABEL_RUN}=${docker.backend.runId}`],
        },
      });
      for (const c of mine) await docker.backend.remove(c.Id, { force: true }).catch(() => undefined);
    },
  };
}

/** Everything the checks read, gathered now. */
export async function gatherDockerContext(
  docker: DockerScenarioPort,
  step: DockerStepDefinition,
  stepIndex: number,
  startImages: Readonly<Record<string, string>> = {},
): Promise<DockerCheckContext> {
  const images = await docker.client.listImages({ filters: { label: [LESSON_LABEL] } });
  const byTag = new Map<string, ImageRecord>();
  for (const i of images)
    for (const tag of i.RepoTags ?? []) byTag.set(tag, { tag, id: i.Id, labels: i.Labels ?? {} });
  const listed = await docker.client.listContainers({ all: true, filters: { label: [LESSON_LABEL] } });
  const containers: ContainerRecord[] = [];
  for (const c of listed) {
    const ports = c.Ports.filter((p) => p.PublicPort).map((p) => ({
      container: p.PrivatePort,
      host: p.PublicPort,
      hostIp: p.IP ?? '',
    }));
    const running = c.State === 'running';
    // Any published host port answers on loopback, whichever address it was bound to.
    const first = ports[0];
    const answers =
      running && first
        ? await Promise.all(
            ['/', '/healthz'].map((path) => httpGet(`http://127.0.0.1:${first.host}${path}`, path)),
          )
        : [];
    const inspected = await docker.client
      .getContainer(c.Id)
      .inspect()
      .catch(() => undefined);
    containers.push({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      running,
      labels: c.Labels ?? {},
      ports,
      answers,
      ...(inspected ? { inspect: inspection(inspected) } : {}),
    });
  }
  // History of every lesson image and of the images the step started from (a rebuilt tag leaves its
  // old image untagged but present), so checks can compare layer ids of builds made by hand too.
  const histories = new Map<string, LayerRecord[]>();
  const refs = new Set([
    ...byTag.keys(),
    ...[...byTag.values()].map((i) => i.id),
    ...Object.values(startImages),
  ]);
  for (const ref of refs) {
    const history = await docker.client
      .getImage(ref)
      .history()
      .catch(() => undefined);
    if (history)
      histories.set(
        ref,
        (history as { Id: string; CreatedBy: string }[])
          .map((h) => ({ id: h.Id, createdBy: h.CreatedBy }))
          .reverse(),
      );
  }
  const files: Record<string, string> = {};
  for (const path of step.reads ?? []) {
    assertSafe(path, SAFE_PATH, 'file');
    files[path] = await readFile(join(docker.workRoot, path), 'utf8').catch(() => '');
  }
  // Layer by layer, as `docker save` + tar shows them, only for the images the step asks for.
  const saved = new Map<string, SavedImage>();
  for (const ref of step.readsImages ?? [])
    if (byTag.has(ref)) saved.set(ref, await saveImage(docker.client, ref));
  return {
    builds: [...docker.builds],
    stepIndex,
    image: (tag) => byTag.get(tag),
    layers: (ref) => histories.get(ref),
    startImages,
    containers,
    files,
    saved: (ref) => saved.get(ref),
  };
}

/** Lesson tag -> image id now. */
async function lessonImageIds(docker: DockerScenarioPort): Promise<Record<string, string>> {
  const images = await docker.client.listImages({ filters: { label: [LESSON_LABEL] } });
  const ids: Record<string, string> = {};
  for (const i of images) for (const tag of i.RepoTags ?? []) ids[tag] = i.Id;
  return ids;
}

function evaluateDockerChecks(
  step: DockerStepDefinition,
  ctx: DockerCheckContext,
  simMs: number,
): StepEvaluation {
  const results = step.checks.map((check) => {
    let verdict;
    try {
      verdict = check.evaluate(ctx);
    } catch (err) {
      verdict = {
        passed: false,
        message: `the check itself failed: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    return { id: check.id, title: check.title, passed: verdict.passed, message: verdict.message };
  });
  return { passed: results.every((r) => r.passed), results, simMs };
}

export function createDockerScenarioSession(
  options: SessionOptions & { definition: DockerScenarioDefinition },
): ScenarioSession {
  const { definition, ports } = options;
  const docker = ports.docker;
  if (!docker) throw new Error(`${definition.meta.id} runs only on the docker backend (--backend docker)`);
  const steps = definition.docker.steps;
  const runner = createDockerActionRunner(docker, definition.meta.id, ports.realTime);
  const realTime = ports.realTime;
  let stepStartedWall = 0;
  let startImages: Record<string, string> = {};
  let needsRestore = true;

  const stepAt = (index: number): DockerStepDefinition => {
    const step = steps[index];
    if (!step) throw new Error(`${definition.meta.id} has no step ${index + 1}`);
    return step;
  };

  async function prepare(index: number) {
    if (needsRestore) {
      await runner.removeContainers();
      // Builds of a step's start are recorded outside every step (-1): checks must not mistake the
      // lab's own baseline build for the learner's.
      await runner.run(stepAt(index).start, -1, realTime.now);
      needsRestore = false;
    }
    startImages = await lessonImageIds(docker as DockerScenarioPort);
    stepStartedWall = realTime.now();
  }

  async function evaluate(index: number, settleSeconds: number): Promise<StepEvaluation> {
    const step = stepAt(index);
    const once = async () =>
      evaluateDockerChecks(
        step,
        await gatherDockerContext(docker as DockerScenarioPort, step, index, startImages),
        realTime.now() - stepStartedWall,
      );
    let last = await once();
    const deadline = realTime.now() + settleSeconds * 1000;
    // A container needs a moment to listen after `docker run`: re-check until it passes or time is up.
    while (!last.passed && realTime.now() < deadline) {
      await realTime.sleep(250);
      last = await once();
    }
    return last;
  }

  const driver = createSessionDriver(options, {
    steps,
    prepare,
    evaluate,
    applySolution: (index) => runner.run(stepAt(index).solution, index, realTime.now),
    markForRestore: () => {
      needsRestore = true;
    },
    describeSolution: (step) => step.solution.map(describeDockerAction),
    // Docker steps have no cluster clock: their checks and reports use wall time.
    stepElapsedMs: () => realTime.now() - stepStartedWall,
    stepWallMs: () => realTime.now() - stepStartedWall,
  });

  return {
    ...driver,
    async perform() {
      throw new Error('perform() takes Kubernetes actions; use performDocker() on a Docker scenario session');
    },
    async checkContext(): Promise<CheckContext> {
      throw new Error('a Docker scenario has no cluster check context; its checks read Docker state');
    },
    commands: () => runner.log(),
  };
}

/** Runs Docker actions as a learner would, in the session's current step (tests use it for mistakes). */
export async function performDocker(
  session: ScenarioSession,
  actions: readonly DockerAction[],
): Promise<void> {
  const docker = session.ports.docker;
  if (!docker) throw new Error('performDocker needs a session on the docker backend');
  const runner = createDockerActionRunner(docker, session.definition.meta.id, session.ports.realTime);
  await runner.run(actions, session.stepIndex(), session.ports.realTime.now);
}
