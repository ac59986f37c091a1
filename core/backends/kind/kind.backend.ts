/**
 * The kind backend: the kind CLI through execa (argument arrays, never a shell) for cluster
 * lifecycle and image loading, dockerode for node faults.
 *
 * Habits taken from Podman Desktop's kind extension: an app-owned kubeconfig per cluster
 * (`--kubeconfig <stateDir>/kind-<name>.kubeconfig`, never the user's ~/.kube/config), and clusters
 * looked up before create so an existing lab cluster is reused instead of failing on its name.
 */
import { access, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import type { BackendClock } from '../docker/backend.clock';
import { type KindConfigName, kindConfigPath, loadKindConfig } from './kind-config.loader';
import { type KindNodeFaults, createKindNodeFaults } from './kind-node.faults';
import {
  type KindProgressEvent,
  type KindVersion,
  kindErrorSummary,
  parseClusterList,
  parseKindProgressLine,
  parseKindVersion,
} from './kind-output.parser';
import { KindBackendError } from './kind.errors';
import { assertDns1123Label, assertImageRef, assertLabClusterName, isLabClusterName } from './kind.names';

export type TimedKindEvent = KindProgressEvent & { at: number };

export interface KindBackendDeps {
  clock: BackendClock;
  /** Where the lab keeps its own files; kubeconfigs go here. */
  stateDir: string;
  /** lab-clusters/kind. */
  clusterConfigDir: string;
  /** Docker client for node faults. */
  docker: Docker;
  /** The kind executable: "kind" on PATH, or an absolute path (tests point it at testing/fake-kind). */
  kindBinary?: string;
  /** Extra environment for kind (e.g. KIND_EXPERIMENTAL_PROVIDER); merged over process.env. */
  env?: Record<string, string>;
  /** Docker network of the nodes, for disconnect faults. */
  networkName?: string;
  /** Deadlines: quick commands (version, get clusters) and long ones (create, load, delete). */
  quickTimeoutMs?: number;
  createTimeoutMs?: number;
}

export interface CreateClusterOptions {
  name: string;
  config: KindConfigName;
  /** e.g. kindest/node:v1.32.2@sha256:...; omitted means kind's default for its version. */
  nodeImage?: string;
  /** kind's --wait for the control plane to be Ready. Default 120 s. */
  waitSeconds?: number;
  /** Keep node containers when create fails (kind deletes them otherwise): for debugging. */
  retainOnFailure?: boolean;
  onProgress?: (event: TimedKindEvent) => void;
  signal?: AbortSignal;
}

export interface CreatedCluster {
  name: string;
  kubeconfigPath: string;
  /** True when a lab cluster of that name already existed and was reused. */
  reused: boolean;
  durationMs: number;
  events: TimedKindEvent[];
}

export interface KindBackend extends KindNodeFaults {
  /** `kind version`, parsed. Throws kind-missing with install instructions when kind is not found. */
  detect(): Promise<KindVersion>;
  listClusters(): Promise<string[]>;
  /** The lab's own clusters only (name starts with "deploy-lab"). */
  listLabClusters(): Promise<string[]>;
  kubeconfigPath(name: string): string;
  createCluster(options: CreateClusterOptions): Promise<CreatedCluster>;
  loadImages(
    name: string,
    images: string[],
    options?: { onProgress?: (event: TimedKindEvent) => void },
  ): Promise<{ durationMs: number }>;
  /** Deletes a lab cluster and its kubeconfig. Refuses clusters the lab did not name. */
  deleteCluster(name: string): Promise<{ existed: boolean }>;
}

interface KindRun {
  stdout: string;
  stderr: string;
}

export function createKindBackend(deps: KindBackendDeps): KindBackend {
  const { clock } = deps;
  const kindBinary = deps.kindBinary ?? 'kind';
  const quickTimeoutMs = deps.quickTimeoutMs ?? 15_000;
  const createTimeoutMs = deps.createTimeoutMs ?? 600_000;
  const faults = createKindNodeFaults(
    deps.networkName ? { docker: deps.docker, networkName: deps.networkName } : { docker: deps.docker },
  );

  async function runKind(
    args: string[],
    options: { timeoutMs: number; onStderrLine?: (line: string) => void; signal?: AbortSignal },
  ): Promise<KindRun> {
    const subprocess = execa(kindBinary, args, {
      reject: false,
      stdin: 'ignore',
      timeout: options.timeoutMs,
      ...(options.signal ? { cancelSignal: options.signal } : {}),
      ...(deps.env ? { env: deps.env } : {}),
      // kind prints its progress with emoji; keep the bytes as UTF-8 whatever the host locale is.
      encoding: 'utf8',
    });
    if (options.onStderrLine) {
      let pending = '';
      const onLine = options.onStderrLine;
      subprocess.stderr?.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      subprocess.stderr?.on('end', () => {
        if (pending) onLine(pending);
      });
    }
    const result = await subprocess;
    const command = `kind ${args.join(' ')}`;
    if ((result as { code?: string }).code === 'ENOENT') {
      throw new KindBackendError(
        'kind-missing',
        'unavailable',
        `kind is not installed (looked for "${kindBinary}"): install it from https://kind.sigs.k8s.io/docs/user/quick-start/#installation (e.g. \`go install sigs.k8s.io/kind@latest\`)`,
        { kindBinary },
      );
    }
    if (result.timedOut) {
      throw new KindBackendError(
        'timeout',
        'unavailable',
        `${command} did not finish within ${options.timeoutMs} ms`,
        {
          command,
          stderr: String(result.stderr).slice(-2000),
        },
      );
    }
    if (result.isCanceled) {
      throw new KindBackendError('command-failed', 'internal', `${command} was cancelled`, { command });
    }
    if (result.exitCode !== 0) {
      const stderr = String(result.stderr);
      throw new KindBackendError(
        'command-failed',
        'internal',
        `${command} failed: ${kindErrorSummary(stderr)}`,
        {
          command,
          exitCode: result.exitCode,
          stderr: stderr.slice(-4000),
        },
      );
    }
    return { stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  function kubeconfigPath(name: string): string {
    assertDns1123Label(name, 'cluster name');
    return path.join(deps.stateDir, `kind-${name}.kubeconfig`);
  }

  async function detect(): Promise<KindVersion> {
    const { stdout } = await runKind(['version'], { timeoutMs: quickTimeoutMs });
    const version = parseKindVersion(stdout);
    if (!version) {
      throw new KindBackendError(
        'command-failed',
        'internal',
        `could not read the kind version from ${JSON.stringify(stdout.trim())}`,
      );
    }
    return version;
  }

  async function listClusters(): Promise<string[]> {
    const { stdout } = await runKind(['get', 'clusters'], { timeoutMs: quickTimeoutMs });
    return parseClusterList(stdout);
  }

  async function createCluster(options: CreateClusterOptions): Promise<CreatedCluster> {
    assertLabClusterName(options.name);
    if (options.nodeImage !== undefined) assertImageRef(options.nodeImage);
    const configFile = kindConfigPath(deps.clusterConfigDir, options.config);
    await loadKindConfig(configFile); // fails with file and field before kind runs
    const kubeconfig = kubeconfigPath(options.name);
    await mkdir(deps.stateDir, { recursive: true });
    const started = clock.now();
    const events: TimedKindEvent[] = [];
    const emit = (event: KindProgressEvent): void => {
      const timed = { ...event, at: clock.now() };
      events.push(timed);
      try {
        options.onProgress?.(timed);
      } catch {
        // A faulty listener must not break cluster creation.
      }
    };

    if ((await listClusters()).includes(options.name)) {
      // kind refuses an existing name; the lab's answer is to reuse its own cluster. The kubeconfig
      // may have been deleted since, so export it again into the app-owned file.
      await runKind(['export', 'kubeconfig', '--name', options.name, '--kubeconfig', kubeconfig], {
        timeoutMs: quickTimeoutMs,
      });
      emit({ type: 'log', line: `reusing existing cluster ${options.name}` });
      return {
        name: options.name,
        kubeconfigPath: kubeconfig,
        reused: true,
        durationMs: clock.now() - started,
        events,
      };
    }

    const args = [
      'create',
      'cluster',
      '--name',
      options.name,
      '--config',
      configFile,
      '--kubeconfig',
      kubeconfig,
      '--wait',
      `${options.waitSeconds ?? 120}s`,
      ...(options.nodeImage ? ['--image', options.nodeImage] : []),
      ...(options.retainOnFailure ? ['--retain'] : []),
    ];
    await runKind(args, {
      timeoutMs: createTimeoutMs,
      onStderrLine: (line) => {
        const event = parseKindProgressLine(line);
        if (event) emit(event);
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      name: options.name,
      kubeconfigPath: kubeconfig,
      reused: false,
      durationMs: clock.now() - started,
      events,
    };
  }

  async function loadImages(
    name: string,
    images: string[],
    options?: { onProgress?: (event: TimedKindEvent) => void },
  ): Promise<{ durationMs: number }> {
    assertDns1123Label(name, 'cluster name');
    if (images.length === 0) return { durationMs: 0 };
    images.forEach(assertImageRef);
    const started = clock.now();
    // One kind invocation for all images: kind saves them into one archive and imports it once per
    // node, which is the slow part (tens of seconds per image otherwise).
    await runKind(['load', 'docker-image', ...images, '--name', name], {
      timeoutMs: createTimeoutMs,
      onStderrLine: (line) => {
        const trimmed = line.trim();
        if (trimmed) options?.onProgress?.({ type: 'log', line: trimmed, at: clock.now() });
      },
    });
    return { durationMs: clock.now() - started };
  }

  async function deleteCluster(name: string): Promise<{ existed: boolean }> {
    assertLabClusterName(name);
    const existed = (await listClusters()).includes(name);
    const kubeconfig = kubeconfigPath(name);
    if (existed) {
      // --kubeconfig: kind removes the cluster's entry from the lab's file, never from ~/.kube/config.
      await runKind(['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig], {
        timeoutMs: createTimeoutMs,
      });
    }
    if (
      await access(kubeconfig).then(
        () => true,
        () => false,
      )
    ) {
      await rm(kubeconfig, { force: true });
    }
    return { existed };
  }

  return {
    detect,
    listClusters,
    listLabClusters: async () => (await listClusters()).filter(isLabClusterName),
    kubeconfigPath,
    createCluster,
    loadImages,
    deleteCluster,
    ...faults,
  };
}
