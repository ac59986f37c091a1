import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { liveRuns, registerRun } from './run-registry';

describe('run registry', () => {
  it('knows live runs, forgets runs whose process died, and unregisters on quit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-runs-'));
    const unregister = registerRun('web-live', dir);
    // A real process that has exited: its pid no longer exists.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    registerRun('web-crashed', dir, Number(gone.stdout));
    expect([...liveRuns(dir)]).toEqual(['web-live']);
    expect(existsSync(join(dir, 'web-crashed.pid'))).toBe(false);
    unregister();
    expect(liveRuns(dir).size).toBe(0);
  });
});
