import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFakeKind } from '../../../testing/fake-kind/fake-kind.harness';
import { newRunId } from '../docker/lab.labels';
import { createLabBackends } from './lab-backends.compose';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('lab backends composition (fake kind CLI)', () => {
  it('keeps kubeconfigs under the lab data dir and resolves the app and cluster config paths', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lab-data-'));
    const fake = await createFakeKind();
    try {
      const lab = createLabBackends({
        dataDir,
        projectRoot: repoRoot,
        runPrefix: 'engine',
        kindBinary: fake.binary,
      });
      expect(lab.runId).toMatch(/^engine-[0-9a-z]+-[0-9a-f]{8}$/);
      expect(lab.docker.runId).toBe(lab.runId);
      expect(lab.kind.kubeconfigPath('deploy-lab-basics')).toBe(
        path.join(dataDir, 'kind', 'kind-deploy-lab-basics.kubeconfig'),
      );
      expect(lab.offlineAppDir).toBe(path.join(repoRoot, 'apps', 'pyweb-offline'));
      expect(lab.clusterConfigDir).toBe(path.join(repoRoot, 'lab-clusters', 'kind'));
      await expect(lab.kind.detect()).resolves.toMatchObject({ version: 'v0.27.0' });
    } finally {
      await fake.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('makes run ids that differ within one millisecond and are safe as labels', () => {
    const a = newRunId('cli', 1_700_000_000_000);
    const b = newRunId('cli', 1_700_000_000_000);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^cli-[0-9a-z]+-[0-9a-f]{8}$/);
    expect(() => newRunId('--x', 1)).toThrow(/run id/);
  });
});
