/**
 * Docker-only scenarios in the app: started through the contract (scenarios.start) with no cluster
 * connected, they open the same Docker session the CLI does, push image-build progress as `progress`
 * events, and leave nothing labelled with their run once stopped. And crash safety of the whole engine
 * process: the real CLI in web mode is SIGKILLed mid-scenario; its next start sweeps the killed run.
 * Needs the real Docker engine (and `npm run build` for the crash test). One file on purpose: both
 * run docker-build, whose image tag and container name are fixed, so they must not run in parallel.
 */
import Docker from 'dockerode';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { scenarioRegistry } from '../../scenarios/registry';
import { dockerGate } from '../../testing/docker.gate';
import { LESSON_LOCK_WAIT_MS, lockDockerLessons } from '../../testing/docker-lesson.lock';
import { DEFAULT_SOCKET_PATH } from '../backends/docker/docker.backend';
import { LABEL_RUN } from '../backends/docker/lab.labels';
import { projectRoot } from '../cli/project-paths';
import type { LabClient, LabEvent, OperationProgress, ScenarioView, WireMessage } from '../contract';
import { createEngine, type Engine } from './engine';
import { createInProcessClient } from './in-process.host';
import { createSimBackend } from '../backends/sim/sim.backend';
import { defaultRunsDir } from './run-registry';
import { createScenarioHost } from './scenario-host';

const gate = await dockerGate();
const home = mkdtempSync(join(tmpdir(), 'deploy-lab-docker-scenario-'));
const previousHome = process.env.DEPLOY_LAB_HOME;

/** Scenario runs this process registered (tmp/deploy-lab-runs/<run>.pid holding our pid). */
function ourScenarioRuns(): Set<string> {
  const runs = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(defaultRunsDir());
  } catch {
    return runs;
  }
  for (const name of names) {
    if (!name.startsWith('scenario-') || !name.endsWith('.pid')) continue;
    const pid = readFileSync(join(defaultRunsDir(), name), 'utf8').trim();
    if (pid === String(process.pid)) runs.add(name.slice(0, -4));
  }
  return runs;
}

/** Everything in Docker carrying the run's label, whatever else it carries. */
async function labelledWith(runId: string) {
  const docker = new Docker({ socketPath: DEFAULT_SOCKET_PATH });
  const filters = { label: [`${LABEL_RUN}=${runId}`] };
  const [containers, images] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listImages({ filters }),
  ]);
  return {
    containers: containers.map((c) => c.Names[0] ?? c.Id),
    images: images.map((i) => i.Id),
    running: containers.filter((c) => c.State === 'running').map((c) => c.Names[0] ?? c.Id),
  };
}

let releaseLessons = () => {};
beforeAll(async () => {
  // Build contexts go under the lab's data dir (docker-ports reads DEPLOY_LAB_HOME).
  process.env.DEPLOY_LAB_HOME = home;
  // The lessons' tags and container names are fixed: wait for other workers running them.
  if (!gate.skip) releaseLessons = await lockDockerLessons('docker-build', 'dependency-pinning');
}, LESSON_LOCK_WAIT_MS + 60_000);
afterAll(() => {
  releaseLessons();
  if (previousHome === undefined) delete process.env.DEPLOY_LAB_HOME;
  else process.env.DEPLOY_LAB_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

describe('Docker-only scenarios without Docker or a cluster', () => {
  it('Docker unreachable: a clear LabFailure that names `deploy-lab doctor`', async () => {
    const host = createScenarioHost({
      dataDir: home,
      emit: () => undefined,
      docker: { socketPath: join(home, 'no-docker.sock') },
    });
    await expect(host.start('docker-build', undefined)).rejects.toMatchObject({
      name: 'LabFailure',
      code: 'unavailable',
      message: expect.stringMatching(/runs on Docker, and Docker cannot be reached: .*deploy-lab doctor/s),
    });
    expect(await host.view()).toBeNull();
  });

  it('a cluster scenario with no cluster connected still asks for one', async () => {
    const host = createScenarioHost({ dataDir: home, emit: () => undefined });
    await expect(host.start('first-deployment', undefined)).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Connect a Kubernetes cluster first.',
    });
  });
});

describe.skipIf(gate.skip)('docker-build through the engine contract (real Docker)', () => {
  let engine: Engine;
  let client: LabClient;
  const events: LabEvent[] = [];

  beforeAll(() => {
    engine = createEngine({
      host: 'test',
      version: 'test',
      dataDir: join(home, 'engine'),
      clock: { now: () => Date.now() },
      runDoctor: async () => ({ checkedAt: '', checks: [] }),
      scenarios: scenarioRegistry,
      // Nothing is connected at first: a Docker-only scenario must not need a cluster.
      backends: { sim: createSimBackend({ dataDir: join(home, 'engine'), seed: 3, speed: () => 20 }) },
    });
    engine.onEvent((e) => events.push(e));
    client = createInProcessClient(engine);
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('starts with no cluster connected, passes step 1 by show me with build progress, and stop leaves nothing labelled', async () => {
    expect((await client.api.clusters.status({})).state).not.toBe('connected');
    const before = ourScenarioRuns();
    const started = await client.api.scenarios.start({ id: 'docker-build' });
    expect(started).toMatchObject({ scenarioId: 'docker-build', stepIndex: 0, stepCount: 3 });
    const runs = [...ourScenarioRuns()].filter((r) => !before.has(r));
    expect(runs).toHaveLength(1);
    const runId = runs[0] ?? '';

    // Nothing built yet: the check fails and says why.
    const checked = await client.api.scenarios.check({});
    expect(checked.stepIndex).toBe(0);
    expect(checked.checks?.passed).toBe(false);

    const solved = await client.api.scenarios.showMe({});
    expect(solved.stepIndex).toBe(1);
    expect(solved.explanations[0]?.stepId).toBe('build');

    const progress = events
      .filter((e): e is Extract<LabEvent, { type: 'progress' }> => e.type === 'progress')
      .map((e) => e.progress);
    const steps = progress.filter((p) => p.state === 'running' && /^Step \d+\/\d+: /.test(p.detail));
    expect(steps.length).toBeGreaterThan(3);
    expect(steps[0]?.title).toMatch(/^Building deploy-lab\/pyweb-lesson:/);
    expect(steps.some((p) => /^Step \d+\/\d+: RUN /.test(p.detail))).toBe(true);
    // Every build that started also ended, and said how (steps, cache hits).
    const ended = progress.filter((p): p is OperationProgress => p.state !== 'running');
    expect(ended.length).toBeGreaterThanOrEqual(1);
    expect(ended.every((p) => p.state === 'done')).toBe(true);
    expect(ended.at(-1)?.detail).toMatch(/^Built deploy-lab\/pyweb-lesson:\S+: \d+ steps, \d+ from cache$/);
    expect(new Set(ended.map((p) => p.id)).size).toBe(new Set(progress.map((p) => p.id)).size);

    // While the scenario runs, its lesson image carries the run's labels.
    expect((await labelledWith(runId)).images.length).toBeGreaterThan(0);

    // Step 2 rebuilds after a code edit: the progress says which steps came from the cache.
    const seen = events.length;
    expect((await client.api.scenarios.showMe({})).stepIndex).toBe(2);
    const rebuild = events
      .slice(seen)
      .filter((e): e is Extract<LabEvent, { type: 'progress' }> => e.type === 'progress')
      .map((e) => e.progress);
    expect(
      rebuild.some(
        (p) => p.cached && /^Step \d+\/\d+: RUN sh \/deps\/install-deps\.sh.*\(from cache\)$/.test(p.detail),
      ),
    ).toBe(true);
    expect(rebuild.at(-1)?.detail).toMatch(/: \d+ steps, [1-9]\d* from cache$/);

    expect(await client.api.scenarios.stop({})).toEqual({ stopped: true });
    expect(await labelledWith(runId)).toMatchObject({ containers: [], images: [] });
    expect(ourScenarioRuns().has(runId)).toBe(false);
  }, 120_000);

  it('dependency-pinning starts the same way, goes on while clusters come and go, and stopping it leaves nothing of its run', async () => {
    const before = ourScenarioRuns();
    const started = await client.api.scenarios.start({ id: 'dependency-pinning' });
    expect(started).toMatchObject({ scenarioId: 'dependency-pinning', stepIndex: 0, status: 'working' });
    const runId = [...ourScenarioRuns()].find((r) => !before.has(r)) ?? '';
    expect(runId).toMatch(/^scenario-/);
    // Connecting a cluster, and replacing it (which disconnects the first), leaves the scenario alone.
    await client.api.clusters.connect({ backend: 'sim' });
    await client.api.clusters.connect({ backend: 'sim' });
    expect((await client.api.clusters.status({})).state).toBe('connected');
    expect(await client.api.scenarios.view({})).toMatchObject({ scenarioId: 'dependency-pinning' });
    expect(ourScenarioRuns().has(runId)).toBe(true);
    expect(await client.api.scenarios.stop({})).toEqual({ stopped: true });
    expect(await labelledWith(runId)).toMatchObject({ containers: [], images: [] });
  }, 90_000);
});

const cli = join(projectRoot(), 'out', 'cli', 'cli.mjs');
const notBuilt = existsSync(cli)
  ? undefined
  : `${cli} is missing: run \`npm run build\` first (this test starts the built CLI)`;
// Like the Docker gate: on CI a missing build is a failure, not a silent skip of the crash test.
if (notBuilt && process.env.CI) throw new Error(`${notBuilt}. CI is set, so this is a failure, not a skip.`);
if (notBuilt) console.warn(`[skipped] ${notBuilt}`);

const crashHome = mkdtempSync(join(tmpdir(), 'deploy-lab-crash-'));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  rmSync(crashHome, { recursive: true, force: true });
});

interface WebLab {
  child: ChildProcess;
  url: URL;
  output: () => string;
}

/** `deploy-lab web --port 0` as a user starts it; resolves once it printed its URL. */
async function startWeb(): Promise<WebLab> {
  const child = spawn(
    process.execPath,
    [join(projectRoot(), 'bin', 'deploy-lab.mjs'), 'web', '--port', '0'],
    {
      cwd: projectRoot(),
      env: { ...process.env, DEPLOY_LAB_HOME: crashHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const chunks: string[] = [];
  const output = () => chunks.join('');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in 30 s:\n${output()}`)), 30_000);
    const onData = (chunk: Buffer) => {
      chunks.push(String(chunk));
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`deploy-lab web exited ${code}:\n${output()}`));
    });
  });
  return { child, url: new URL(url), output };
}

/** The contract over the web host's WebSocket, as the renderer speaks it. */
async function connect(lab: WebLab) {
  const socket = await new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://${lab.url.host}/ws`, {
      headers: {
        origin: lab.url.origin,
        cookie: `deploy_lab_token=${lab.url.searchParams.get('token') ?? ''}`,
      },
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
  let next = 1;
  return {
    socket,
    call<T>(channel: string, payload: unknown = {}): Promise<T> {
      const id = next++;
      return new Promise((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(String(data)) as WireMessage;
          if (message.kind !== 'response' || message.id !== id) return;
          socket.off('message', onMessage);
          if (message.ok) resolve(message.value as T);
          else reject(new Error(`${channel}: ${message.error.code}: ${message.error.message}`));
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, channel, payload }));
      });
    },
  };
}

/** Scenario runs registered by a process (tmp/deploy-lab-runs/<run>.pid holding its pid). */
function scenarioRunsOf(pid: number): string[] {
  return readdirSync(defaultRunsDir())
    .filter((name) => name.startsWith('scenario-') && name.endsWith('.pid'))
    .filter((name) => readFileSync(join(defaultRunsDir(), name), 'utf8').trim() === String(pid))
    .map((name) => name.slice(0, -4));
}

describe.skipIf(gate.skip || notBuilt !== undefined)(
  'engine crash mid Docker scenario (real CLI, real Docker)',
  () => {
    it('SIGKILL while docker-build runs a container; the next start sweeps everything of the killed run', async () => {
      const first = await startWeb();
      const api = await connect(first);
      const started = await api.call<ScenarioView>('lab:scenarios.start', { id: 'docker-build' });
      expect(started).toMatchObject({ scenarioId: 'docker-build', stepIndex: 0 });
      // Show me through to the last step: build, rebuild from cache, then the app runs in a container.
      let view = started;
      while (view.status !== 'done') {
        const before = view.stepIndex;
        view = await api.call<ScenarioView>('lab:scenarios.showMe');
        expect(view.error).toBeUndefined();
        if (view.status !== 'done') expect(view.stepIndex).toBe(before + 1);
      }
      const pid = first.child.pid ?? -1;
      const runs = scenarioRunsOf(pid);
      expect(runs).toHaveLength(1);
      const runId = runs[0] ?? '';
      const live = await labelledWith(runId);
      expect(live.running.length).toBeGreaterThan(0);
      expect(live.images.length).toBeGreaterThan(0);
      const workFolder = join(crashHome, 'docker-scenarios', runId);
      expect(existsSync(workFolder)).toBe(true);

      // The crash: no SIGTERM handler, no dispose, no sweep on the way out.
      api.socket.terminate();
      const killed = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      await killed;
      expect((await labelledWith(runId)).containers.length).toBeGreaterThan(0);

      // The next start sweeps before it serves: by the time the URL is printed the run is gone.
      const second = await startWeb();
      expect(second.output()).toMatch(/removed \d+ container\(s\) left behind by a crashed run/);
      expect(await labelledWith(runId)).toMatchObject({ containers: [], images: [] });
      expect(existsSync(workFolder)).toBe(false);
      // And the restarted lab still works: its scenario list answers.
      const again = await connect(second);
      expect((await again.call<{ id: string }[]>('lab:scenarios.list')).map((s) => s.id)).toContain(
        'docker-build',
      );
      again.socket.close();
    }, 180_000);
  },
);
