/**
 * `deploy-lab kind up|down` against a fake kind CLI (testing/fake-kind: kind cannot be installed here)
 * and the real Docker engine, which builds the sample app images the command loads into the nodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createFakeKind, type FakeKind } from '../../../testing/fake-kind/fake-kind.harness';
import { dockerGate } from '../../../testing/docker.gate';
import { createLabBackends } from '../../backends/kind/lab-backends.compose';
import { projectRoot } from '../project-paths';
import { registerKindCommand } from './kind.command';

let fake: FakeKind;
const gate = await dockerGate();

beforeAll(async () => {
  fake = await createFakeKind();
  Object.assign(process.env, fake.env);
});
afterAll(async () => {
  await fake?.dispose();
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const program = new Command().exitOverride();
  registerKindCommand(program, {
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    setExit: (c) => (code = c),
    backends: () =>
      createLabBackends({
        dataDir: mkdtempSync(join(tmpdir(), 'deploy-lab-kindcmd-')),
        projectRoot: projectRoot(),
        kindBinary: fake.binary,
        runPrefix: 'test',
      }),
  });
  await program.parseAsync(['node', 'deploy-lab', 'kind', ...args]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.skipIf(gate.skip)('deploy-lab kind (fake kind CLI, real Docker)', () => {
  it(
    'creates the cluster from the three-node config, builds the sample app images and loads them',
    { timeout: 240_000 },
    async () => {
      const result = await run('up', '--json');
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.out) as { name: string; kubeconfigPath: string; images: string[] };
      expect(summary.name).toBe('deploy-lab');
      expect(summary.images).toEqual([
        'deploy-lab/pyweb:1.0',
        'deploy-lab/pyweb:2.0',
        'deploy-lab/pyweb:3.0',
      ]);
      const calls = await fake.calls();
      const create = calls.find((argv) => argv[0] === 'create');
      expect(create).toEqual(
        expect.arrayContaining(['cluster', '--name', 'deploy-lab', '--kubeconfig', summary.kubeconfigPath]),
      );
      expect(create?.some((a) => a.endsWith('three-node.yaml'))).toBe(true);
      const load = calls.find((argv) => argv[0] === 'load');
      expect(load).toEqual(
        expect.arrayContaining([
          'docker-image',
          'deploy-lab/pyweb:1.0',
          'deploy-lab/pyweb:2.0',
          'deploy-lab/pyweb:3.0',
        ]),
      );
      expect(result.err).toMatch(/Created kind cluster deploy-lab|Reusing kind cluster deploy-lab/);

      // A second `up` reuses the cluster instead of failing on the name.
      const again = await run('up', '--json');
      expect(again.err).toContain('Reusing kind cluster deploy-lab');
    },
  );

  it('deletes only the lab cluster', async () => {
    expect((await run('down')).out).toBe('Deleted kind cluster deploy-lab');
    expect((await run('down')).out).toBe('No kind cluster named deploy-lab');
    const refused = await run('down', '--name', 'prod');
    expect(refused.code).toBe(1);
  });
});
