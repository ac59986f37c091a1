/**
 * The scenario engine: runs a scenario's xstate machine with the real actors provided through
 * `.provide()` (prepare a step, evaluate its checks over live state and history, run its solution,
 * reset it), persists progress after every settled state, and exposes what a host (UI, CLI, tests)
 * needs: the current step, check results, hints one at a time, "show me", reset, auto-run.
 */
import { fromCallback } from 'xstate';
import type { StepEvaluation, SubCheckResult } from '../../scenarios/scenario-machine';
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
import type { ProgressStore } from './progress.store';
import { createSessionDriver } from './session-driver';
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
  const { definition, ports } = options;
  const steps = definition.steps;
  const runner = createActionRunner(ports);
  let stepStartedAt = 0;
  let stepStartedWall = 0;
  let atStart = new Map<string, KubeObject[]>();
  let needsRestore = true;

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

  const driver = createSessionDriver(options, {
    steps,
    prepare,
    evaluate,
    applySolution: (index) => runner.run(definition, stepAt(index).solution, checkContext),
    markForRestore: () => {
      needsRestore = true;
    },
    describeSolution: (step) => step.solution.map((a) => describeAction(a, ports.cluster.namespace)),
    stepElapsedMs: () => ports.clock.now() - stepStartedAt,
    stepWallMs: () => ports.realTime.now() - stepStartedWall,
    extraActors: {
      // Invoked only by machines that ask for it (cicd-pipeline); runs until the session stops.
      pipelineRunner: fromCallback(() => {
        const pipeline = createPipelineRunner(ports);
        return () => void pipeline.stop();
      }),
    },
  });

  return {
    ...driver,
    perform: (actions) => runner.run(definition, actions, checkContext),
    checkContext,
    commands: () => runner.log(),
  };
}
