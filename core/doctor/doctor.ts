/**
 * deploy-lab doctor: what this machine has for each backend, with the fix for what is missing. The
 * probes are injected so the report logic is tested without touching the machine.
 */
import type { DoctorCheck, DoctorReport } from '../contract';

export interface ProbeResult {
  found: boolean;
  version?: string;
  /** Why a found tool still does not work (e.g. the Docker daemon is down). */
  error?: string;
}

/** An image an offline kind rehearsal needs locally, and the command that fetches it while online. */
export interface OfflineImage {
  id: 'kind-node-image' | 'python-base-image';
  what: string;
  present: boolean;
  fetch: string;
  why: string;
}

export interface DoctorProbes {
  nodeVersion(): string;
  docker(): Promise<ProbeResult>;
  kind(): Promise<ProbeResult>;
  kubectl(): Promise<ProbeResult>;
  /** Asked only when Docker answers: the images kind mode needs offline. */
  offlineImages?(): Promise<OfflineImage[]>;
}

/** Node >= 20.19 is what Vite 7, Vitest 4 and the lab's dependencies need. */
export const MIN_NODE = [20, 19] as const;

function nodeCheck(version: string): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { id: 'node', name: 'Node.js', status: 'ok', version, detail: `Node.js ${version}` }
    : {
        id: 'node',
        name: 'Node.js',
        status: 'error',
        version,
        detail: `Node.js ${version} is older than ${MIN_NODE.join('.')}`,
        fix: 'Install Node.js 20.19 or newer (https://nodejs.org or your package manager).',
      };
}

function dockerCheck(result: ProbeResult): DoctorCheck {
  if (result.found && !result.error) {
    return {
      id: 'docker',
      name: 'Docker',
      status: 'ok',
      ...(result.version ? { version: result.version } : {}),
      detail: `Docker engine reachable (server ${result.version ?? 'version unknown'})`,
    };
  }
  return {
    id: 'docker',
    name: 'Docker',
    status: result.found ? 'error' : 'missing',
    detail: result.error ?? 'Docker engine not reachable',
    fix: 'Install Docker and start its engine (Linux: `sudo apt-get install docker.io && sudo systemctl start docker`; macOS/Windows: start Docker Desktop). Needed for the kind and Docker modes only.',
  };
}

function kindCheck(result: ProbeResult): DoctorCheck {
  if (result.found && !result.error) {
    return {
      id: 'kind',
      name: 'kind',
      status: 'ok',
      ...(result.version ? { version: result.version } : {}),
      detail: `kind ${result.version ?? ''}`.trim(),
    };
  }
  return {
    id: 'kind',
    name: 'kind',
    status: result.found ? 'error' : 'missing',
    detail: result.error ?? 'kind is not on PATH',
    fix: 'Install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), e.g. `go install sigs.k8s.io/kind@latest`. Needed for the kind mode only.',
  };
}

function kubectlCheck(result: ProbeResult): DoctorCheck {
  if (result.found && !result.error) {
    return {
      id: 'kubectl',
      name: 'kubectl',
      status: 'ok',
      ...(result.version ? { version: result.version } : {}),
      detail: `kubectl ${result.version ?? ''}`.trim(),
    };
  }
  return {
    id: 'kubectl',
    name: 'kubectl',
    status: result.found ? 'error' : 'missing',
    detail: result.error ?? 'kubectl is not on PATH',
    fix: 'Install kubectl (https://kubernetes.io/docs/tasks/tools/). The lab works without it; you need it to practise commands in a terminal.',
  };
}

const embeddedCheck: DoctorCheck = {
  id: 'embedded',
  name: 'Embedded cluster',
  status: 'ok',
  detail: 'Built in; needs nothing else installed.',
};

function imageCheck(image: OfflineImage): DoctorCheck {
  return image.present
    ? { id: image.id, name: image.what, status: 'ok', detail: `present locally (${image.why})` }
    : {
        id: image.id,
        name: image.what,
        status: 'missing',
        detail: `not present locally: ${image.why}; needed for an offline kind rehearsal`,
        fix: `while online: ${image.fetch}`,
      };
}

export async function runDoctor(probes: DoctorProbes, now: () => number): Promise<DoctorReport> {
  const [docker, kind, kubectl] = await Promise.all([probes.docker(), probes.kind(), probes.kubectl()]);
  const dockerOk = docker.found && !docker.error;
  const images = dockerOk && probes.offlineImages ? await probes.offlineImages().catch(() => []) : [];
  return {
    checkedAt: new Date(now()).toISOString(),
    checks: [
      nodeCheck(probes.nodeVersion()),
      dockerCheck(docker),
      kindCheck(kind),
      kubectlCheck(kubectl),
      embeddedCheck,
      ...images.map(imageCheck),
    ],
  };
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines = report.checks.map((check) => {
    const mark = check.status === 'ok' ? 'ok     ' : check.status === 'missing' ? 'missing' : 'error  ';
    const fix = check.fix && check.status !== 'ok' ? `\n           fix: ${check.fix}` : '';
    return `  ${mark}  ${check.name.padEnd(17)} ${check.detail}${fix}`;
  });
  return ['Deploy Lab doctor', ...lines].join('\n');
}
