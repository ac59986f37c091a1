/** The Docker port the engine depends on. The dockerode implementation is in docker.backend.ts. */
import type { BuildProgressEvent } from './build-progress.parser';

export interface DockerEngineInfo {
  serverVersion: string;
  apiVersion: string;
  os: string;
  arch: string;
  /** Round trip of the ping, in ms of the injected clock. */
  pingMs: number;
}

export type TimedBuildEvent = BuildProgressEvent & { at: number };

export interface BuildImageOptions {
  tag: string;
  buildArgs?: Record<string, string>;
  /** Extra image labels; the lab labels (managed, run) are always added and cannot be overridden. */
  labels?: Record<string, string>;
  dockerfile?: string;
  noCache?: boolean;
  onProgress?: (event: TimedBuildEvent) => void;
  /**
   * Keep the layers a failed build committed before its failing step. Off by default: they are
   * untagged and unlabelled, so nothing (not even the sweep) could find them again.
   */
  keepFailedLayers?: boolean;
  /** The whole build, upload to last event. buildImage can hang on a wedged daemon. Default 300 s. */
  timeoutMs?: number;
}

export interface BuildImageResult {
  tag: string;
  imageId: string;
  durationMs: number;
  steps: number;
  cacheHits: number;
  events: TimedBuildEvent[];
}

export interface PortMapping {
  container: number;
  /** Host port on 127.0.0.1; omitted or 0 means Docker picks a free one. */
  host?: number;
}

export type RestartPolicy = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface HealthcheckSpec {
  /** Exec form, e.g. ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8000/healthz']. */
  test: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
}

export interface RunContainerSpec {
  image: string;
  name?: string;
  env?: Record<string, string>;
  ports?: PortMapping[];
  restartPolicy?: RestartPolicy;
  /** Only for 'on-failure'. */
  maxRetries?: number;
  healthcheck?: HealthcheckSpec;
  /** Extra container labels; the lab labels always win. */
  labels?: Record<string, string>;
  cmd?: string[];
}

export interface RunningContainer {
  id: string;
  name: string;
  /** Resolved host ports, all bound on 127.0.0.1. */
  ports: Array<{ container: number; host: number; hostIp: '127.0.0.1' }>;
}

export interface ContainerState {
  id: string;
  name: string;
  image: string;
  status: string; // created | running | paused | restarting | removing | exited | dead
  running: boolean;
  paused: boolean;
  exitCode: number;
  oomKilled: boolean;
  health?: string; // starting | healthy | unhealthy
  restartCount: number;
  startedAt?: string;
  finishedAt?: string;
  labels: Record<string, string>;
  ports: Array<{ container: number; host: number }>;
}

export interface LabelledContainer {
  id: string;
  name: string;
  image: string;
  state: string;
  runId: string;
}

export interface LabelledImage {
  id: string;
  tags: string[];
  runId: string;
}

export interface LabelledResources {
  containers: LabelledContainer[];
  images: LabelledImage[];
}

export interface SweepOptions {
  /** The live run: its resources are never touched. */
  exceptRun?: string;
  /** Limit the sweep to one run (e.g. a run known to have crashed). */
  onlyRun?: string;
  /** Report what would be removed, remove nothing. */
  dryRun?: boolean;
  /**
   * Also remove lab-built images. Off by default: images are a cache (`deploy-lab prepare` builds
   * them for offline use), while containers of a dead run are the real leftovers.
   */
  includeImages?: boolean;
}

export interface SweepReport {
  dryRun: boolean;
  containers: LabelledContainer[];
  images: LabelledImage[];
  /** Resources that could not be removed, with the daemon's reason. */
  failures: Array<{ id: string; kind: 'container' | 'image'; message: string }>;
}

export interface DockerBackend {
  readonly runId: string;
  readonly socketPath: string;
  ping(options?: { timeoutMs?: number }): Promise<DockerEngineInfo>;
  buildImage(contextDir: string, options: BuildImageOptions): Promise<BuildImageResult>;
  runContainer(spec: RunContainerSpec): Promise<RunningContainer>;
  /** SIGTERM, then SIGKILL after timeoutSeconds (Docker's default 10). */
  stop(id: string, options?: { timeoutSeconds?: number }): Promise<void>;
  kill(id: string, signal?: string): Promise<void>;
  remove(id: string, options?: { force?: boolean }): Promise<void>;
  removeImage(ref: string, options?: { force?: boolean }): Promise<void>;
  /** Whether an image (any origin, labelled or not) is present locally, e.g. kindest/node:v1.32.2. */
  hasImage(ref: string): Promise<boolean>;
  logs(id: string, options?: { tail?: number }): Promise<{ stdout: string; stderr: string }>;
  inspect(id: string): Promise<ContainerState>;
  /** Resources carrying dev.deploy-lab.managed=true, optionally only one run's. */
  listLabelled(options?: { runId?: string }): Promise<LabelledResources>;
  sweep(options?: SweepOptions): Promise<SweepReport>;
}
