import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../backends/docker/backend.clock';
import { createDockerBackend } from '../../backends/docker/docker.backend';
import type { DockerBackend } from '../../backends/docker/docker.types';
import { labLabels } from '../../backends/docker/lab.labels';
import { type KindBackend, createKindBackend } from '../../backends/kind/kind.backend';
import { createDockerBackendDouble } from '../../../testing/docker-backend.double';
import { dockerGate } from '../../../testing/docker.gate';
import { type FakeKind, createFakeKind } from '../../../testing/fake-kind/fake-kind.harness';
import { type CleanupReport, registerCleanupCommand } from './cleanup.command';

const clusterConfigDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../lab-clusters/kind',
);

async function runCli(args: string[], backends: { docker: DockerBackend; kind?: KindBackend }) {
  const out: string[] = [];
  const err: string[] = [];
  let exit = -1;
  const program = new Command().exitOverride();
  registerCleanupCommand(program, {
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    setExit: (code) => (exit = code),
    backends: () => backends,
  });
  await program.parseAsync(['node', 'deploy-lab', 'cleanup', ...args]);
  return { out, err, exit };
}

function leftovers() {
  return createDockerBackendDouble({
    runId: 'cli-now',
    containers: [
      {
        id: 'a'.repeat(64),
        name: 'pyweb-blue',
        image: 'deploy-lab/pyweb-offline:1.0',
        state: 'running',
        runId: 'run-old',
      },
      {
        id: 'b'.repeat(64),
        name: 'pyweb-green',
        image: 'deploy-lab/pyweb-offline:2.0',
        state: 'exited',
        runId: 'run-older',
      },
    ],
    images: [{ id: 'sha256:' + 'c'.repeat(64), tags: ['deploy-lab/pyweb-offline:1.0'], runId: 'prepare-1' }],
  });
}

describe('deploy-lab cleanup (Docker test double, fake kind CLI)', () => {
  let fake: FakeKind;
  let kind: KindBackend;

  beforeEach(async () => {
    fake = await createFakeKind();
    await fake.setClusters(['kind', 'deploy-lab-basics', 'my-own-cluster']);
    kind = createKindBackend({
      clock: systemClock(),
      stateDir: fake.stateDir,
      clusterConfigDir,
      docker: new Docker({ socketPath: '/nonexistent.sock' }),
      kindBinary: fake.binary,
      env: fake.env,
    });
  });

  afterEach(() => fake.dispose());

  it('removes labelled containers, lab images and deploy-lab kind clusters, and says so', async () => {
    const docker = leftovers();
    const { out, exit } = await runCli([], { docker, kind });
    expect(exit).toBe(0);
    expect(docker.containers).toEqual([]);
    expect(docker.images).toEqual([]);
    expect(await fake.clusters()).toEqual(['kind', 'my-own-cluster']);
    expect(out[0]).toBe('Removed 2 containers, 1 image, 1 kind cluster:');
    expect(out).toContain(`  container pyweb-blue (${'a'.repeat(12)}, running, run run-old)`);
    expect(out).toContain('  image deploy-lab/pyweb-offline:1.0 (run prepare-1)');
    expect(out).toContain('  kind cluster deploy-lab-basics');
  });

  it('--dry-run lists the same things and removes nothing', async () => {
    const docker = leftovers();
    const { out, exit } = await runCli(['--dry-run'], { docker, kind });
    expect(exit).toBe(0);
    expect(out[0]).toBe('Would remove 2 containers, 1 image, 1 kind cluster:');
    expect(docker.containers).toHaveLength(2);
    expect(docker.images).toHaveLength(1);
    expect((await fake.calls()).some((argv) => argv[0] === 'delete')).toBe(false);
  });

  it('--json prints a machine-readable report', async () => {
    const { out } = await runCli(['--json', '--dry-run'], { docker: leftovers(), kind });
    const report = JSON.parse(out.join('\n')) as CleanupReport;
    expect(report).toMatchObject({ dryRun: true, kindClusters: ['deploy-lab-basics'], failures: [] });
    expect(report.containers.map((c) => c.name)).toEqual(['pyweb-blue', 'pyweb-green']);
  });

  it('treats a missing kind as nothing to clean, not a failure', async () => {
    const noKind = createKindBackend({
      clock: systemClock(),
      stateDir: fake.stateDir,
      clusterConfigDir,
      docker: new Docker({ socketPath: '/nonexistent.sock' }),
      kindBinary: path.join(fake.dir, 'no-kind-here'),
    });
    const { out, exit } = await runCli([], { docker: createDockerBackendDouble({}), kind: noKind });
    expect(exit).toBe(0);
    expect(out).toEqual([
      'Nothing to remove: Docker and kind hold nothing the lab created.',
      'Note: kind is not installed: no kind clusters to remove',
    ]);
  });

  it('exits 1 with the clear message when the Docker engine is down', async () => {
    const docker = createDockerBackend({
      runId: 'cli-test',
      clock: systemClock(),
      socketPath: path.join(tmpdir(), `none-${randomUUID()}.sock`),
    });
    const { err, exit } = await runCli([], { docker });
    expect(exit).toBe(1);
    expect(err.join('\n')).toMatch(/Docker engine is not reachable at .*none-.*\.sock: start Docker/);
  });
});

const gate = await dockerGate();

describe.skipIf(gate.skip)('deploy-lab cleanup --dry-run (real Docker engine)', () => {
  it('lists lab containers and images, never a container made by hand from a lab image, and removes nothing', async () => {
    const docker = new Docker();
    const runId = `test-${randomUUID().slice(0, 8)}`;
    const backend = createDockerBackend({ runId, clock: systemClock() });
    const dir = await mkdtemp(path.join(tmpdir(), 'cleanup-test-'));
    const tag = `deploy-lab-test/cleanup:${runId}`;
    try {
      await copyFile('/bin/busybox', path.join(dir, 'busybox'));
      await writeFile(
        path.join(dir, 'Dockerfile'),
        'FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox", "sleep", "60"]\n',
      );
      await backend.buildImage(dir, { tag });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Created, never started: enough for the labels, nothing to wait for. The hand-made one inherits
    // the image's managed/run labels (Docker copies image labels onto containers) and must be spared.
    const labelled = await docker.createContainer({ Image: tag, Labels: labLabels(runId, 'container') });
    const unlabelled = await docker.createContainer({ Image: tag });
    expect((await unlabelled.inspect()).Config.Labels['dev.deploy-lab.managed']).toBe('true');
    try {
      const cli = createDockerBackend({ runId: `cli-${runId}`, clock: systemClock() });
      const { out, exit } = await runCli(['--dry-run', '--json'], { docker: cli });
      expect(exit).toBe(0);
      const report = JSON.parse(out.join('\n')) as CleanupReport;
      const ids = report.containers.map((c) => c.id);
      expect(ids).toContain(labelled.id);
      expect(ids).not.toContain(unlabelled.id);
      expect(report.images.flatMap((i) => i.tags)).toContain(tag);
      await expect(labelled.inspect()).resolves.toBeTruthy();
      await expect(docker.getImage(tag).inspect()).resolves.toBeTruthy();
    } finally {
      await labelled.remove({ force: true });
      await unlabelled.remove({ force: true });
      await docker.getImage(tag).remove();
    }
  });
});
