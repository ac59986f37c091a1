import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerRunCommand, type RunReport } from './run.command';
import { registerDrillCommand } from './drill.command';

async function run(dataDir: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const program = new Command().exitOverride();
  const deps = {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) },
    setExit: (c: number) => (code = c),
    dataDir: () => dataDir,
  };
  registerRunCommand(program, deps);
  registerDrillCommand(program, deps);
  await program.parseAsync(['node', 'deploy-lab', ...args]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('deploy-lab run / drill', () => {
  it('run --auto --json starts its own embedded cluster, passes every check and reports steps, traffic and events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-runcli-'));
    const { code, out, err } = await run(dir, 'run', 'first-deployment', '--auto', '--json', '--speed', '60', '--seed', '3');
    expect(err).toMatch(/embedded cluster/);
    const report = JSON.parse(out) as RunReport;
    expect(report.passed).toBe(true);
    expect(code).toBe(0);
    expect(report.steps.map((s) => [s.id, s.passed])).toEqual([
      ['deploy', true],
      ['self-healing', true],
      ['spread', true],
    ]);
    expect(report.steps[1]?.simSeconds).toBeGreaterThan(0);
    expect(report.traffic.total).toBeGreaterThan(0);
    expect(Object.keys(report.traffic.byVersion)).toContain('1.0.0');
    expect(report.events).toBeGreaterThan(0);
    expect(report.commands[0]?.command).toMatch(/^kubectl apply -f web.yaml/);
  });

  it('an unknown scenario or an unsupported backend exits 2 with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-runcli-'));
    const unknown = await run(dir, 'run', 'nope', '--auto');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no scenario "nope"/);
    const docker = await run(dir, 'run', 'first-deployment', '--backend', 'docker', '--auto');
    expect(docker.code).toBe(2);
    expect(docker.err).toMatch(/runs on sim, kind, context, not docker/);
    await expect(run(dir, 'run', 'first-deployment', '--backend', 'moon')).rejects.toThrow(/not a backend/);
  });

  it('drill --auto writes a self-contained HTML report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-drillcli-'));
    const { code, out } = await run(dir, 'drill', 'bad-release', '--auto', '--seed', '11', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as { reportFile: string; timeToRecoverMs: number; seed: number };
    expect(report.seed).toBe(11);
    expect(report.timeToRecoverMs).toBeGreaterThan(0);
    expect(existsSync(report.reportFile)).toBe(true);
    expect(readFileSync(report.reportFile, 'utf8')).toContain('<svg');
  });
});
