import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimServer } from '../../core/sim/serve/sim-server.js';

/** Runs the script as `npm run test:kind` does, asynchronously: the API server lives in this process. */
function paceCheck(kubeconfig: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/pace-check.mjs', '--kubeconfig', kubeconfig],
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
      },
    );
  });
}

describe('scripts/pace-check.mjs (real kubectl, the embedded cluster at 1x)', () => {
  it('sees 100 replicas created over 4-6 s, the pace test:kind holds kind to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pace-check-'));
    const server = await startSimServer({ kubeconfigPath: join(dir, 'kubeconfig'), nodes: 3, seed: 5 });
    try {
      const { code, out } = await paceCheck(server.kubeconfigPath);
      const line = JSON.parse(out.trim().split('\n').pop()!) as {
        pods: number;
        spreadS: number;
        ok: boolean;
      };
      expect(line.pods).toBe(100);
      expect(line.spreadS).toBeGreaterThanOrEqual(3);
      expect(line.spreadS).toBeLessThanOrEqual(7);
      expect(line.ok).toBe(true);
      expect(code).toBe(0);
      // The script cleans up after itself.
      expect(server.cluster.store.tryGet('deployments', 'default', 'pace-check')).toBeUndefined();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
