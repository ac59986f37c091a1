import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { registerScenariosCommand } from './scenarios.command';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const program = new Command().exitOverride();
  registerScenariosCommand(program, {
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    setExit: (c) => (code = c),
    dataDir: () => '/nonexistent',
  });
  await program.parseAsync(['node', 'deploy-lab', ...args]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('deploy-lab scenarios', () => {
  it('--json lists id, title, topics and backends of every scenario', async () => {
    const { code, out } = await run('scenarios', '--json');
    expect(code).toBe(0);
    const list = JSON.parse(out) as { id: string; title: string; topics: string[]; backends: string[] }[];
    expect(list.map((s) => s.id)).toEqual([
      'first-deployment',
      'rolling-update',
      'blue-green',
      'bad-release',
      'node-failure',
      'autoscaling',
      'iac-drift',
      'canary',
      'config-secrets',
      'docker-build',
      'dependency-pinning',
      'docker-env-secrets',
      'docker-restart-policies',
      'cicd-pipeline',
    ]);
    for (const s of list) {
      expect(s.title).not.toBe('');
      expect(s.topics.length).toBeGreaterThan(0);
      // The container scenarios need a Docker engine and nothing else; every other one runs on sim.
      expect(s.backends).toContain(s.backends.includes('docker') ? 'docker' : 'sim');
    }
  });

  it('prints a readable list', async () => {
    const { out } = await run('scenarios');
    expect(out).toMatch(/^first-deployment\s+First deployment/m);
    expect(out).toMatch(/deploy-lab run <id>/);
  });
});
