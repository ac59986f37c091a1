/**
 * The Docker backend on dockerode: engine check, image builds with streamed progress, containers
 * bound to 127.0.0.1, and a label-based sweep of what a crashed run left behind.
 *
 * Every container and image created here carries dev.deploy-lab.managed=true and
 * dev.deploy-lab.run=<runId>. The run id and the clock are injected; the instance keeps no state
 * outside its closure, so two runs (or two tests) can hold two backends side by side.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import type { BackendClock } from './backend.clock';
import { createBuildProgressParser, demuxDockerLogs } from './build-progress.parser';
import { DockerBackendError, translateDockerError } from './docker.errors';
import type {
  BuildImageOptions,
  BuildImageResult,
  ContainerState,
  DockerBackend,
  DockerEngineInfo,
  LabelledContainer,
  LabelledImage,
  LabelledResources,
  RunContainerSpec,
  RunningContainer,
  SweepOptions,
  SweepReport,
  TimedBuildEvent,
} from './docker.types';
import { LABEL_MANAGED, LABEL_RESOURCE, LABEL_RUN, assertRunId, labLabels } from './lab.labels';

export const DEFAULT_SOCKET_PATH = '/var/run/docker.sock';

export interface DockerBackendDeps {
  runId: string;
  clock: BackendClock;
  /** Unix socket of the engine. Ignored when `docker` is given. */
  socketPath?: string;
  /** A preconfigured client (e.g. for a TCP engine); mostly for tests. */
  docker?: Docker;
  /** Deadline for single API calls (inspect, stop, list...). Default 15 s. */
  callTimeoutMs?: number;
  /** Deadline for ping. Default 3 s: a doctor check must answer quickly. */
  pingTimeoutMs?: number;
}

const DEFAULT_BUILD_TIMEOUT_MS = 300_000;
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const IMAGE_REF = /^[a-z0-9][a-z0-9._/:@-]{0,254}$/;
const NS_PER_MS = 1_000_000;

type WithSignal<T> = (this: Docker, opts: { abortSignal: AbortSignal }) => Promise<T>;

function assertPort(value: number, what: string, allowZero: boolean): void {
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(value) || value < min || value > 65535) {
    throw new DockerBackendError(
      'invalid-input',
      'invalid-request',
      `${what} must be an integer ${min}..65535, got ${value}`,
    );
  }
}

export function createDockerBackend(deps: DockerBackendDeps): DockerBackend {
  assertRunId(deps.runId);
  const { runId, clock } = deps;
  const socketPath = deps.socketPath ?? DEFAULT_SOCKET_PATH;
  const docker = deps.docker ?? new Docker({ socketPath });
  const callTimeoutMs = deps.callTimeoutMs ?? 15_000;
  const pingTimeoutMs = deps.pingTimeoutMs ?? 3_000;

  /** Races a daemon call against a deadline and translates its failure into one clear sentence. */
  async function call<T>(
    action: string,
    work: (signal: AbortSignal) => Promise<T>,
    timeoutMs = callTimeoutMs,
  ): Promise<T> {
    let cancel: () => void = () => undefined;
    // Aborting the request too (where dockerode takes a signal) so a hung daemon does not keep an
    // open request, and with it a CLI process, alive after the deadline.
    const controller = new AbortController();
    const deadline = new Promise<never>((_, reject) => {
      cancel = clock.setTimer(() => {
        controller.abort();
        reject(
          new DockerBackendError(
            'timeout',
            'unavailable',
            `${action}: Docker engine at ${socketPath} did not answer within ${timeoutMs} ms`,
            { socketPath, timeoutMs },
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([work(controller.signal), deadline]);
    } catch (err) {
      throw translateDockerError(err, socketPath, action);
    } finally {
      cancel();
    }
  }

  async function ping(options?: { timeoutMs?: number }): Promise<DockerEngineInfo> {
    const timeoutMs = options?.timeoutMs ?? pingTimeoutMs;
    const started = clock.now();
    // dockerode's ping and version take { abortSignal } at run time; their type declarations omit it.
    const ping = docker.ping as unknown as WithSignal<unknown>;
    const versionOf = docker.version as unknown as WithSignal<Docker.DockerVersion>;
    await call('ping', (signal) => ping.call(docker, { abortSignal: signal }), timeoutMs);
    const pingMs = clock.now() - started;
    const version = await call(
      'version',
      (signal) => versionOf.call(docker, { abortSignal: signal }),
      timeoutMs,
    );
    return {
      serverVersion: version.Version,
      apiVersion: version.ApiVersion,
      os: version.Os,
      arch: version.Arch,
      pingMs,
    };
  }

  async function buildImage(contextDir: string, options: BuildImageOptions): Promise<BuildImageResult> {
    if (!IMAGE_REF.test(options.tag)) {
      throw new DockerBackendError(
        'invalid-input',
        'invalid-request',
        `image tag ${JSON.stringify(options.tag)} is not a valid reference`,
      );
    }
    const dockerfile = options.dockerfile ?? 'Dockerfile';
    const contextStat = await stat(contextDir).catch(() => undefined);
    if (!contextStat?.isDirectory()) {
      throw new DockerBackendError(
        'invalid-input',
        'invalid-request',
        `build context ${contextDir} is not a directory`,
      );
    }
    const dockerfileStat = await stat(path.join(contextDir, dockerfile)).catch(() => undefined);
    if (!dockerfileStat?.isFile()) {
      throw new DockerBackendError(
        'invalid-input',
        'invalid-request',
        `no ${dockerfile} in build context ${contextDir}`,
      );
    }
    // tar-fs (inside dockerode) walks directories listed here, so the top-level entries suffice.
    const entries = await readdir(contextDir);
    const timeoutMs = options.timeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS;
    const started = clock.now();
    const events: TimedBuildEvent[] = [];
    const parser = createBuildProgressParser();

    const stream = (await call(
      `build ${options.tag}`,
      (signal) =>
        docker.buildImage(
          { context: contextDir, src: entries },
          {
            t: options.tag,
            dockerfile,
            buildargs: options.buildArgs ?? {},
            labels: { ...options.labels, ...labLabels(runId, 'image') },
            nocache: options.noCache ?? false,
            // Remove intermediate containers even when a step fails: nothing unlabelled is left running.
            rm: true,
            forcerm: true,
            abortSignal: signal,
          },
        ) as Promise<Readable>,
      timeoutMs,
    ).catch((err: unknown) => {
      // Dockerfile parse errors come back as HTTP 500 before any stream exists.
      if (err instanceof DockerBackendError && err.reason === 'daemon-error') {
        throw new DockerBackendError(
          'build-failed',
          'internal',
          `build of ${options.tag} failed: ${err.message.replace(/^build [^:]+: /, '')}`,
          err.details,
        );
      }
      throw err;
    })) as Readable;

    return await new Promise<BuildImageResult>((resolve, reject) => {
      let settled = false;
      let failure: { message: string; code?: number } | undefined;
      let imageId = '';

      const cancel = clock.setTimer(
        () => {
          finish(
            new DockerBackendError(
              'timeout',
              'unavailable',
              `build of ${options.tag} did not finish within ${timeoutMs} ms`,
              {
                timeoutMs,
                lastEvents: events.slice(-5),
              },
            ),
          );
          stream.destroy();
        },
        Math.max(1, timeoutMs - (clock.now() - started)),
      );

      function finish(error?: Error): void {
        if (settled) return;
        settled = true;
        cancel();
        if (error) {
          reject(error);
          return;
        }
        resolve({
          tag: options.tag,
          imageId,
          durationMs: clock.now() - started,
          steps: events.filter((e) => e.type === 'step').length,
          cacheHits: events.filter((e) => e.type === 'cache-hit').length,
          events,
        });
      }

      function handle(batch: ReturnType<typeof parser.pushChunk>): void {
        for (const raw of batch) {
          const event: TimedBuildEvent = { ...raw, at: clock.now() };
          events.push(event);
          if (event.type === 'error' && !failure) {
            failure =
              event.code === undefined
                ? { message: event.message }
                : { message: event.message, code: event.code };
          }
          if (event.type === 'built' && (imageId === '' || event.imageId.startsWith('sha256:'))) {
            imageId = event.imageId;
          }
          try {
            options.onProgress?.(event);
          } catch {
            // A faulty progress listener must not break the build it observes.
          }
        }
      }

      stream.on('data', (chunk: Buffer | string) => handle(parser.pushChunk(chunk.toString())));
      stream.on('error', (err: unknown) =>
        finish(translateDockerError(err, socketPath, `build ${options.tag}`)),
      );
      stream.on('end', () => {
        handle(parser.end());
        if (failure) {
          const error = new DockerBackendError(
            'build-failed',
            'internal',
            `build of ${options.tag} failed: ${failure.message}`,
            {
              daemonMessage: failure.message,
              code: failure.code,
              step: [...events].reverse().find((e) => e.type === 'step'),
            },
          );
          // Clean up before rejecting, so a caller that checks the engine right after sees it clean.
          const cleanup = options.keepFailedLayers ? Promise.resolve() : removeFailedLayers(events);
          void cleanup.finally(() => finish(error));
          return;
        }
        finish();
      });
    });
  }

  /** Layers committed by this (failed) build, i.e. from steps that were not cache hits. */
  async function removeFailedLayers(events: TimedBuildEvent[]): Promise<void> {
    const cached = new Set(
      events.filter((e) => e.type === 'cache-hit').map((e) => (e.type === 'cache-hit' ? e.step : -1)),
    );
    const created = events.flatMap((e) => (e.type === 'layer' && !cached.has(e.step) ? [e.layerId] : []));
    // Newest first: each layer is the parent of the next one.
    for (const layer of created.reverse()) {
      await docker
        .getImage(layer)
        .remove({ noprune: false })
        .catch(() => undefined); // best effort: a layer another image uses stays, which is right
    }
  }

  async function runContainer(spec: RunContainerSpec): Promise<RunningContainer> {
    if (spec.name !== undefined && !CONTAINER_NAME.test(spec.name)) {
      throw new DockerBackendError(
        'invalid-input',
        'invalid-request',
        `container name ${JSON.stringify(spec.name)} must match ${CONTAINER_NAME.source}`,
      );
    }
    const exposed: Record<string, object> = {};
    const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
    for (const port of spec.ports ?? []) {
      assertPort(port.container, 'container port', false);
      assertPort(port.host ?? 0, 'host port', true);
      const key = `${port.container}/tcp`;
      exposed[key] = {};
      // 127.0.0.1 only: a lab app with fault switches must never be reachable from the network.
      bindings[key] = [{ HostIp: '127.0.0.1', HostPort: port.host ? String(port.host) : '' }];
    }
    const hc = spec.healthcheck;
    const created = await call(`create container from ${spec.image}`, () =>
      docker.createContainer({
        Image: spec.image,
        ...(spec.name ? { name: spec.name } : {}),
        ...(spec.cmd ? { Cmd: spec.cmd } : {}),
        Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
        Labels: { ...spec.labels, ...labLabels(runId, 'container') },
        ExposedPorts: exposed,
        ...(hc
          ? {
              Healthcheck: {
                Test: hc.test,
                Interval: (hc.intervalMs ?? 5000) * NS_PER_MS,
                Timeout: (hc.timeoutMs ?? 2000) * NS_PER_MS,
                Retries: hc.retries ?? 3,
                StartPeriod: (hc.startPeriodMs ?? 0) * NS_PER_MS,
              },
            }
          : {}),
        HostConfig: {
          PortBindings: bindings,
          RestartPolicy: {
            Name: spec.restartPolicy ?? 'no',
            ...(spec.restartPolicy === 'on-failure' && spec.maxRetries !== undefined
              ? { MaximumRetryCount: spec.maxRetries }
              : {}),
          },
        },
      }),
    );
    try {
      await call(`start container ${created.id.slice(0, 12)}`, () => created.start());
    } catch (err) {
      // A container that never started is removed at once rather than left for the sweep.
      await created.remove({ force: true }).catch(() => undefined);
      throw err;
    }
    const info = await call(`inspect container ${created.id.slice(0, 12)}`, () => created.inspect());
    const ports = (spec.ports ?? []).map((port) => {
      const bound = info.NetworkSettings.Ports?.[`${port.container}/tcp`]?.[0]?.HostPort;
      return {
        container: port.container,
        host: bound ? Number(bound) : (port.host ?? 0),
        hostIp: '127.0.0.1' as const,
      };
    });
    return { id: created.id, name: info.Name.replace(/^\//, ''), ports };
  }

  async function stop(id: string, options?: { timeoutSeconds?: number }): Promise<void> {
    const t = options?.timeoutSeconds ?? 10;
    try {
      await call(`stop ${id}`, () => docker.getContainer(id).stop({ t }), callTimeoutMs + t * 1000);
    } catch (err) {
      // 304: already stopped. Stopping is idempotent for the engine.
      if (
        err instanceof DockerBackendError &&
        (err.details as { status?: number } | undefined)?.status === 304
      )
        return;
      throw err;
    }
  }

  async function kill(id: string, signal = 'SIGKILL'): Promise<void> {
    if (!/^SIG[A-Z0-9]+$/.test(signal)) {
      throw new DockerBackendError(
        'invalid-input',
        'invalid-request',
        `signal ${JSON.stringify(signal)} is not a signal name`,
      );
    }
    await call(`kill ${id}`, () => docker.getContainer(id).kill({ signal }));
  }

  async function remove(id: string, options?: { force?: boolean }): Promise<void> {
    try {
      await call(`remove ${id}`, () =>
        docker.getContainer(id).remove({ force: options?.force ?? true, v: true }),
      );
    } catch (err) {
      if (err instanceof DockerBackendError && err.reason === 'not-found') return;
      throw err;
    }
  }

  async function removeImage(ref: string, options?: { force?: boolean }): Promise<void> {
    try {
      await call(`remove image ${ref}`, () =>
        docker.getImage(ref).remove({ force: options?.force ?? false }),
      );
    } catch (err) {
      if (err instanceof DockerBackendError && err.reason === 'not-found') return;
      throw err;
    }
  }

  async function hasImage(ref: string): Promise<boolean> {
    try {
      await call(`inspect image ${ref}`, () => docker.getImage(ref).inspect());
      return true;
    } catch (err) {
      if (err instanceof DockerBackendError && err.reason === 'not-found') return false;
      throw err;
    }
  }

  async function logs(id: string, options?: { tail?: number }): Promise<{ stdout: string; stderr: string }> {
    const raw = await call(`logs ${id}`, () =>
      docker.getContainer(id).logs({
        stdout: true,
        stderr: true,
        follow: false,
        ...(options?.tail ? { tail: options.tail } : {}),
      }),
    );
    return demuxDockerLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
  }

  async function inspect(id: string): Promise<ContainerState> {
    const info = await call(`inspect ${id}`, () => docker.getContainer(id).inspect());
    const ports: Array<{ container: number; host: number }> = [];
    for (const [key, bound] of Object.entries(info.NetworkSettings.Ports ?? {})) {
      const hostPort = bound?.[0]?.HostPort;
      if (hostPort) ports.push({ container: Number(key.split('/')[0]), host: Number(hostPort) });
    }
    const health = (info.State as { Health?: { Status?: string } }).Health?.Status;
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      image: info.Config.Image,
      status: info.State.Status,
      running: info.State.Running,
      paused: info.State.Paused,
      exitCode: info.State.ExitCode,
      oomKilled: info.State.OOMKilled,
      ...(health ? { health } : {}),
      restartCount: info.RestartCount,
      ...(info.State.StartedAt ? { startedAt: info.State.StartedAt } : {}),
      ...(info.State.FinishedAt ? { finishedAt: info.State.FinishedAt } : {}),
      labels: info.Config.Labels ?? {},
      ports,
    };
  }

  async function listLabelled(options?: { runId?: string }): Promise<LabelledResources> {
    const label = (resource: string): string[] => [
      `${LABEL_MANAGED}=true`,
      `${LABEL_RESOURCE}=${resource}`,
      ...(options?.runId ? [`${LABEL_RUN}=${options.runId}`] : []),
    ];
    const [containers, images] = await Promise.all([
      call('list containers', () =>
        docker.listContainers({ all: true, filters: { label: label('container') } }),
      ),
      call('list images', () => docker.listImages({ filters: { label: label('image') } })),
    ]);
    return {
      containers: containers.map((c): LabelledContainer => ({
        id: c.Id,
        name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
        image: c.Image,
        state: c.State,
        runId: c.Labels[LABEL_RUN] ?? '',
      })),
      images: images.map((i): LabelledImage => ({
        id: i.Id,
        tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        runId: i.Labels?.[LABEL_RUN] ?? '',
      })),
    };
  }

  async function sweep(options: SweepOptions = {}): Promise<SweepReport> {
    const dryRun = options.dryRun ?? false;
    const found = await listLabelled(options.onlyRun ? { runId: options.onlyRun } : undefined);
    const keep = (resourceRun: string): boolean =>
      options.exceptRun !== undefined && resourceRun === options.exceptRun;
    const containers = found.containers.filter((c) => !keep(c.runId));
    const images = options.includeImages ? found.images.filter((i) => !keep(i.runId)) : [];
    const failures: SweepReport['failures'] = [];
    if (!dryRun) {
      for (const c of containers) {
        await remove(c.id, { force: true }).catch((err: unknown) =>
          failures.push({
            id: c.id,
            kind: 'container',
            message: err instanceof Error ? err.message : String(err),
          }),
        );
      }
      // Containers first: an image still used by a container cannot be removed without force.
      for (const image of images) {
        // Removing by tag (not id) so an image tagged twice does not need force.
        const refs = image.tags.length > 0 ? image.tags : [image.id];
        for (const ref of refs) {
          await removeImage(ref).catch((err: unknown) =>
            failures.push({
              id: image.id,
              kind: 'image',
              message: err instanceof Error ? err.message : String(err),
            }),
          );
        }
      }
    }
    return { dryRun, containers, images, failures };
  }

  return {
    runId,
    socketPath,
    ping,
    buildImage,
    runContainer,
    stop,
    kill,
    remove,
    removeImage,
    hasImage,
    logs,
    inspect,
    listLabelled,
    sweep,
  };
}

/** Convenience for callers that only want a yes/no with the reason (doctor, CLI). */
export function isDaemonUnreachable(err: unknown): boolean {
  return (
    err instanceof DockerBackendError && (err.reason === 'daemon-unreachable' || err.reason === 'timeout')
  );
}
