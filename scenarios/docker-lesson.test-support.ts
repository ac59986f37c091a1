/**
 * For Docker scenario tests: the real engine (skipped with a reason when unreachable, a failure on CI),
 * the lesson's cross-process lock (its image tag and container name are fixed, so another Vitest
 * worker running the same lesson must finish first), a temporary work folder, and per test fresh
 * Docker ports that are disposed after it, with a check that nothing carrying the run's label is left.
 * Every Docker scenario's test starts the same way. Call at the top level of the test file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openDockerPorts } from '../core/scenarios/docker-ports';
import { systemRealTime } from '../core/traffic/real-time';
import { dockerGate, type DockerGate } from '../testing/docker.gate';
import { LESSON_LOCK_WAIT_MS, lockDockerLessons } from '../testing/docker-lesson.lock';

type DockerPorts = Awaited<ReturnType<typeof openDockerPorts>>;

export interface DockerLessonRuns {
  gate: DockerGate;
  /** The lesson's temporary folder (work roots of the runs live below it). */
  workParent(): string;
  /** Fresh ports on the real engine with their own work root, disposed (and checked) after the test. */
  open(name: string): Promise<DockerPorts>;
}

export async function dockerLessonRuns(lesson: string): Promise<DockerLessonRuns> {
  const gate = await dockerGate();
  let workParent = '';
  let releaseLesson = () => {};
  let ports: DockerPorts | undefined;

  beforeAll(async () => {
    if (!gate.skip) releaseLesson = await lockDockerLessons(lesson);
    workParent = await mkdtemp(join(tmpdir(), `deploy-lab-${lesson}-`));
  }, LESSON_LOCK_WAIT_MS + 60_000);
  afterAll(async () => {
    await rm(workParent, { recursive: true, force: true });
    releaseLesson();
  });
  afterEach(async () => {
    const docker = ports?.docker;
    await ports?.dispose();
    ports = undefined;
    if (docker) {
      // Nothing of the run may be left: containers and images carry the run's label.
      const left = await docker.backend.listLabelled({ runId: docker.backend.runId });
      expect(left.containers).toEqual([]);
      expect(left.images).toEqual([]);
    }
  });

  return {
    gate,
    workParent: () => workParent,
    async open(name) {
      ports = await openDockerPorts({
        realTime: systemRealTime,
        workRoot: join(workParent, name),
        runPrefix: 'test',
      });
      return ports;
    },
  };
}
