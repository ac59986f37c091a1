/**
 * Turns the build progress of a Docker scenario (one event per builder line) into OperationProgress
 * updates for the UI: what the build is doing now ("Step 3/7: RUN sh /deps/install-deps.sh ... (from
 * cache)"), then how it ended. One update per step, cache hit, first output line of a step and end, so
 * a chatty RUN does not flood the socket.
 */
import type { OperationProgress } from '../contract';
import type { DockerBuildProgress } from '../scenarios/docker-ports';

const MAX_INSTRUCTION = 90;
const MAX_OUTPUT = 80;

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

interface BuildState {
  id: string;
  tag: string;
  step?: number;
  totalSteps?: number;
  instruction?: string;
  cached: boolean;
  cacheHits: number;
  output?: string;
}

function stepText(b: BuildState): string {
  if (b.step === undefined) return 'Sending the build context to Docker…';
  const head = `Step ${b.step}/${b.totalSteps ?? '?'}: ${clip(b.instruction ?? '', MAX_INSTRUCTION)}`;
  if (b.cached) return `${head} (from cache)`;
  return b.output ? `${head} (running: ${clip(b.output, MAX_OUTPUT)})` : head;
}

export function buildProgressReporter(
  send: (progress: OperationProgress) => void,
): (progress: DockerBuildProgress) => void {
  let count = 0;
  const builds = new Map<string, BuildState>();

  function publish(b: BuildState, state: OperationProgress['state'], detail: string): void {
    send({
      id: b.id,
      kind: 'image-build',
      title: `Building ${b.tag}`,
      state,
      detail,
      ...(b.step === undefined ? {} : { step: b.step }),
      ...(b.totalSteps === undefined ? {} : { totalSteps: b.totalSteps }),
      cached: b.cached,
      cacheHits: b.cacheHits,
    });
  }

  return (p) => {
    const key = `${p.build}\u0000${p.tag}`;
    if (p.phase === 'started') {
      count += 1;
      const b: BuildState = { id: `build-${count}`, tag: p.tag, cached: false, cacheHits: 0 };
      builds.set(key, b);
      publish(b, 'running', stepText(b));
      return;
    }
    const b = builds.get(key);
    if (!b) return;
    if (p.phase === 'finished') {
      builds.delete(key);
      const steps = b.totalSteps ?? b.step ?? 0;
      if (p.ok) {
        publish(b, 'done', `Built ${b.tag}: ${steps} steps, ${b.cacheHits} from cache`);
      } else {
        const at = b.step === undefined ? '' : ` at step ${b.step}/${b.totalSteps ?? '?'}`;
        publish(b, 'failed', `Build failed${at}: ${clip(p.error ?? 'unknown error', 200)}`);
      }
      return;
    }
    const e = p.event;
    if (e.type === 'step') {
      b.step = e.step;
      b.totalSteps = e.totalSteps;
      b.instruction = e.instruction;
      b.cached = false;
      b.output = undefined;
      publish(b, 'running', stepText(b));
    } else if (e.type === 'cache-hit') {
      b.cached = true;
      b.cacheHits += 1;
      publish(b, 'running', stepText(b));
    } else if (e.type === 'output' && b.output === undefined) {
      const line = e.text.split('\n').find((l) => l.trim());
      if (!line) return;
      b.output = line;
      publish(b, 'running', stepText(b));
    }
  };
}
