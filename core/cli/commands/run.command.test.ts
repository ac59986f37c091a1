import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerRunCommand, type RunReport } from './run.command';
import { registerDrillCommand } from './drill.command';

async function run(dataDir: string, ...args: string[]) {
  return runWith(dataDir, undefined, ...args);
}

async function runWith(dataDir: string, untilStopped: (() => Promise<void>) | undefined, ...args: string[]) {
  return runLines(dataDir, untilStopped, undefined, ...args);
}

async function runLines(
  dataDir: string,
  untilStopped: (() => Promise<void>) | undefined,
  lines: (() => AsyncIterable<string>) | undefined,
  ...args: string[]
) {
  return runInto([], dataDir, untilStopped, lines, ...args);
}

async function runInto(
  out: string[],
  dataDir: string,
  untilStopped: (() => Promise<void>) | undefined,
  lines: (() => AsyncIterable<string>) | undefined,
  ...args: string[]
) {
  const err: string[] = [];
  let code = 0;
  const program = new Command().exitOverride();
  const deps = {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) },
    setExit: (c: number) => (code = c),
    dataDir: () => dataDir,
    ...(untilStopped ? { untilStopped } : {}),
    ...(lines ? { lines } : {}),
  };
  registerRunCommand(program, deps);
  registerDrillCommand(program, deps);
  await program.parseAsync(['node', 'deploy-lab', ...args]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('deploy-lab run / drill', () => {
  it('run --auto --json starts its own embedded cluster, passes every check and reports steps, traffic and events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-runcli-'));
    const { code, out, err } = await run(
      dir,
      'run',
      'first-deployment',
      '--auto',
      '--json',
      '--speed',
      '60',
      '--seed',
      '3',
    );
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
    expect(Object.keys(report.traffic.byVersion).some((v) => v.startsWith('1.0'))).toBe(true);
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

  it('without --auto shows the step and its live checks, and saves progress to resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-runcli-'));
    const printed: string[] = [];
    // Stop once the live checks are on screen (or after 30 s on a very busy machine).
    const stopSoon = async () => {
      for (let k = 0; k < 300 && !printed.some((l) => l.includes('[ ] Deployment')); k += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const { code, out } = await runInto(
      printed,
      dir,
      stopSoon,
      undefined,
      'run',
      'first-deployment',
      '--speed',
      '20',
      '--seed',
      '5',
    );
    expect(out).toMatch(/export KUBECONFIG=/);
    expect(out).toMatch(/--- step 1\/3: Deploy the app and put a Service in front of it ---/);
    expect(out).toMatch(/```sh\nkubectl apply -f scenarios\/first-deployment\/manifests\/web.yaml/);
    expect(out).toMatch(/\[ \] Deployment "web" has 3 ready pods: There is no Deployment named "web" yet\./);
    // Stopped before finishing: exit 1, progress saved for the next run.
    expect(code).toBe(1);
    expect(existsSync(join(dir, 'scenarios', 'sim', 'first-deployment.progress.json'))).toBe(true);
  });

  it('the learner types hint, then show: the hint for the failing check, the solution run, the next step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-runcli-'));
    async function* typed() {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      yield 'hint';
      await new Promise((resolve) => setTimeout(resolve, 300));
      yield 'show';
    }
    const printed: string[] = [];
    // Stop once step 2 is on screen (or after 60 s on a very busy machine).
    const stopAtStep2 = async () => {
      for (let i = 0; i < 600 && !printed.some((l) => l.startsWith('--- step 2/3')); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const { out } = await runInto(
      printed,
      dir,
      stopAtStep2,
      typed,
      'run',
      'first-deployment',
      '--speed',
      '50',
      '--seed',
      '6',
    );
    expect(out).toMatch(/Type: hint/);
    expect(out).toMatch(/hint \(deployment-ready\): Run `kubectl get deploy web`/);
    expect(out).toMatch(/Show me:\n {2}kubectl apply -f web.yaml/);
    expect(out).toMatch(/Passed\. The Deployment created a ReplicaSet/);
    expect(out).toMatch(/--- step 2\/3: Delete a pod and watch it come back ---/);
  });
});
