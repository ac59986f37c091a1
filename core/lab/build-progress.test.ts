import { describe, expect, it } from 'vitest';
import type { OperationProgress } from '../contract';
import { buildProgressReporter } from './build-progress';

describe('build progress for the UI', () => {
  it('says the current step, whether it came from the cache, and how the build ended', () => {
    const sent: OperationProgress[] = [];
    const report = buildProgressReporter((p) => sent.push(p));
    const which = { build: 'first', tag: 'deploy-lab/pyweb-lesson:1.0' };
    report({ ...which, phase: 'started' });
    report({
      ...which,
      phase: 'event',
      event: { type: 'step', step: 1, totalSteps: 3, instruction: 'FROM scratch', at: 1 },
    });
    report({
      ...which,
      phase: 'event',
      event: {
        type: 'step',
        step: 2,
        totalSteps: 3,
        instruction: 'RUN sh /deps/install-deps.sh /deps/requirements.txt',
        at: 2,
      },
    });
    report({ ...which, phase: 'event', event: { type: 'cache-hit', step: 2, at: 3 } });
    report({
      ...which,
      phase: 'event',
      event: { type: 'step', step: 3, totalSteps: 3, instruction: 'RUN make', at: 4 },
    });
    report({
      ...which,
      phase: 'event',
      event: { type: 'output', step: 3, text: '\ncompiling   app\nmore', at: 5 },
    });
    report({ ...which, phase: 'event', event: { type: 'output', step: 3, text: 'ignored', at: 6 } });
    report({ ...which, phase: 'finished', ok: true });
    expect(sent.map((p) => [p.state, p.detail])).toEqual([
      ['running', 'Sending the build context to Docker…'],
      ['running', 'Step 1/3: FROM scratch'],
      ['running', 'Step 2/3: RUN sh /deps/install-deps.sh /deps/requirements.txt'],
      ['running', 'Step 2/3: RUN sh /deps/install-deps.sh /deps/requirements.txt (from cache)'],
      ['running', 'Step 3/3: RUN make'],
      ['running', 'Step 3/3: RUN make (running: compiling app)'],
      ['done', 'Built deploy-lab/pyweb-lesson:1.0: 3 steps, 1 from cache'],
    ]);
    expect(new Set(sent.map((p) => p.id))).toEqual(new Set(['build-1']));
    expect(sent[0]?.title).toBe('Building deploy-lab/pyweb-lesson:1.0');
    expect(sent[3]).toMatchObject({ step: 2, totalSteps: 3, cached: true, cacheHits: 1 });
  });

  it('a failed build says at which step and why; the next build has its own id', () => {
    const sent: OperationProgress[] = [];
    const report = buildProgressReporter((p) => sent.push(p));
    const which = { build: 'broken', tag: 'x:1' };
    report({ ...which, phase: 'started' });
    report({
      ...which,
      phase: 'event',
      event: { type: 'step', step: 4, totalSteps: 9, instruction: 'RUN false', at: 1 },
    });
    report({
      ...which,
      phase: 'finished',
      ok: false,
      error: "The command '/bin/sh -c false' returned a non-zero code: 1",
    });
    report({ ...which, phase: 'started' });
    expect(sent[2]).toMatchObject({
      id: 'build-1',
      state: 'failed',
      detail: "Build failed at step 4/9: The command '/bin/sh -c false' returned a non-zero code: 1",
    });
    expect(sent[3]?.id).toBe('build-2');
  });
});
