/**
 * Builds the offline sample app (apps/pyweb-offline) FROM scratch with the host's static busybox.
 * The binary is copied into a temporary build context at build time, never committed, so the repo
 * stays free of a 2 MB blob and the image matches whatever busybox the machine has.
 */
import { chmod, copyFile, cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DockerBackendError } from './docker.errors';
import type { BuildImageResult, DockerBackend, TimedBuildEvent } from './docker.types';

export interface AppVersion {
  version: '1.0' | '2.0' | '3.0';
  colour: 'blue' | 'green' | 'purple';
}

/** The three versions every rollout and blue-green scenario uses. */
export const APP_VERSIONS: readonly AppVersion[] = [
  { version: '1.0', colour: 'blue' },
  { version: '2.0', colour: 'green' },
  { version: '3.0', colour: 'purple' },
];

export const OFFLINE_APP_REPOSITORY = 'deploy-lab/pyweb-offline';
export const DEFAULT_BUSYBOX_PATH = '/bin/busybox';

export function offlineAppTag(version: string): string {
  return `${OFFLINE_APP_REPOSITORY}:${version}`;
}

/** apps/pyweb-offline under a checkout or an unpacked app: callers pass the root they know. */
export function offlineAppDir(repoRoot: string): string {
  return path.join(repoRoot, 'apps', 'pyweb-offline');
}

export interface OfflineBuildContext {
  dir: string;
  dispose(): Promise<void>;
}

export async function prepareOfflineAppContext(options: {
  appDir: string;
  busyboxPath?: string;
}): Promise<OfflineBuildContext> {
  const busyboxPath = options.busyboxPath ?? DEFAULT_BUSYBOX_PATH;
  const busybox = await stat(busyboxPath).catch(() => undefined);
  if (!busybox?.isFile()) {
    throw new DockerBackendError(
      'invalid-input',
      'unavailable',
      `busybox not found at ${busyboxPath}: the offline app needs a statically linked busybox (Debian/Ubuntu: \`sudo apt-get install busybox-static\`)`,
      { busyboxPath },
    );
  }
  const appStat = await stat(path.join(options.appDir, 'Dockerfile')).catch(() => undefined);
  if (!appStat?.isFile()) {
    throw new DockerBackendError('invalid-input', 'invalid-request', `no Dockerfile in ${options.appDir}`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'deploy-lab-pyweb-offline-'));
  try {
    await cp(options.appDir, dir, { recursive: true });
    await copyFile(busyboxPath, path.join(dir, 'busybox'));
    await chmod(path.join(dir, 'busybox'), 0o755);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface BuildOfflineAppOptions {
  appDir: string;
  version: AppVersion;
  busyboxPath?: string;
  tag?: string;
  noCache?: boolean;
  timeoutMs?: number;
  onProgress?: (event: TimedBuildEvent) => void;
}

export async function buildOfflineApp(
  backend: DockerBackend,
  options: BuildOfflineAppOptions,
): Promise<BuildImageResult> {
  const context = await prepareOfflineAppContext(
    options.busyboxPath
      ? { appDir: options.appDir, busyboxPath: options.busyboxPath }
      : { appDir: options.appDir },
  );
  try {
    return await backend.buildImage(context.dir, {
      tag: options.tag ?? offlineAppTag(options.version.version),
      buildArgs: { APP_VERSION: options.version.version, APP_COLOUR: options.version.colour },
      labels: {
        'dev.deploy-lab.app': 'pyweb-offline',
        'dev.deploy-lab.app-version': options.version.version,
      },
      ...(options.noCache ? { noCache: true } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await context.dispose();
  }
}
