/**
 * The scenario engine: runs a scenario's xstate machine with the real actors provided through
 * `.provide()` (prepare a step, evaluate its checks over live state and history, run its solution,
 * reset it), persists progress after every settled state, and exposes what a host (UI, CLI, tests)
 * needs: the current step, check results, hints one at a time, "show me", reset, auto-run.
 */
import { createActor, fromCallback, fromPromise, waitFor, type Actor } from 'xstate';
import {
  type ScenarioMachine,
  type StepEvaluation,
  type SubCheckResult,
} from '../../scenarios/scenario-machine';
import type {
  CheckContext,
  KubeObject,
  ScenarioDefinition,
  StepDefinition,
} from '../../scenarios/scenario-kit';
import { describeAction, rolledOut } from '../../scenarios/scenario-kit';
import {
  buildCheckContext,
  createActionRunner,
  deleteObject,
  scenarioObjects,
  startNotReadyNodes,
  waitUntil,
  type CommandLogEntry,
} from './scenario-actions';
import type { ScenarioPorts } from './scenario-ports';
import { PROGRESS_FORMAT_VERSION, type ProgressStore } from './progress.store';
import { parseManifests } from '../kube/manifest-parse';
import { isDockerScenario } from '../../scenarios/docker-build/docker-kit';
import { createDockerScenarioSession } from './docker-session';
import { createPipelineRunner } from './pipeline-runner';

export interface StepReport {
  stepId: string;
  title: string;
  passed: boolean;
  usedSolution: boolean;
  /** Cluster (virtual on the embedded cluster) ms from the step's start to its passing check. */
  simMs: number;
  wallMs: number;
  results: SubCheckResult[];
}

export interface SessionView {
  scenarioId: string;
  status: 'preparing' | 'working' | 'checking' | 'solving' | 'resetting' | 'done';
  stepIndex: number;
  stepCount: number;
  step: { id: string; title: string; text: string; solution: string[] };
  evaluation?: StepEvaluation;
  /** Hints revealed so far, per sub-check of the current step. */
  hints: Record<string, string[]>;
  /** The previous step's explanation once it passed (and this step's when the scenario is done). */
  explanations: { stepId: string; text: string }[];
  error?: string;
}

export interface ScenarioSession {
  readonly definition: ScenarioDefinition;
  readonly ports: ScenarioPorts;
  /** Starts fresh, or resumes saved progress at the same step (the cluster is restored to that step's start). */
  start(): Promise<{ resumed: boolean }>;
  view(): Promise<SessionView>;
  check(): Promise<StepEvaluation | undefined>;
  /** Reveals the next hint of the first failing sub-check; returns the hints shown for it. */
  hint(): { checkId: string; hints: string[] } | undefined;
  showMe(): Promise<StepEvaluation | undefined>;
  reset(): Promise<void>;
  /** Runs every remaining step's solution; stops at the first step whose checks do not pass. */
  runAuto(onStep?: (report: StepReport) => void): Promise<boolean>;
  /** Runs actions as a learner would (tests use it for mistakes). */
  perform(actions: Parameters<ReturnType<typeof createActionRunner>['run']>[1]): Promise<void>;
  /** Evaluates the current step without moving the machine (tests, live check display). */
  evaluate(options?: { settleSeconds?: number }): Promise<StepEvaluation>;
  checkContext(): Promise<CheckContext>;
  reports(): StepReport[];
  commands(): CommandLogEntry[];
  done(): boolean;
  stepIndex(): number;
  dispose(): Promise<void>;
}

export interface SessionOptions {
  definition: ScenarioDefinition;
  ports: ScenarioPorts;
  progress?: ProgressStore;
  /** Re-run a resumed step from its start even if nothing was saved mid-step (default true). */
  restoreOnResume?: boolean;
}

const SCENARIO_LABEL = 'scenario';

function evaluateChecks(step: StepDefinition, ctx: CheckContext): StepEvaluation {
  const results = step.checks.map((check) => {
    let verdict;
    try {
      verdict = check.evaluate(ctx);
    } catch (err) {
      verdict = {
        passed: false,
        message: `the check itself failed: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    return { id: check.id, title: check.title, passed: verdict.passed, message: verdict.message };
  });
  return { passed: results.every((r) => r.passed), results, simMs: ctx.now - ctx.stepStartedAt };
}

export function createScenarioSession(options: SessionOptions): ScenarioSession {
  // Container scenarios act on a Docker engine, not a cluster: same session surface, other engine.
  if (isDockerScenario(options.definition))
    return createDockerScenarioSession({ ...options, definition: options.definition });
  const { definition, ports, progress } = options;
  const steps = definition.steps;
  const runner = createActionRunner(ports);
  const machine: ScenarioMachine = definition.machine;
  let stepStartedAt = 0;
  let stepStartedWall = 0;
  let atStart = new Map<string, KubeObject[]>();
  let needsRestore = true;
  let lastEvaluation: StepEvaluation | undefined;
  /** The latest live evaluation (hosts poll evaluate()); hints follow it when the machine has none. */
  let liveEvaluation: { stepIndex: number; evaluation: StepEvaluation } | undefined;
  const reports: StepReport[] = [];
  let actor: Actor<ScenarioMachine> | undefined;
  let saving: Promise<void> = Promise.resolve();
  const texts = new Map<string, string>();

  const stepAt = (index: number): StepDefinition => {
    const step = steps[index];
    if (!step) throw new Error(`${definition.meta.id} has no step ${index + 1}`);
    return step;
  };
  const checkContext = () => buildCheckContext(ports, stepStartedAt, atStart);

  async function restore(index: number) {
    const step = stepAt(index);
    await ports.traffic.stop().catch(() => undefined);
    if (ports.backend === 'sim') {
      await ports.faults.clearAll().catch(() => undefined);
      await startNotReadyNodes(ports).catch(() => undefined);
    }
    // Delete what the scenario declares, then re-create the step's start: a merge-patch apply alone
    // would keep fields the learner added (a probe, a selector) and the step would not start clean.
    const objects = await scenarioObjects(ports, definition);
    for (const o of objects) await deleteObject(ports, o.kind, o.name);
    await waitUntil(
      ports,
      `the ${definition.meta.id} objects are gone`,
      async () => {
        const names = new Set(objects.map((o) => `${o.kind}/${o.name}`));
        const kinds: [string, string][] = [
          ['deployments', 'Deployment'],
          ['services', 'Service'],
        ];
        const left = kinds.some(([resource, kind]) =>
          ports.cluster.timeline.list(resource).some((o) => names.has(`${kind}/${o.metadata?.name ?? ''}`)),
        );
        const pods = ports.cluster.timeline
          .list('pods')
          .some((p) => p.metadata?.labels?.[SCENARIO_LABEL] === definition.meta.id);
        return !left && !pods;
      },
      300,
    );
    if (step.start.manifests.length > 0) {
      await runner.run(
        definition,
        step.start.manifests.map((manifest) => ({ do: 'apply' as const, manifest })),
        checkContext,
      );
      const deployments: string[] = [];
      for (const m of step.start.manifests) {
        const text = await ports.readScenarioFile(definition.folder, `manifests/${m}`);
        for (const o of parseManifests(text, m))
          if (o.kind === 'Deployment' && o.metadata?.name) deployments.push(o.metadata.name);
      }
      await waitUntil(
        ports,
        `the step's starting Deployments (${deployments.join(', ')}) are rolled out`,
        async () => {
          const ctx = await checkContext();
          return deployments.every((d) => rolledOut(ctx, d).passed);
        },
        300,
      );
    }
    if (step.start.actions?.length) await runner.run(definition, step.start.actions, checkContext);
  }

  async function prepare(index: number) {
    if (needsRestore) {
      await restore(index);
      needsRestore = false;
    }
    const step = stepAt(index);
    if (step.start.traffic) {
      const service = step.start.traffic.service;
      // A just-restored Service: wait for a ready endpoint plus kube-proxy's lag (about 1 s), so the
      // step's first requests do not fail for a reason that is not the learner's.
      await waitUntil(
        ports,
        `Service "${service}" has a ready endpoint`,
        async () =>
          ports.cluster.timeline
            .list('endpointslices')
            .some(
              (s) =>
                s.metadata?.labels?.['kubernetes.io/service-name'] === service &&
                ((s as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []).some(
                  (e) => e.conditions?.ready !== false,
                ),
            ),
        300,
      ).catch(() => undefined);
      await ports.clock.sleep(2000);
    }
    stepStartedAt = await ports.clock.sync();
    stepStartedWall = ports.realTime.now();
    atStart = ports.cluster.timeline.snapshot();
    if (step.start.traffic) {
      await ports.traffic.stop();
      await ports.traffic.start({ namespace: ports.cluster.namespace, ...step.start.traffic });
    }
  }

  async function evaluate(index: number, settleSeconds: number): Promise<StepEvaluation> {
    const step = stepAt(index);
    let last = evaluateChecks(step, await checkContext());
    if (settleSeconds <= 0) return last;
    let streak = last.passed ? 1 : 0;
    try {
      await waitUntil(
        ports,
        `step "${step.title}" passes its checks`,
        async () => {
          last = evaluateChecks(step, await checkContext());
          // Twice in a row: a check must not pass on a cache that has not yet seen the last change.
          streak = last.passed ? streak + 1 : 0;
          return streak >= 2;
        },
        settleSeconds,
      );
    } catch {
      // Timed out: the last evaluation says which sub-check fails and why.
    }
    return last;
  }

  const provided = machine.provide({
    actors: {
      prepareStep: fromPromise(async ({ input }) => prepare(input.stepIndex)),
      evaluateStep: fromPromise(async ({ input }) => {
        const step = stepAt(input.stepIndex);
        const evaluation = await evaluate(input.stepIndex, input.settle ? step.settleSeconds : 0);
        lastEvaluation = evaluation;
        if (evaluation.passed) {
          reports.push({
            stepId: step.id,
            title: step.title,
            passed: true,
            usedSolution: input.settle,
            simMs: evaluation.simMs,
            wallMs: ports.realTime.now() - stepStartedWall,
            results: evaluation.results,
          });
        }
        return evaluation;
      }),
      applySolution: fromPromise(async ({ input }) =>
        runner.run(definition, stepAt(input.stepIndex).solution, checkContext),
      ),
      // The machine's `preparing` state that follows performs the restore.
      resetStep: fromPromise(async () => {
        needsRestore = true;
      }),
      // Invoked only by machines that ask for it (cicd-pipeline); runs until the session stops.
      pipelineRunner: fromCallback(() => {
        const runner = createPipelineRunner(ports);
        return () => void runner.stop();
      }),
    },
  });

  const input = {
    hintCounts: steps.map((s) => Object.fromEntries(s.checks.map((c) => [c.id, c.hints.length]))),
  };

  function current(): Actor<ScenarioMachine> {
    if (!actor) throw new Error('the scenario session has not started');
    return actor;
  }

  function settled(value: unknown): boolean {
    return value === 'working' || value === 'done';
  }

  async function whenSettled() {
    return waitFor(current(), (s) => settled(s.value) || s.status === 'done');
  }

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
      let resumed = false;
      if (saved) {
        // Resume at the same step: the machine restarts in its saved state, the cluster is put back to
        // that step's start (a restarted embedded cluster is empty; a real one may have drifted).
        actor = createActor(provided, { input, snapshot: saved.snapshot as never });
        resumed = true;
      } else {
        actor = createActor(provided, { input });
      }
      actor.subscribe((s) => {
        if (settled(s.value)) persist();
      });
      actor.start();
      if (resumed && current().getSnapshot().value === 'working' && options.restoreOnResume !== false) {
        current().send({ type: 'RESET' });
      }
      await whenSettled();
      await saving;
      return { resumed };
    },
    async view() {
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
        step: {
          id: step.id,
          title: step.title,
          text,
          solution: step.solution.map((a) => describeAction(a, ports.cluster.namespace)),
        },
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
          reports.push({
            stepId: step.id,
            title: step.title,
            passed: false,
            usedSolution: true,
            simMs: evaluation?.simMs ?? ports.clock.now() - stepStartedAt,
            wallMs: ports.realTime.now() - stepStartedWall,
            results: evaluation?.results ?? [
              {
                id: 'solution',
                title: 'the solution ran',
                passed: false,
                message: after.context.error ?? 'unknown error',
              },
            ],
          });
          for (const r of reports.slice(reported)) onStep?.(r);
          return false;
        }
      }
      return true;
    },
    perform: (actions) => runner.run(definition, actions, checkContext),
    async evaluate(opts = {}) {
      const index = current().getSnapshot().context.stepIndex;
      const evaluation = await evaluate(index, opts.settleSeconds ?? 0);
      liveEvaluation = { stepIndex: index, evaluation };
      return evaluation;
    },
    checkContext,
    reports: () => reports,
    commands: () => runner.log(),
    done: () => current().getSnapshot().value === 'done',
    stepIndex: () => current().getSnapshot().context.stepIndex,
    async dispose() {
      actor?.stop();
      await saving;
    },
  };
}
