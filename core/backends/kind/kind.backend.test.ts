/**
 * The kind backend's command lines, output parsing and error handling, run against the FAKE kind CLI
 * in testing/fake-kind (real kind cannot be installed on the build machines). What the fake prints
 * follows kind's known output format, written by hand, not captured; no real cluster is created here.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeKind, createFakeKind } from '../../../testing/fake-kind/fake-kind.harness';
import { systemClock } from '../docker/backend.clock';
import { type KindBackend, type TimedKindEvent, createKindBackend } from './kind.backend';
import { KindBackendError } from './kind.errors';

const clusterConfigDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../lab-clusters/kind',
);

describe('kind backend (fake kind CLI)', () => {
  let fake: FakeKind;

  function backend(
    env: Record<string, string> = {},
    overrides: { kindBinary?: string; quickTimeoutMs?: number } = {},
  ): KindBackend {
    return createKindBackend({
      clock: systemClock(),
      stateDir: fake.stateDir,
      clusterConfigDir,
      // Never contacted by these tests: node faults have their own real-Docker test.
      docker: new Docker({ socketPath: path.join(fake.dir, 'no-docker.sock') }),
      kindBinary: overrides.kindBinary ?? fake.binary,
      env: { ...fake.env, ...env },
      ...(overrides.quickTimeoutMs ? { quickTimeoutMs: overrides.quickTimeoutMs } : {}),
    });
  }

  beforeEach(async () => {
    fake = await createFakeKind();
  });

  afterEach(async () => {
    await fake.dispose();
  });

  it('detects kind and parses its version', async () => {
    await expect(backend().detect()).resolves.toMatchObject({
      version: 'v0.27.0',
      minor: 27,
      go: 'go1.23.6',
    });
    await expect(
      backend({ FAKE_KIND_VERSION: 'kind v0.20.0 go1.20.4 darwin/arm64' }).detect(),
    ).resolves.toMatchObject({
      version: 'v0.20.0',
      platform: 'darwin/arm64',
    });
    expect(await fake.calls()).toEqual([['version'], ['version']]);
  });

  it('says how to install kind when the executable is missing', async () => {
    const error = await backend({}, { kindBinary: path.join(fake.dir, 'no-such-kind') })
      .detect()
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KindBackendError);
    expect(error).toMatchObject({ reason: 'kind-missing', code: 'unavailable' });
    expect((error as Error).message).toMatch(/kind is not installed .*kind\.sigs\.k8s\.io/);
  });

  it('creates a cluster with an app-owned kubeconfig and reports kind’s stages as progress', async () => {
    const events: TimedKindEvent[] = [];
    const created = await backend().createCluster({
      name: 'deploy-lab-ha',
      config: 'three-node',
      onProgress: (e) => events.push(e),
    });
    const kubeconfig = path.join(fake.stateDir, 'kind-deploy-lab-ha.kubeconfig');
    expect(created).toMatchObject({ name: 'deploy-lab-ha', kubeconfigPath: kubeconfig, reused: false });
    expect(await fake.calls()).toEqual([
      ['get', 'clusters'],
      [
        'create',
        'cluster',
        '--name',
        'deploy-lab-ha',
        '--config',
        path.join(clusterConfigDir, 'three-node.yaml'),
        '--kubeconfig',
        kubeconfig,
        '--wait',
        '120s',
      ],
    ]);
    const done = events.flatMap((e) => (e.type === 'stage' && e.status === 'done' ? [e.stage] : []));
    expect(done).toEqual([
      'ensure-node-image',
      'prepare-nodes',
      'write-configuration',
      'start-control-plane',
      'install-cni',
      'install-storage-class',
      'join-workers',
      'wait-ready',
      'ready',
    ]);
    expect(events.find((e) => e.type === 'stage' && e.stage === 'start-control-plane')).toMatchObject({
      status: 'started',
      label: 'Starting control-plane',
    });
    expect(await readFile(kubeconfig, 'utf8')).toContain('current-context: kind-deploy-lab-ha');
  });

  it('passes the node image and --retain when asked', async () => {
    await backend().createCluster({
      name: 'deploy-lab-basics',
      config: 'single-node',
      nodeImage: 'kindest/node:v1.32.2',
      waitSeconds: 30,
      retainOnFailure: true,
    });
    const create = (await fake.calls()).find((argv) => argv[0] === 'create');
    expect(create?.slice(-5)).toEqual(['--wait', '30s', '--image', 'kindest/node:v1.32.2', '--retain']);
  });

  it('reuses an existing lab cluster instead of failing on its name', async () => {
    await fake.setClusters(['deploy-lab-basics']);
    const created = await backend().createCluster({ name: 'deploy-lab-basics', config: 'single-node' });
    expect(created.reused).toBe(true);
    const calls = await fake.calls();
    expect(calls.some((argv) => argv[0] === 'create')).toBe(false);
    expect(calls).toContainEqual([
      'export',
      'kubeconfig',
      '--name',
      'deploy-lab-basics',
      '--kubeconfig',
      created.kubeconfigPath,
    ]);
    await expect(access(created.kubeconfigPath)).resolves.toBeUndefined();
  });

  it('fails a create with kind’s own ERROR line and a failed stage', async () => {
    const events: TimedKindEvent[] = [];
    const error = await backend({ FAKE_KIND_FAIL: 'create' })
      .createCluster({ name: 'deploy-lab-basics', config: 'single-node', onProgress: (e) => events.push(e) })
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ reason: 'command-failed' });
    expect((error as Error).message).toMatch(
      /^kind create cluster .* failed: failed to create cluster: failed to init node with kubeadm/,
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'stage', stage: 'start-control-plane', status: 'failed' }),
    );
    expect(events).toContainEqual(expect.objectContaining({ type: 'error' }));
  });

  it.each([['--help'], ['-v'], ['Deploy-Lab'], ['deploy-lab-' + 'x'.repeat(60)], ['kind'], ['my-cluster']])(
    'refuses the cluster name %j before it reaches argv',
    async (name) => {
      await expect(backend().createCluster({ name, config: 'single-node' })).rejects.toBeInstanceOf(
        KindBackendError,
      );
      await expect(backend().deleteCluster(name)).rejects.toBeInstanceOf(KindBackendError);
      expect(await fake.calls()).toEqual([]);
    },
  );

  it('loads images in one kind call and reports its lines', async () => {
    await fake.setClusters(['deploy-lab-basics']);
    const lines: string[] = [];
    await backend().loadImages(
      'deploy-lab-basics',
      ['deploy-lab/pyweb-offline:1.0', 'deploy-lab/pyweb-offline:2.0'],
      {
        onProgress: (e) => {
          if (e.type === 'log') lines.push(e.line);
        },
      },
    );
    expect(await fake.calls()).toEqual([
      [
        'load',
        'docker-image',
        'deploy-lab/pyweb-offline:1.0',
        'deploy-lab/pyweb-offline:2.0',
        '--name',
        'deploy-lab-basics',
      ],
    ]);
    expect(lines[0]).toMatch(/^Image: "deploy-lab\/pyweb-offline:1.0" with ID/);
    await expect(backend().loadImages('deploy-lab-basics', ['--all'])).rejects.toThrow(
      /not a valid image reference/,
    );
  });

  it('surfaces a failed load', async () => {
    await fake.setClusters(['deploy-lab-basics']);
    await expect(
      backend({ FAKE_KIND_FAIL: 'load' }).loadImages('deploy-lab-basics', ['deploy-lab/pyweb-offline:9.9']),
    ).rejects.toThrow('image: "deploy-lab/pyweb-offline:9.9" not present locally');
  });

  it('deletes a lab cluster with its own kubeconfig and forgets the file', async () => {
    const kind = backend();
    const created = await kind.createCluster({ name: 'deploy-lab-basics', config: 'single-node' });
    await expect(kind.deleteCluster('deploy-lab-basics')).resolves.toEqual({ existed: true });
    expect(await fake.calls()).toContainEqual([
      'delete',
      'cluster',
      '--name',
      'deploy-lab-basics',
      '--kubeconfig',
      created.kubeconfigPath,
    ]);
    await expect(access(created.kubeconfigPath)).rejects.toThrow();
    expect(await fake.clusters()).toEqual([]);
    // Deleting again is not an error, and does not call kind delete.
    await expect(kind.deleteCluster('deploy-lab-basics')).resolves.toEqual({ existed: false });
    expect((await fake.calls()).filter((argv) => argv[0] === 'delete')).toHaveLength(1);
  });

  it('lists only the lab’s clusters for cleanup', async () => {
    await fake.setClusters(['kind', 'deploy-lab-basics', 'deploy-labx', 'deploy-lab-ha']);
    await expect(backend().listLabClusters()).resolves.toEqual(['deploy-lab-basics', 'deploy-lab-ha']);
  });

  it('gives up on a hung kind within its deadline', async () => {
    const started = performance.now();
    const error = await backend({ FAKE_KIND_HANG: 'get' }, { quickTimeoutMs: 800 })
      .listClusters()
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect((error as Error).message).toBe('kind get clusters did not finish within 800 ms');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
