import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../backends/docker/backend.clock';
import { createDockerBackend } from '../../backends/docker/docker.backend';
import { createKindBackend } from '../../backends/kind/kind.backend';
import { LAB_KIND_NODE_IMAGE } from '../../backends/kind/offline-needs';
import { createDockerBackendDouble } from '../../../testing/docker-backend.double';
import { dockerGate } from '../../../testing/docker.gate';
import { createFakeKind } from '../../../testing/fake-kind/fake-kind.harness';
import { type PrepareCommandDeps, type PrepareReport, registerPrepareCommand } from './prepare.command';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const offlineAppDir = path.join(repoRoot, 'apps', 'pyweb-offline');

async function runCli(args: string[], deps: Omit<PrepareCommandDeps, 'io' | 'setExit'>) {
  const out: string[] = [];
  const err: string[] = [];
  let exit = -1;
  const program = new Command().exitOverride();
  registerPrepareCommand(program, {
    ...deps,
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    setExit: (code) => (exit = code),
  });
  await program.parseAsync(['node', 'deploy-lab', 'prepare', ...args]);
  return { out, err, exit };
}

describe('deploy-lab prepare (Docker test double)', () => {
  it('builds 1.0, 2.0 and 3.0 and names what is missing with the command that fetches it', async () => {
    const docker = createDockerBackendDouble({ foreignImages: [LAB_KIND_NODE_IMAGE] });
    const { out, exit } = await runCli([], { backends: () => ({ docker }), offlineAppDir });
    expect(exit).toBe(0);
    expect(docker.calls.filter((c) => c.startsWith('build'))).toEqual([
      'build deploy-lab/pyweb-offline:1.0',
      'build deploy-lab/pyweb-offline:2.0',
      'build deploy-lab/pyweb-offline:3.0',
    ]);
    expect(out).toContain(`  ok       kind node image ${LAB_KIND_NODE_IMAGE}`);
    expect(out).toContain(
      '  missing  Python base image python:3.12-slim: base of the real Flask/gunicorn app (apps/pyweb); the offline variant does not need it',
    );
    expect(out).toContain('           fetch while online: docker pull python:3.12-slim');
    expect(out.some((l) => l.startsWith('  missing  kind CLI'))).toBe(true);
  });

  it('exits 1 with the clear message when the Docker engine is down', async () => {
    const docker = createDockerBackend({
      runId: 'prepare-test',
      clock: systemClock(),
      socketPath: '/nonexistent/docker.sock',
    });
    const { err, exit } = await runCli([], { backends: () => ({ docker }), offlineAppDir });
    expect(exit).toBe(1);
    expect(err).toEqual([
      'deploy-lab prepare: Docker engine is not reachable at /nonexistent/docker.sock: start Docker (e.g. `sudo systemctl start docker` or `dockerd`)',
    ]);
  });

  it('fails with a clear message when busybox is missing', async () => {
    const docker = createDockerBackendDouble({});
    const { err, exit } = await runCli([], {
      backends: () => ({ docker }),
      offlineAppDir,
      busyboxPath: '/nonexistent/busybox',
    });
    expect(exit).toBe(1);
    expect(err[0]).toMatch(
      /Could not build deploy-lab\/pyweb-offline:1.0: busybox not found at \/nonexistent\/busybox/,
    );
  });
});

const gate = await dockerGate();

describe.skipIf(gate.skip)('deploy-lab prepare (real Docker engine, fake kind CLI)', () => {
  const runId = `test-${randomUUID().slice(0, 8)}`;
  const repository = `deploy-lab-test/prepare-${runId}`;

  afterAll(async () => {
    const docker = new Docker();
    for (const version of ['1.0', '2.0', '3.0'])
      await docker
        .getImage(`${repository}:${version}`)
        .remove()
        .catch(() => undefined);
  });

  it('builds the three offline images for real and reports the offline needs as JSON', async () => {
    const fake = await createFakeKind();
    try {
      const docker = createDockerBackend({ runId, clock: systemClock() });
      const kind = createKindBackend({
        clock: systemClock(),
        stateDir: fake.stateDir,
        clusterConfigDir: path.join(repoRoot, 'lab-clusters', 'kind'),
        docker: new Docker(),
        kindBinary: fake.binary,
        env: fake.env,
      });
      const { out, exit } = await runCli(['--json'], {
        backends: () => ({ docker, kind }),
        offlineAppDir,
        repository,
      });
      expect(exit).toBe(0);
      const report = JSON.parse(out.join('\n')) as PrepareReport;
      expect(report.built.map((b) => b.tag)).toEqual([
        `${repository}:1.0`,
        `${repository}:2.0`,
        `${repository}:3.0`,
      ]);
      expect(report.failed).toEqual([]);
      expect(report.needs.find((n) => n.id === 'kind-binary')).toMatchObject({
        present: true,
        found: 'v0.27.0',
      });
      expect(report.needs.find((n) => n.id === 'kind-node-image')?.fetch).toBe(
        `docker pull ${LAB_KIND_NODE_IMAGE}`,
      );
      const labels = (await new Docker().getImage(`${repository}:3.0`).inspect()).Config.Labels;
      expect(labels).toMatchObject({
        'dev.deploy-lab.managed': 'true',
        'dev.deploy-lab.run': runId,
        'dev.deploy-lab.app-version': '3.0',
      });
    } finally {
      await fake.dispose();
    }
  }, 90_000);
});
