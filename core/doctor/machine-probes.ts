/** The real probes behind doctor: dockerode for the engine, execa (argument arrays, no shell) for CLIs. */
import Docker from 'dockerode';
import { execa } from 'execa';
import type { DoctorProbes, OfflineImage, ProbeResult } from './doctor';
import { createDockerBackend } from '../backends/docker/docker.backend';
import { systemClock } from '../backends/docker/backend.clock';
import { checkOfflineNeeds } from '../backends/kind/offline-needs';

const PROBE_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function probeDocker(): Promise<ProbeResult> {
  const docker = new Docker();
  try {
    await withTimeout(docker.ping(), PROBE_TIMEOUT_MS, 'Docker engine');
    const version = await withTimeout(docker.version(), PROBE_TIMEOUT_MS, 'Docker engine');
    return { found: true, version: version.Version };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      return { found: false, error: `Docker engine is not reachable at /var/run/docker.sock (${code})` };
    }
    return { found: true, error: (err as Error).message };
  }
}

async function probeCli(command: string, args: string[], parse: (stdout: string) => string | undefined) {
  try {
    const result = await execa(command, args, { timeout: PROBE_TIMEOUT_MS * 2, reject: false });
    if (result.failed && (result as { code?: string }).code === 'ENOENT') return { found: false };
    if (result.exitCode !== 0) {
      return {
        found: true,
        error: `${command} exited ${result.exitCode}: ${result.stderr.split('\n')[0] ?? ''}`,
      };
    }
    const version = parse(result.stdout);
    return version ? { found: true, version } : { found: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { found: false };
    return { found: true, error: (err as Error).message };
  }
}

async function offlineImages(): Promise<OfflineImage[]> {
  const docker = createDockerBackend({ runId: 'doctor', clock: systemClock() });
  const needs = await checkOfflineNeeds({ docker });
  return needs.flatMap((need) => (need.id === 'kind-binary' ? [] : [{ ...need, id: need.id }]));
}

export function machineProbes(): DoctorProbes {
  return {
    offlineImages,
    nodeVersion: () => process.versions.node,
    docker: probeDocker,
    // `kind version` prints e.g. "kind v0.27.0 go1.23.6 linux/amd64".
    kind: () => probeCli('kind', ['version'], (out) => /kind (v[\w.+-]+)/.exec(out)?.[1]),
    kubectl: () =>
      probeCli('kubectl', ['version', '--client', '-o', 'json'], (out) => {
        try {
          const parsed = JSON.parse(out) as { clientVersion?: { gitVersion?: string } };
          return parsed.clientVersion?.gitVersion;
        } catch {
          return undefined;
        }
      }),
  };
}
