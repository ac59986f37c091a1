import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/backends/docker/backend.clock';
import { createDockerBackend } from '../../core/backends/docker/docker.backend';
import { registerRunCommand, type RunReport } from '../../core/cli/commands/run.command';
import { dockerGate } from '../../testing/docker.gate';

const gate = await dockerGate();
let home = '';
let previousHome: string | undefined;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'deploy-lab-docker-cli-'));
  // openBackend puts the build contexts under the lab's data dir; keep this run's in a temp dir.
  previousHome = process.env.DEPLOY_LAB_HOME;
  process.env.DEPLOY_LAB_HOME = home;
});
afterAll(async () => {
  if (previousHome === undefined) delete process.env.DEPLOY_LAB_HOME;
  else process.env.DEPLOY_LAB_HOME = previousHome;
  await rm(home, { recursive: true, force: true });
});

describe.skipIf(gate.skip)('deploy-lab run docker-build --backend docker --auto', () => {
  it('passes every step, prints the docker commands it ran, and leaves nothing behind', async () => {
    const out: string[] = [];
    const err: string[] = [];
    let code = -1;
    const program = new Command().exitOverride();
    registerRunCommand(program, {
      io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) },
      setExit: (c: number) => (code = c),
      dataDir: () => home,
    });
    await program.parseAsync([
      'node',
      'deploy-lab',
      'run',
      'docker-build',
      '--backend',
      'docker',
      '--auto',
      '--json',
    ]);
    expect(err.join('\n')).toMatch(/build contexts in /);
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n')) as RunReport;
    expect(report.passed).toBe(true);
    expect(report.steps.map((s) => [s.id, s.passed])).toEqual([
      ['build', true],
      ['cache', true],
      ['run', true],
    ]);
    expect(report.commands.map((c) => c.command)).toContain(
      'DOCKER_BUILDKIT=0 docker build -t deploy-lab/pyweb-lesson:1.0 pyweb-lesson',
    );
    const workRoot = /build contexts in (\S+)/.exec(err.join('\n'))?.[1] ?? '';
    const runId = workRoot.split('/').at(-1) ?? '';
    expect(runId).toMatch(/^scenario-/);
    expect(existsSync(workRoot)).toBe(false);
    const docker = createDockerBackend({ runId, clock: systemClock() });
    const left = await docker.listLabelled({ runId });
    expect(left.containers).toEqual([]);
    expect(left.images).toEqual([]);
  }, 60_000);
});
