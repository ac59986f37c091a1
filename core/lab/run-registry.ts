/**
 * Which lab runs are alive on this machine. Each engine that creates things in Docker registers its
 * run id with its pid; at start, a run whose pid is gone is a crashed run whose leftovers may be swept.
 * Machine-wide (in the temp dir), not per data dir, so two labs with different homes never sweep each
 * other's live containers.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function defaultRunsDir(): string {
  return join(tmpdir(), 'deploy-lab-runs');
}

export function registerRun(runId: string, dir = defaultRunsDir(), pid = process.pid): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${runId}.pid`);
  writeFileSync(file, String(pid));
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Run ids registered by a live process. */
export function liveRuns(dir = defaultRunsDir()): Set<string> {
  const live = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return live;
  }
  for (const name of names) {
    if (!name.endsWith('.pid')) continue;
    const runId = name.slice(0, -4);
    const pid = Number(readFileSync(join(dir, name), 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) live.add(runId);
    else rmSync(join(dir, name), { force: true });
  }
  return live;
}
