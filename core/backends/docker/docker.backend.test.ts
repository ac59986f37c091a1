/**
 * The Docker backend against the real engine on this machine (gated by testing/docker.gate.ts).
 * One image is built per file and shared; everything created carries this file's run id and is swept
 * in afterAll.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../../testing/docker.gate';
import { httpGet, waitForHttp } from '../../../testing/http-wait';
import { systemClock } from './backend.clock';
import { createDockerBackend } from './docker.backend';
import { DockerBackendError } from './docker.errors';
import type { BuildImageResult, DockerBackend, RunningContainer, TimedBuildEvent } from './docker.types';
import { LABEL_MANAGED, LABEL_RUN } from './lab.labels';
import { APP_VERSIONS, buildOfflineApp, offlineAppDir } from './offline-app.build';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('docker backend: daemon unreachable', () => {
  it('fails within seconds with the socket path and how to start Docker', async () => {
    const socketPath = path.join(tmpdir(), `no-docker-${randomUUID()}.sock`);
    const backend = createDockerBackend({ runId: 'unreachable-test', clock: systemClock(), socketPath });
    const started = performance.now();
    const error = await backend.ping().catch((err: unknown) => err);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(DockerBackendError);
    expect((error as DockerBackendError).reason).toBe('daemon-unreachable');
    expect((error as DockerBackendError).code).toBe('unavailable');
    expect((error as Error).message).toBe(
      `Docker engine is not reachable at ${socketPath}: start Docker (e.g. \`sudo systemctl start docker\` or \`dockerd\`)`,
    );
    // Other calls say the same, rather than a raw ENOENT.
    await expect(backend.listLabelled()).rejects.toThrow(/Docker engine is not reachable/);
  });

  it('puts a deadline on a daemon that accepts the connection but never answers', async () => {
    const socketPath = path.join(tmpdir(), `hung-docker-${randomUUID()}.sock`);
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket)); // reads nothing, answers nothing
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const backend = createDockerBackend({ runId: 'hung-test', clock: systemClock(), socketPath });
      const started = performance.now();
      await expect(backend.ping({ timeoutMs: 500 })).rejects.toMatchObject({
        reason: 'timeout',
        code: 'unavailable',
      });
      const dir = await mkdtemp(path.join(tmpdir(), 'hung-build-'));
      await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      await expect(
        backend.buildImage(dir, { tag: 'deploy-lab-test/hung:1', timeoutMs: 500 }),
      ).rejects.toThrow(
        `build deploy-lab-test/hung:1: Docker engine at ${socketPath} did not answer within 500 ms`,
      );
      await rm(dir, { recursive: true, force: true });
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses run ids that could not be used as labels and names', () => {
    expect(() => createDockerBackend({ runId: '--rm', clock: systemClock() })).toThrow(/run id/);
  });
});

const gate = await dockerGate();

describe.skipIf(gate.skip)('docker backend (real Docker engine)', () => {
  const runId = `test-${randomUUID().slice(0, 8)}`;
  const tag = `deploy-lab-test/pyweb-offline:${runId}`;
  let backend: DockerBackend;
  let cold: BuildImageResult;
  let warm: BuildImageResult;
  const coldEvents: TimedBuildEvent[] = [];
  const version = APP_VERSIONS[1]!; // 2.0 / green: not the Dockerfile default, so build args are proven

  async function start(
    env: Record<string, string> = {},
  ): Promise<{ container: RunningContainer; url: string }> {
    const container = await backend.runContainer({ image: tag, env, ports: [{ container: 8000 }] });
    const port = container.ports[0]?.host;
    expect(port).toBeGreaterThan(0);
    return { container, url: `http://127.0.0.1:${port}` };
  }

  beforeAll(async () => {
    backend = createDockerBackend({ runId, clock: systemClock() });
    await backend.ping();
    cold = await buildOfflineApp(backend, {
      appDir: offlineAppDir(repoRoot),
      version,
      tag,
      noCache: true,
      onProgress: (event) => coldEvents.push(event),
    });
    warm = await buildOfflineApp(backend, { appDir: offlineAppDir(repoRoot), version, tag });
    console.info(
      `[measure] offline app build: cold ${cold.durationMs} ms, warm ${warm.durationMs} ms (${warm.cacheHits} cache hits)`,
    );
  }, 120_000);

  afterAll(async () => {
    if (!backend) return;
    await backend.sweep({ onlyRun: runId, includeImages: true });
    const left = await backend.listLabelled({ runId });
    expect(left.containers).toEqual([]);
    expect(left.images).toEqual([]);
  }, 60_000);

  it('pings the engine and reports its version', async () => {
    const info = await backend.ping();
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
  });

  it('streams build progress: steps, layers and, on a rebuild, cache hits', () => {
    const steps = coldEvents.filter((e) => e.type === 'step');
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(steps[0]).toMatchObject({ step: 1, instruction: 'FROM scratch' });
    expect(steps.every((s) => s.type === 'step' && s.totalSteps === steps.length)).toBe(true);
    expect(coldEvents.some((e) => e.type === 'layer')).toBe(true);
    expect(cold.cacheHits).toBe(0);
    expect(cold.imageId).toMatch(/^sha256:/);
    expect(warm.cacheHits).toBeGreaterThanOrEqual(5);
    expect(warm.events.some((e) => e.type === 'cache-hit')).toBe(true);
    expect(warm.imageId).toBe(cold.imageId);
  });

  it('labels the images it builds with the run id', async () => {
    const found = await backend.listLabelled({ runId });
    expect(found.images.map((i) => i.tags).flat()).toContain(tag);
  });

  it('runs the app on 127.0.0.1 and answers / with version and colour', async () => {
    const t0 = performance.now();
    const { container, url } = await start();
    const first = await waitForHttp(`${url}/`);
    console.info(`[measure] container start to first 200: ${Math.round(performance.now() - t0)} ms`);
    expect(JSON.parse(first.body)).toMatchObject({
      version: '2.0',
      colour: 'green',
      pod: container.id.slice(0, 12),
    });
    const state = await backend.inspect(container.id);
    expect(state.running).toBe(true);
    expect(state.labels[LABEL_MANAGED]).toBe('true');
    expect(state.labels[LABEL_RUN]).toBe(runId);
    expect(container.ports[0]?.hostIp).toBe('127.0.0.1');
    expect((await httpGet(`${url}/healthz`)).status).toBe(200);
    expect((await httpGet(`${url}/ready`)).status).toBe(200);
    const work = await httpGet(`${url}/work`);
    expect(JSON.parse(work.body).worked_ms).toBeGreaterThanOrEqual(50);
    // Graceful stop: readiness flips and the entry point exits 0 after its drain window.
    await backend.stop(container.id, { timeoutSeconds: 10 });
    const stopped = await backend.inspect(container.id);
    expect(stopped.exitCode).toBe(0);
    const logs = await backend.logs(container.id);
    expect(logs.stderr).toContain('listening on :8000');
    expect(logs.stderr).toContain('SIGTERM: draining');
  });

  it('fault switches: FAIL_READINESS, ERROR_RATE and EXTRA_LATENCY_MS', async () => {
    const [notReady, failing, slow, baseline] = await Promise.all([
      start({ FAIL_READINESS: '1' }),
      start({ ERROR_RATE: '1' }),
      start({ EXTRA_LATENCY_MS: '300' }),
      start(),
    ]);
    await Promise.all([notReady, failing, slow, baseline].map((c) => waitForHttp(`${c.url}/healthz`)));
    expect((await httpGet(`${notReady.url}/ready`)).status).toBe(503);
    expect((await httpGet(`${notReady.url}/healthz`)).status).toBe(200);
    const error = await httpGet(`${failing.url}/`);
    expect(error.status).toBe(500);
    expect(error.body).toContain('ERROR_RATE');
    // Median of a few requests each: the machine is shared and noisy.
    const median = async (url: string): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 3; i += 1) times.push((await httpGet(`${url}/`)).elapsedMs);
      return times.sort((a, b) => a - b)[1] ?? 0;
    };
    const [slowMs, baseMs] = [await median(slow.url), await median(baseline.url)];
    console.info(
      `[measure] EXTRA_LATENCY_MS=300: ${Math.round(slowMs)} ms vs ${Math.round(baseMs)} ms baseline`,
    );
    expect(slowMs - baseMs).toBeGreaterThanOrEqual(250);
  });

  it('STARTUP_DELAY_SECONDS delays the listener; IGNORE_SIGTERM=1 makes stop fall back to SIGKILL', async () => {
    const t0 = performance.now();
    const [slowStart, stubborn] = await Promise.all([
      start({ STARTUP_DELAY_SECONDS: '1' }),
      start({ IGNORE_SIGTERM: '1' }),
    ]);
    await waitForHttp(`${slowStart.url}/healthz`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
    await waitForHttp(`${stubborn.url}/healthz`);
    await backend.stop(stubborn.container.id, { timeoutSeconds: 1 });
    const state = await backend.inspect(stubborn.container.id);
    expect(state.exitCode).toBe(137); // killed, not drained
    expect((await backend.logs(stubborn.container.id)).stderr).toContain(
      'SIGTERM ignored (IGNORE_SIGTERM=1)',
    );
  });

  it('CRASH_ON_START=1 exits non-zero and says why in the logs', async () => {
    // No port: a container that has exited has no bound host port to report.
    const container = await backend.runContainer({ image: tag, env: { CRASH_ON_START: '1' } });
    let state = await backend.inspect(container.id);
    for (let i = 0; i < 100 && state.running; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await backend.inspect(container.id);
    }
    expect(state.running).toBe(false);
    expect(state.exitCode).toBe(1);
    await backend.stop(container.id); // stopping an exited container is not an error
    expect((await backend.logs(container.id)).stderr).toContain('CRASH_ON_START=1');
  });

  it('applies a healthcheck given at run time and reports health', async () => {
    const container = await backend.runContainer({
      image: tag,
      healthcheck: {
        test: ['CMD', '/bin/wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8000/healthz'],
        intervalMs: 300,
        retries: 2,
      },
    });
    let health: string | undefined;
    for (let i = 0; i < 60 && health !== 'healthy'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await backend.inspect(container.id)).health;
    }
    expect(health).toBe('healthy');
    await backend.kill(container.id);
    expect((await backend.inspect(container.id)).running).toBe(false);
    await backend.remove(container.id);
    await expect(backend.inspect(container.id)).rejects.toMatchObject({ reason: 'not-found' });
  });

  it('fails a broken build with the daemon message from inside the stream', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'deploy-lab-broken-'));
    try {
      await writeFile(
        path.join(dir, 'Dockerfile'),
        'FROM scratch\nCOPY hello.txt /hello.txt\nRUN ["/bin/does-not-exist"]\n',
      );
      await writeFile(path.join(dir, 'hello.txt'), 'hi\n');
      const seen: TimedBuildEvent[] = [];
      const error = await backend
        .buildImage(dir, { tag: `deploy-lab-test/broken:${runId}`, onProgress: (e) => seen.push(e) })
        .catch((err: unknown) => err);
      expect(error).toBeInstanceOf(DockerBackendError);
      expect((error as DockerBackendError).reason).toBe('build-failed');
      expect((error as Error).message).toMatch(
        /build of deploy-lab-test\/broken:.* failed: .*does-not-exist/,
      );
      expect(seen.some((e) => e.type === 'error')).toBe(true);
      // The COPY layer committed before the failing step is untagged and unlabelled: it must be gone.
      const layers = seen.flatMap((e) => (e.type === 'layer' ? [e.layerId] : []));
      expect(layers.length).toBeGreaterThan(0);
      for (const layer of layers) {
        await expect(new Docker().getImage(layer).inspect()).rejects.toMatchObject({ statusCode: 404 });
      }
      // A Dockerfile the daemon cannot parse fails too, with its own words.
      await writeFile(path.join(dir, 'Dockerfile'), 'FROMM scratch\n');
      await expect(backend.buildImage(dir, { tag: `deploy-lab-test/broken:${runId}` })).rejects.toThrow(
        /unknown instruction: FROMM/i,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('crash safety: a SIGKILLed run leaves labelled containers that sweep removes, and nothing else', async () => {
    // Bundle the child next to node_modules so its bare imports (dockerode) resolve.
    const outDir = path.join(repoRoot, 'node_modules', '.cache', 'deploy-lab-tests');
    await mkdir(outDir, { recursive: true });
    const childFile = path.join(outDir, `docker-crash-child-${runId}.mjs`);
    await build({
      entryPoints: [path.join(repoRoot, 'testing', 'docker-crash-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: childFile,
      logLevel: 'silent',
    });
    const crashedRun = `${runId}-crashed`;
    const child = spawn(process.execPath, [childFile, crashedRun, tag, '3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ids = await new Promise<string[]>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /READY (\S+)/.exec(out);
        if (match) resolve((match[1] ?? '').split(','));
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => reject(new Error(`child exited ${code} before READY: ${err}`)));
    });
    expect(ids).toHaveLength(3);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(childFile, { force: true });

    const live = await backend.runContainer({ image: tag });
    const leftovers = await backend.listLabelled({ runId: crashedRun });
    expect(
      leftovers.containers
        .filter((c) => c.state === 'running')
        .map((c) => c.id)
        .sort(),
    ).toEqual([...ids].sort());

    // What a new run would remove: the crashed run's containers, never its own.
    const preview = await backend.sweep({ exceptRun: runId, dryRun: true });
    expect(preview.containers.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
    expect(preview.containers.map((c) => c.id)).not.toContain(live.id);
    expect(await backend.listLabelled({ runId: crashedRun })).toMatchObject({
      containers: expect.any(Array),
    });
    expect((await backend.listLabelled({ runId: crashedRun })).containers).toHaveLength(3);

    // Scoped to the crashed run so parallel test files' containers are never touched.
    const report = await backend.sweep({ onlyRun: crashedRun, exceptRun: runId });
    expect(report.failures).toEqual([]);
    expect(report.containers.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect((await backend.listLabelled({ runId: crashedRun })).containers).toEqual([]);
    expect((await backend.inspect(live.id)).running).toBe(true);
  }, 60_000);
});
