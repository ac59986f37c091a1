import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli';
import { execFileSync } from 'node:child_process';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

describe('deploy-lab CLI', () => {
  it('lists its commands in --help', async () => {
    const io = captureIo();
    expect(await main(['node', 'deploy-lab', '--help'], io)).toBe(0);
    const help = io.stdout.join('\n');
    for (const command of ['start', 'web', 'doctor'])
      expect(help).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('exits 2 with a clear message for unknown commands and flags', async () => {
    const io = captureIo();
    expect(await main(['node', 'deploy-lab', 'deploy-everything'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain("unknown command 'deploy-everything'");
    const io2 = captureIo();
    expect(await main(['node', 'deploy-lab', 'doctor', '--jsn'], io2)).toBe(2);
    expect(io2.stderr.join('\n')).toContain("unknown option '--jsn'");
    const io3 = captureIo();
    expect(await main(['node', 'deploy-lab', 'web', '--port', 'eighty'], io3)).toBe(2);
    expect(io3.stderr.join('\n')).toContain('must be a whole number');
  });

  it('doctor --json reports every dependency of this machine as valid JSON', async () => {
    const io = captureIo();
    expect(await main(['node', 'deploy-lab', 'doctor', '--json'], io)).toBe(0);
    const report = JSON.parse(io.stdout.join('\n')) as {
      checks: { id: string; status: string; fix?: string }[];
    };
    const ids = report.checks.map((c) => c.id);
    expect(ids.slice(0, 5)).toEqual(['node', 'docker', 'kind', 'kubectl', 'embedded']);
    // With Docker up, doctor also says whether the images an offline kind rehearsal needs are here.
    if (report.checks.find((c) => c.id === 'docker')?.status === 'ok') {
      expect(ids.slice(5)).toEqual(['kind-node-image', 'python-base-image']);
      const nodeImage = report.checks.find((c) => c.id === 'kind-node-image');
      if (nodeImage?.status !== 'ok')
        expect(nodeImage?.fix).toMatch(/^while online: docker pull kindest\/node:/);
    }
    expect(report.checks.find((c) => c.id === 'node')?.status).toBe('ok');
    expect(report.checks.find((c) => c.id === 'embedded')?.status).toBe('ok');
    // What doctor says about kubectl matches this machine.
    let hasKubectl = true;
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    } catch {
      hasKubectl = false;
    }
    expect(report.checks.find((c) => c.id === 'kubectl')?.status === 'ok').toBe(hasKubectl);
    for (const check of report.checks.filter((c) => c.status !== 'ok')) expect(check.fix).toBeTruthy();
  });
});
