/**
 * The step loop every guided scenario shares, as an xstate v5 machine built with setup(): prepare the
 * step, let the learner work, check (live state and the step's history), reveal hints, "show me",
 * reset. The actors here are placeholders that fail loudly: the engine (core/scenarios) provides the
 * real ones through `.provide()`, tests provide fakes, so the step logic is tested without a cluster.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';

export interface SubCheckResult {
  id: string;
  title: string;
  passed: boolean;
  message: string;
}

export interface StepEvaluation {
  passed: boolean;
  results: SubCheckResult[];
  /** Virtual ms the step took until this evaluation. */
  simMs: number;
}

export interface StepInput {
  stepIndex: number;
  /** True after "show me": the checks may wait for the cluster to settle. */
  settle: boolean;
}

export interface ScenarioMachineContext {
  stepIndex: number;
  stepCount: number;
  evaluation?: StepEvaluation;
  /** Hints revealed per sub-check id for the current step. */
  hintsShown: Record<string, number>;
  /** Hint counts per sub-check for the current step (from the definition). */
  hintCounts: Record<string, number>[];
  settle: boolean;
  error?: string;
  completed: { stepIndex: number; evaluation: StepEvaluation; usedSolution: boolean }[];
  usedSolution: boolean;
}

export type ScenarioMachineEvent =
  { type: 'CHECK' } | { type: 'SHOW_ME' } | { type: 'RESET' } | { type: 'HINT'; checkId: string };

export interface ScenarioMachineInput {
  /** Per step: sub-check id -> number of hints. */
  hintCounts: Record<string, number>[];
}

function notProvided(name: string) {
  return async (): Promise<never> => {
    throw new Error(
      `scenario actor "${name}" was not provided (the engine or a test provides it with .provide())`,
    );
  };
}

export const scenarioSetup = setup({
  types: {
    context: {} as ScenarioMachineContext,
    events: {} as ScenarioMachineEvent,
    input: {} as ScenarioMachineInput,
  },
  actors: {
    /** Non-destructive start of a step: mark its start time, start its traffic. */
    prepareStep: fromPromise<void, StepInput>(notProvided('prepareStep')),
    /** Evaluate every sub-check of the step. */
    evaluateStep: fromPromise<StepEvaluation, StepInput>(notProvided('evaluateStep')),
    /** "Show me": perform the step's solution. */
    applySolution: fromPromise<void, StepInput>(notProvided('applySolution')),
    /** Restore the cluster to the step's start. */
    resetStep: fromPromise<void, StepInput>(notProvided('resetStep')),
    /**
     * Runs for the whole scenario (invoked at the machine's root) when the scenario asks for it with
     * `createScenarioMachine(id, { pipeline: true })`: the CI/CD pipeline runner, which turns commit
     * ConfigMaps into pipeline runs in the cluster (core/scenarios/pipeline-runner.ts).
     */
    pipelineRunner: fromCallback<ScenarioMachineEvent, { scenarioId: string }>(() => {
      throw new Error(
        'scenario actor "pipelineRunner" was not provided (the engine or a test provides it with .provide())',
      );
    }),
  },
  guards: {
    passedLastStep: ({ context }, params: { passed: boolean }) =>
      params.passed && context.stepIndex >= context.stepCount - 1,
    passed: (_, params: { passed: boolean }) => params.passed,
    hasHint: ({ context }, params: { checkId: string }) =>
      (context.hintsShown[params.checkId] ?? 0) <
      (context.hintCounts[context.stepIndex]?.[params.checkId] ?? 0),
  },
  actions: {
    recordEvaluation: assign((_, params: { evaluation: StepEvaluation }) => ({
      evaluation: params.evaluation,
      error: undefined,
    })),
    completeStep: assign(({ context }, params: { evaluation: StepEvaluation }) => ({
      completed: [
        ...context.completed,
        { stepIndex: context.stepIndex, evaluation: params.evaluation, usedSolution: context.usedSolution },
      ],
    })),
    nextStep: assign(({ context }) => ({
      stepIndex: context.stepIndex + 1,
      evaluation: undefined,
      hintsShown: {},
      usedSolution: false,
      settle: false,
    })),
    revealHint: assign(({ context }, params: { checkId: string }) => ({
      hintsShown: { ...context.hintsShown, [params.checkId]: (context.hintsShown[params.checkId] ?? 0) + 1 },
    })),
    recordError: assign((_, params: { error: unknown }) => ({
      error: params.error instanceof Error ? params.error.message : String(params.error),
    })),
    markSolution: assign({ usedSolution: true, settle: true }),
    markManual: assign({ settle: false }),
    clearForReset: assign({ evaluation: undefined, hintsShown: {}, settle: false, error: undefined }),
  },
});

export interface ScenarioMachineOptions {
  /** The scenario needs the engine's pipeline runner for as long as it runs (cicd-pipeline). */
  pipeline?: boolean;
}

export function createScenarioMachine(id: string, options: ScenarioMachineOptions = {}) {
  return scenarioSetup.createMachine({
    id,
    ...(options.pipeline
      ? { invoke: { id: 'pipelineRunner', src: 'pipelineRunner' as const, input: { scenarioId: id } } }
      : {}),
    initial: 'preparing',
    context: ({ input }) => ({
      stepIndex: 0,
      stepCount: input.hintCounts.length,
      hintCounts: input.hintCounts,
      hintsShown: {},
      settle: false,
      completed: [],
      usedSolution: false,
    }),
    states: {
      preparing: {
        invoke: {
          src: 'prepareStep',
          input: ({ context }) => ({ stepIndex: context.stepIndex, settle: false }),
          onDone: 'working',
          onError: {
            target: 'working',
            actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) },
          },
        },
      },
      working: {
        on: {
          CHECK: { target: 'checking', actions: 'markManual' },
          SHOW_ME: 'solving',
          RESET: 'resetting',
          HINT: {
            guard: { type: 'hasHint', params: ({ event }) => ({ checkId: event.checkId }) },
            actions: { type: 'revealHint', params: ({ event }) => ({ checkId: event.checkId }) },
          },
        },
      },
      checking: {
        invoke: {
          src: 'evaluateStep',
          input: ({ context }) => ({ stepIndex: context.stepIndex, settle: context.settle }),
          onDone: [
            {
              guard: { type: 'passedLastStep', params: ({ event }) => ({ passed: event.output.passed }) },
              target: 'done',
              actions: [
                { type: 'recordEvaluation', params: ({ event }) => ({ evaluation: event.output }) },
                { type: 'completeStep', params: ({ event }) => ({ evaluation: event.output }) },
              ],
            },
            {
              guard: { type: 'passed', params: ({ event }) => ({ passed: event.output.passed }) },
              target: 'preparing',
              actions: [
                { type: 'completeStep', params: ({ event }) => ({ evaluation: event.output }) },
                'nextStep',
              ],
            },
            {
              target: 'working',
              actions: { type: 'recordEvaluation', params: ({ event }) => ({ evaluation: event.output }) },
            },
          ],
          onError: {
            target: 'working',
            actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) },
          },
        },
      },
      solving: {
        entry: 'markSolution',
        invoke: {
          src: 'applySolution',
          input: ({ context }) => ({ stepIndex: context.stepIndex, settle: true }),
          onDone: 'checking',
          onError: {
            target: 'working',
            actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) },
          },
        },
      },
      resetting: {
        entry: 'clearForReset',
        invoke: {
          src: 'resetStep',
          input: ({ context }) => ({ stepIndex: context.stepIndex, settle: false }),
          onDone: 'preparing',
          onError: {
            target: 'working',
            actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) },
          },
        },
      },
      done: { type: 'final' },
    },
  });
}

export type ScenarioMachine = ReturnType<typeof createScenarioMachine>;
