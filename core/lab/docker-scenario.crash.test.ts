/**
 * Crash safety of the whole engine process (not only the Docker backend): the real CLI in web mode
 * starts a Docker scenario through the contract over its WebSocket until the scenario's containers run,
 * is SIGKILLed, and started again; its startup sweep removes everything labelled with the killed run.
 * Needs the real Docker engine and `npm run build` (out/cli/cli.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../testing/docker.gate';
import { projectRoot } from '../cli/project-paths';
import type { ScenarioView, WireMessage } from '../contract';
import { LABEL_RUN } from '../backends/docker/lab.labels';
import { defaultRunsDir } from './run-registry';

const gate = await dockerGate();
const cli = join(projectRoot(), 'out', 'cli', 'cli.mjs');
const notBuilt = existsSync(cli)
  ? undefined
  : `${cli} is missing: run \`npm run build\` first (this test starts the built CLI)`;
if (notBuilt) console.warn(`[skipped] ${notBuilt}`);

const home = mkdtempSync(join(tmpdir(), 'deploy-lab-crash-'));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  rmSync(home, { recursive: true, force: true });
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
      env: { ...process.env, DEPLOY_LAB_HOME: home },
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

async function labelledWith(runId: string) {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const filters = { label: [`${LABEL_RUN}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const images = await docker.listImages({ filters });
  return {
    running: containers.filter((c) => c.State === 'running').map((c) => c.Names[0] ?? c.Id),
    containers: containers.map((c) => c.Names[0] ?? c.Id),
    images: images.map((i) => i.Id),
  };
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
      const workFolder = join(home, 'docker-scenarios', runId);
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
      expect(await labelledWith(runId)).toEqual({ running: [], containers: [], images: [] });
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
