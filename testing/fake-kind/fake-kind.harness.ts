/**
 * Test harness around testing/fake-kind/kind.mjs: a temp directory with the fake's state file, argv
 * log and the lab's state dir, plus helpers to read back what kind was asked to do.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAKE_KIND_BINARY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kind.mjs');

export interface FakeKind {
  binary: string;
  dir: string;
  stateDir: string;
  env: Record<string, string>;
  /** Every argv the fake received, oldest first. */
  calls(): Promise<string[][]>;
  setClusters(names: string[]): Promise<void>;
  clusters(): Promise<string[]>;
  dispose(): Promise<void>;
}

export async function createFakeKind(extraEnv: Record<string, string> = {}): Promise<FakeKind> {
  const dir = await mkdtemp(path.join(tmpdir(), 'deploy-lab-fake-kind-'));
  const logFile = path.join(dir, 'argv.jsonl');
  const stateFile = path.join(dir, 'state.json');
  return {
    binary: FAKE_KIND_BINARY,
    dir,
    stateDir: path.join(dir, 'app'),
    env: { FAKE_KIND_LOG: logFile, FAKE_KIND_STATE: stateFile, ...extraEnv },
    async calls() {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { argv: string[] }).argv);
    },
    async setClusters(names) {
      await writeFile(stateFile, JSON.stringify({ clusters: names }));
    },
    async clusters() {
      const text = await readFile(stateFile, 'utf8').catch(() => '{"clusters":[]}');
      return (JSON.parse(text) as { clusters: string[] }).clusters;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
