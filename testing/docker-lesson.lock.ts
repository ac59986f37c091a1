/**
 * A cross-process lock per Docker lesson. A lesson's image tag and container name are fixed (the
 * learner types them: `docker run --name pyweb-lesson ...`), so two Vitest workers running the same
 * lesson at once would remove each other's containers and reuse each other's build cache. Test files
 * that run a lesson on the real engine take its lock in beforeAll and release it in afterAll; files
 * for different lessons still run in parallel.
 *
 * The lock is a directory (mkdir is atomic) holding the owner's pid, so a lock left by a killed
 * worker is taken over instead of waited on forever.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long beforeAll may wait for another worker's run of the same lesson. */
export const LESSON_LOCK_WAIT_MS = 10 * 60_000;
const POLL_MS = 250;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTake(dir: string): boolean {
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      return false; // the owner has made the directory but not yet written its pid
    }
    if (Number.isFinite(owner) && alive(owner)) return false;
    rmSync(dir, { recursive: true, force: true }); // stale: its worker died holding it
    return tryTake(dir);
  }
  writeFileSync(join(dir, 'pid'), String(process.pid));
  return true;
}

/** Waits until this process holds every named lesson's lock; resolves to the release function. */
export async function lockDockerLessons(...lessons: string[]): Promise<() => void> {
  // Always in the same order, so two files wanting overlapping lessons cannot deadlock.
  const dirs = [...new Set(lessons)].sort().map((l) => join(tmpdir(), `deploy-lab-lesson-${l}.lock`));
  const held: string[] = [];
  const release = () => {
    for (const dir of held.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + LESSON_LOCK_WAIT_MS;
  for (const dir of dirs) {
    while (!tryTake(dir)) {
      if (Date.now() > deadline) {
        release();
        throw new Error(`waited ${LESSON_LOCK_WAIT_MS / 1000} s for ${dir}, held by another test worker`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    held.push(dir);
  }
  return release;
}
