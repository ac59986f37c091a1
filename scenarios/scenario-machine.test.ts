import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, waitFor } from 'xstate';
import { createScenarioMachine, type StepEvaluation, type StepInput } from './scenario-machine';

/** Fakes for the engine's actors, provided exactly as the real ones are: through .provide(). */
function fakeEngine(verdicts: boolean[]) {
  const calls: string[] = [];
  const machine = createScenarioMachine('fake').provide({
    actors: {
      prepareStep: fromPromise<void, StepInput>(async ({ input }) => {
        calls.push(`prepare ${input.stepIndex}`);
      }),
      evaluateStep: fromPromise<StepEvaluation, StepInput>(async ({ input }) => {
        const passed = verdicts.shift() ?? false;
        calls.push(`evaluate ${input.stepIndex}${input.settle ? ' settle' : ''} -> ${passed}`);
        return {
          passed,
          simMs: 1000,
          results: [{ id: 'a', title: 'A', passed, message: passed ? 'fine' : 'not yet' }],
        };
      }),
      applySolution: fromPromise<void, StepInput>(async ({ input }) => {
        calls.push(`solution ${input.stepIndex}`);
      }),
      resetStep: fromPromise<void, StepInput>(async ({ input }) => {
        calls.push(`reset ${input.stepIndex}`);
      }),
    },
  });
  return { machine, calls };
}

const input = { hintCounts: [{ a: 2 }, { a: 1 }] };
const settled = (s: { value: unknown }) => s.value === 'working' || s.value === 'done';

describe('scenario machine (fake actors)', () => {
  it('prepares, checks, reveals hints one at a time, and moves on when the checks pass', async () => {
    const { machine, calls } = fakeEngine([false, true, true]);
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, settled);
    actor.send({ type: 'CHECK' });
    await waitFor(actor, settled);
    expect(actor.getSnapshot().context.evaluation?.results[0]?.message).toBe('not yet');
    actor.send({ type: 'HINT', checkId: 'a' });
    actor.send({ type: 'HINT', checkId: 'a' });
    actor.send({ type: 'HINT', checkId: 'a' }); // only 2 hints exist
    expect(actor.getSnapshot().context.hintsShown).toEqual({ a: 2 });
    actor.send({ type: 'CHECK' });
    await waitFor(actor, settled);
    expect(actor.getSnapshot().context.stepIndex).toBe(1);
    expect(actor.getSnapshot().context.hintsShown).toEqual({});
    actor.send({ type: 'SHOW_ME' });
    await waitFor(actor, (s) => s.status === 'done');
    expect(actor.getSnapshot().value).toBe('done');
    expect(actor.getSnapshot().context.completed.map((c) => [c.stepIndex, c.usedSolution])).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(calls).toEqual([
      'prepare 0',
      'evaluate 0 -> false',
      'evaluate 0 -> true',
      'prepare 1',
      'solution 1',
      'evaluate 1 settle -> true',
    ]);
  });

  it('reset restores the step and prepares it again; a persisted snapshot resumes at the same step', async () => {
    const { machine, calls } = fakeEngine([true]);
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, settled);
    actor.send({ type: 'CHECK' });
    await waitFor(actor, (s) => settled(s) && s.context.stepIndex === 1);
    actor.send({ type: 'RESET' });
    await waitFor(actor, settled);
    expect(calls.slice(-2)).toEqual(['reset 1', 'prepare 1']);
    const saved = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as object;
    actor.stop();

    const again = fakeEngine([]);
    const resumed = createActor(again.machine, { input, snapshot: saved as never }).start();
    expect(resumed.getSnapshot().value).toBe('working');
    expect(resumed.getSnapshot().context.stepIndex).toBe(1);
    expect(resumed.getSnapshot().context.completed).toHaveLength(1);
    // Nothing re-ran on restore: the engine decides to reset the cluster to the step's start.
    expect(again.calls).toEqual([]);
  });

  it('an actor that fails leaves the learner working with the error shown', async () => {
    const machine = createScenarioMachine('broken');
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, settled);
    expect(actor.getSnapshot().context.error).toMatch(/"prepareStep" was not provided/);
  });
});
