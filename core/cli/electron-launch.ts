/**
 * Finding and starting the Electron binary without `require('electron')`: that module tries to
 * download the binary on first use, which hangs or fails on an offline machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

export type ElectronProbe = { ok: true; binary: string } | { ok: false; reason: string };

export function probeElectron(
  root: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): ElectronProbe {
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      reason:
        'the Electron binary is not installed (node_modules/electron/path.txt is missing: it was never downloaded)',
    };
  }
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) {
    return { ok: false, reason: `the Electron binary is missing at ${binary}` };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { ok: true, binary };
}

/** Starts Electron; resolves false when it dies within the first seconds (it could not start). */
export function launchElectron(binary: string, mainFile: string, graceMs = 4000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const child = spawn(binary, [mainFile], { stdio: 'inherit' });
    const timer = setTimeout(() => resolvePromise(true), graceMs);
    child.once('error', () => {
      clearTimeout(timer);
      resolvePromise(false);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise(code === 0);
    });
  });
}
