/**
 * What every scenario session does the same way, whatever it acts on: runs the scenario's step machine
 * with the engine's actors, persists progress after every settled state, resumes, and answers the
 * host's calls (view, check, hints one at a time, show me, reset, auto-run). The Kubernetes session
 * (scenario-session.ts) and the Docker session (docker-session.ts) differ only in how a step is
 * prepared, checked and solved: they pass those in as a StepEngine.
 */
import { createActor, fromPromise, waitFor, type Actor } from 'xstate';
import type { ScenarioMachine, StepEvaluation } from '../../scenarios/scenario-machine';
import type { ScenarioDefinition } from '../../scenarios/scenario-kit';
import type { ScenarioPorts } from './scenario-ports';
import { PROGRESS_FORMAT_VERSION, type ProgressStore } from './progress.store';
import type { ScenarioSession, SessionView, StepReport } from './scenario-session';

/** The parts of a step the driver reads (Kubernetes and Docker steps both have them). */
export interface DrivenStep {
  id: string;
  title: string;
  text: string;
  explanation: string;
  settleSeconds: number;
  checks: readonly { id: string; hints: readonly string[] }[];
}

type MachineActors = NonNullable<Parameters<ScenarioMachine['provide']>[0]['actors']>;

export interface StepEngine<Step extends DrivenStep> {
  steps: readonly Step[];
  /** Puts the step's start in place when a restore is due, then marks the step's start. */
  prepare(index: number): Promise<void>;
  /** The step's checks now, or (settleSeconds > 0) re-checked until they pass or time is up. */
  evaluate(index: number, settleSeconds: number): Promise<StepEvaluation>;
  applySolution(index: number): Promise<void>;
  /** The next prepare() puts the step's start back (reset, resume). */
  markForRestore(): void;
  /** The solution as the commands a learner would type, for "show me". */
  describeSolution(step: Step): string[];
  /** ms the current step has taken, on the clock its checks use (cluster time or wall). */
  stepElapsedMs(): number;
  /** Wall ms since the current step started. */
  stepWallMs(): number;
  /** Actors only some machines invoke (the CI/CD pipeline runner). */
  extraActors?: Partial<MachineActors>;
}

export interface DriverOptions {
  definition: ScenarioDefinition;
  ports: ScenarioPorts;
  progress?: ProgressStore;
  /** Re-run a resumed step from its start (default true). */
  restoreOnResume?: boolean;
}

export type DrivenSession = Omit<ScenarioSession, 'perform' | 'checkContext' | 'commands'>;

export function createSessionDriver<Step extends DrivenStep>(
  options: DriverOptions,
  engine: StepEngine<Step>,
): DrivenSession {
  const { definition, ports, progress } = options;
  const { steps } = engine;
  let lastEvaluation: StepEvaluation | undefined;
  /** The latest live evaluation (hosts poll evaluate()); hints follow it when the machine has none. */
  let liveEvaluation: { stepIndex: number; evaluation: StepEvaluation } | undefined;
  const reports: StepReport[] = [];
  let actor: Actor<ScenarioMachine> | undefined;
  let saving: Promise<void> = Promise.resolve();
  const texts = new Map<string, string>();

  const stepAt = (index: number): Step => {
    const step = steps[index];
    if (!step) throw new Error(`${definition.meta.id} has no step ${index + 1}`);
    return step;
  };

  const provided = definition.machine.provide({
    actors: {
      prepareStep: fromPromise(async ({ input }) => engine.prepare(input.stepIndex)),
      evaluateStep: fromPromise(async ({ input }) => {
        const step = stepAt(input.stepIndex);
        const evaluation = await engine.evaluate(input.stepIndex, input.settle ? step.settleSeconds : 0);
        lastEvaluation = evaluation;
        if (evaluation.passed) {
          reports.push({
            stepId: step.id,
            title: step.title,
            passed: true,
            usedSolution: input.settle,
            simMs: evaluation.simMs,
            wallMs: engine.stepWallMs(),
            results: evaluation.results,
          });
        }
        return evaluation;
      }),
      applySolution: fromPromise(async ({ input }) => engine.applySolution(input.stepIndex)),
      // The machine's `preparing` state that follows performs the restore.
      resetStep: fromPromise(async () => engine.markForRestore()),
      ...engine.extraActors,
    },
  });

  const input = {
    hintCounts: steps.map((s) => Object.fromEntries(s.checks.map((c) => [c.id, c.hints.length]))),
  };

  function current(): Actor<ScenarioMachine> {
    if (!actor) throw new Error('the scenario session has not started');
    return actor;
  }
  const settled = (value: unknown) => value === 'working' || value === 'done';
  const whenSettled = () => waitFor(current(), (s) => settled(s.value) || s.status === 'done');

  function persist() {
    if (!progress || !actor) return;
    const snapshot = actor.getPersistedSnapshot();
    saving = saving
      .then(() =>
        progress.save({
          formatVersion: PROGRESS_FORMAT_VERSION,
          scenarioId: definition.meta.id,
          scenarioVersion: definition.meta.version,
          backend: ports.backend,
          savedAt: ports.realTime.now(),
          snapshot,
        }),
      )
      .catch(() => undefined);
  }

  /** Sends an event and waits until the learner can act again; returns the evaluation it produced. */
  async function send(event: Parameters<Actor<ScenarioMachine>['send']>[0]) {
    lastEvaluation = undefined;
    // From here the machine's evaluation is the newest one.
    liveEvaluation = undefined;
    current().send(event);
    await whenSettled();
    await saving;
    return lastEvaluation;
  }

  return {
    definition,
    ports,
    async start() {
      const saved = await progress?.load(definition.meta.id, definition.meta.version);
      // Resume at the same step: the machine restarts in its saved state; the step is put back to its
      // start (a restarted embedded cluster is empty, a real one or the Docker engine may have drifted).
      actor = saved
        ? createActor(provided, { input, snapshot: saved.snapshot as never })
        : createActor(provided, { input });
      actor.subscribe((s) => {
        if (settled(s.value)) persist();
      });
      actor.start();
      if (saved && current().getSnapshot().value === 'working' && options.restoreOnResume !== false)
        current().send({ type: 'RESET' });
      await whenSettled();
      await saving;
      return { resumed: saved !== undefined };
    },
    async view(): Promise<SessionView> {
      const s = current().getSnapshot();
      const index = Math.min(s.context.stepIndex, steps.length - 1);
      const step = stepAt(index);
      let text = texts.get(step.text);
      if (text === undefined) {
        text = await ports.readScenarioFile(definition.folder, step.text);
        texts.set(step.text, text);
      }
      const hints: Record<string, string[]> = {};
      for (const check of step.checks) {
        const shown = s.context.hintsShown[check.id] ?? 0;
        if (shown > 0) hints[check.id] = check.hints.slice(0, shown);
      }
      return {
        scenarioId: definition.meta.id,
        status: s.value as SessionView['status'],
        stepIndex: index,
        stepCount: steps.length,
        step: { id: step.id, title: step.title, text, solution: engine.describeSolution(step) },
        ...(s.context.evaluation ? { evaluation: s.context.evaluation } : {}),
        hints,
        explanations: s.context.completed.map((c) => ({
          stepId: stepAt(c.stepIndex).id,
          text: stepAt(c.stepIndex).explanation,
        })),
        ...(s.context.error ? { error: s.context.error } : {}),
      };
    },
    check: () => send({ type: 'CHECK' }),
    hint() {
      const s = current().getSnapshot();
      const live = liveEvaluation?.stepIndex === s.context.stepIndex ? liveEvaluation.evaluation : undefined;
      const failing = (live ?? s.context.evaluation)?.results.find((r) => !r.passed);
      if (!failing) return undefined;
      current().send({ type: 'HINT', checkId: failing.id });
      persist();
      const shown = current().getSnapshot().context.hintsShown[failing.id] ?? 0;
      const check = stepAt(s.context.stepIndex).checks.find((c) => c.id === failing.id);
      return { checkId: failing.id, hints: check?.hints.slice(0, shown) ?? [] };
    },
    showMe: () => send({ type: 'SHOW_ME' }),
    async reset() {
      await send({ type: 'RESET' });
    },
    async runAuto(onStep) {
      while (current().getSnapshot().value !== 'done') {
        const before = current().getSnapshot().context.stepIndex;
        const reported = reports.length;
        await send({ type: 'SHOW_ME' });
        for (const r of reports.slice(reported)) onStep?.(r);
        const after = current().getSnapshot();
        if (after.value !== 'done' && after.context.stepIndex === before) {
          const step = stepAt(before);
          const evaluation = after.context.evaluation;
          const failed: StepReport = {
            stepId: step.id,
            title: step.title,
            passed: false,
            usedSolution: true,
            simMs: evaluation?.simMs ?? engine.stepElapsedMs(),
            wallMs: engine.stepWallMs(),
            results: evaluation?.results ?? [
              {
                id: 'solution',
                title: 'the solution ran',
                passed: false,
                message: after.context.error ?? 'unknown error',
              },
            ],
          };
          reports.push(failed);
          onStep?.(failed);
          return false;
        }
      }
      return true;
    },
    async evaluate(opts = {}) {
      const index = current().getSnapshot().context.stepIndex;
      const evaluation = await engine.evaluate(index, opts.settleSeconds ?? 0);
      liveEvaluation = { stepIndex: index, evaluation };
      return evaluation;
    },
    reports: () => reports,
    done: () => current().getSnapshot().value === 'done',
    stepIndex: () => current().getSnapshot().context.stepIndex,
    async dispose() {
      actor?.stop();
      await saving;
    },
  };
}
