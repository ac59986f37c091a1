import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeElectron } from './electron-launch';
import { projectRoot } from './project-paths';

function fakeInstall(withBinary: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'deploy-lab-electron-'));
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'path.txt'), 'electron');
  if (withBinary) writeFileSync(join(pkg, 'dist', 'electron'), '');
  return root;
}

describe('npm start: deciding whether Electron can start', () => {
  it('says why when the binary was never downloaded (as on this machine)', () => {
    const probe = probeElectron(projectRoot(), { DISPLAY: ':0' }, 'linux');
    // This repository's node_modules has the electron package but no binary: npm start must fall back.
    expect(probe.ok).toBe(false);
    if (!probe.ok) expect(probe.reason).toMatch(/Electron binary/);
  });

  it('refuses when there is no display on Linux, and accepts a display', () => {
    const root = fakeInstall(true);
    expect(probeElectron(root, {}, 'linux')).toEqual({
      ok: false,
      reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)',
    });
    expect(probeElectron(root, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toMatchObject({ ok: true });
    expect(probeElectron(root, {}, 'darwin')).toMatchObject({ ok: true });
  });

  it('notices a binary listed in path.txt but missing on disk', () => {
    const probe = probeElectron(fakeInstall(false), { DISPLAY: ':0' }, 'linux');
    expect(probe).toMatchObject({ ok: false, reason: expect.stringContaining('missing at') });
  });
});
