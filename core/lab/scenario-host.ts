/**
 * Guided scenarios inside the app: one scenario session at a time on the connected cluster, run by
 * the scenario engine (core/scenarios) through the same ports the headless runner uses. The UI only
 * sees ScenarioView snapshots; every change is also pushed as a `scenario.changed` event.
 */
import { join } from 'node:path';
import {
  LabFailure,
  type OperationProgress,
  type ScenarioMode,
  type ScenarioReportFile,
  type ScenarioSummary,
  type ScenarioView,
} from '../contract';
import { findScenario, scenarioDefinitions } from '../../scenarios';
import { openSimPorts } from '../scenarios/backend-ports';
import { buildProgressReporter } from './build-progress';
import { openDockerPorts } from '../scenarios/docker-ports';
import type { ScenarioPorts } from '../scenarios/scenario-ports';
import { createProgressStore } from '../scenarios/progress.store';
import { createScenarioSession, type ScenarioSession, type SessionView } from '../scenarios/scenario-session';
import { systemRealTime } from '../traffic/real-time';
import { startDrillRun, startInterviewRun, type ModeRun } from './scenario-modes';

export interface ScenarioHost {
  /**
   * Starts a scenario. A Docker-only one (meta.backends ['docker']) runs on the Docker engine whatever
   * cluster is connected (or none); the others need the connected cluster.
   */
  start(
    id: string,
    cluster: { kubeconfigPath: string; labApi: boolean } | undefined,
    options?: { mode?: ScenarioMode; seed?: number },
  ): Promise<ScenarioView>;
  view(): Promise<ScenarioView | null>;
  check(): Promise<ScenarioView>;
  hint(): Promise<ScenarioView>;
  showMe(): Promise<ScenarioView>;
  reset(): Promise<ScenarioView>;
  stop(): Promise<boolean>;
  /** The connected cluster goes away: a scenario on it stops, a Docker-only one goes on. */
  clusterGone(): Promise<boolean>;
  /** Ends a drill or interview run now (its timer stops; an interview shows its questions). */
  end(): Promise<ScenarioView>;
  /** The finished drill's or interview's report, as an HTML file. */
  report(): Promise<ScenarioReportFile>;
  /** A command the learner ran through the app, for a drill's or interview's timeline. */
  noteCommand(text: string): void;
  /** The list as the UI shows it: which scenarios offer a drill. */
  summaries(list: readonly ScenarioSummary[]): ScenarioSummary[];
}

function toView(title: string, view: SessionView, resumed: boolean): ScenarioView {
  return {
    scenarioId: view.scenarioId,
    title,
    status: view.status,
    stepIndex: view.stepIndex,
    stepCount: view.stepCount,
    step: view.step,
    ...(view.evaluation
      ? { checks: { passed: view.evaluation.passed, results: view.evaluation.results } }
      : {}),
    hints: view.hints,
    explanations: view.explanations,
    resumed,
    ...(view.error ? { error: view.error } : {}),
  };
}

export function createScenarioHost(deps: {
  dataDir: string;
  emit(view: ScenarioView | null): void;
  /** Long operations of a running scenario (image builds), as they go. */
  progress?(progress: OperationProgress): void;
  /** Where Docker-only scenarios reach Docker (default /var/run/docker.sock). */
  docker?: { socketPath?: string };
}): ScenarioHost {
  let current:
    | { session: ScenarioSession; title: string; resumed: boolean; docker?: boolean; mode?: ModeRun }
    | undefined;
  const progress = createProgressStore(join(deps.dataDir, 'progress'));

  function require(): NonNullable<typeof current> {
    if (!current)
      throw new LabFailure('invalid-request', 'No scenario is running: start one from the scenario list.');
    return current;
  }

  async function publish(): Promise<ScenarioView> {
    const view = await viewOf(require());
    deps.emit(view);
    return view;
  }

  async function viewOf(running: NonNullable<typeof current>): Promise<ScenarioView> {
    // A drill has no step machine of its own: its run makes the whole view.
    const base =
      running.mode?.mode === 'drill'
        ? undefined
        : toView(running.title, await running.session.view(), running.resumed);
    return running.mode ? running.mode.view(base) : (base as ScenarioView);
  }

  function refuseIn(running: NonNullable<typeof current>, what: 'hint' | 'showMe' | 'reset') {
    const refusal = running.mode?.refusal(what);
    if (refusal) throw refusal;
    return running;
  }

  async function stop(): Promise<boolean> {
    if (!current) return false;
    const previous = current;
    current = undefined;
    await previous.mode?.dispose();
    await previous.session.dispose();
    // The session does not own its ports (the headless runner reuses them): release them here.
    await previous.session.ports.dispose();
    deps.emit(null);
    return true;
  }

  return {
    async start(id, cluster, options = {}) {
      const definition = findScenario(id);
      if (!definition) throw new LabFailure('not-found', `no scenario "${id}"; see the scenario list`);
      const mode = options.mode ?? 'guided';
      if (mode === 'drill' && !definition.drill) {
        const withDrills = scenarioDefinitions.filter((s) => s.drill).map((s) => s.meta.id);
        throw new LabFailure(
          'invalid-request',
          `"${definition.meta.title}" has no drill; drills exist for: ${withDrills.join(', ')}`,
        );
      }
      const dockerOnly =
        definition.meta.backends.length > 0 && definition.meta.backends.every((b) => b === 'docker');
      if (!dockerOnly && !cluster) throw new LabFailure('unavailable', 'Connect a Kubernetes cluster first.');
      if (cluster && !dockerOnly && !cluster.labApi) {
        throw new LabFailure(
          'not-implemented',
          'In this version the app runs scenarios on the embedded cluster; use `deploy-lab run --backend kind` for kind.',
        );
      }
      await stop();
      let ports: ScenarioPorts;
      if (dockerOnly) {
        // The same Docker session the CLI's `run --backend docker` opens; its run id labels everything.
        try {
          ports = await openDockerPorts({
            realTime: systemRealTime,
            ...(deps.docker?.socketPath ? { socketPath: deps.docker.socketPath } : {}),
            onBuildProgress: buildProgressReporter((p) => deps.progress?.(p)),
          });
        } catch (err) {
          throw new LabFailure(
            'unavailable',
            `"${definition.meta.title}" runs on Docker, and Docker cannot be reached: ${err instanceof Error ? err.message : String(err)}. Run \`deploy-lab doctor\` for what to fix, then start the scenario again.`,
          );
        }
      } else {
        if (!cluster) throw new LabFailure('unavailable', 'Connect a Kubernetes cluster first.');
        ports = await openSimPorts({ kubeconfigPath: cluster.kubeconfigPath, realTime: systemRealTime });
      }
      // Drills and interviews always start fresh: no saved progress is resumed or written.
      const session = createScenarioSession({
        definition,
        ports,
        ...(mode === 'guided' ? { progress } : {}),
      });
      current = { session, title: definition.meta.title, resumed: false, docker: dockerOnly };
      const running = current;
      try {
        if (mode === 'drill') {
          running.mode = await startDrillRun({
            definition,
            ports,
            seed: options.seed ?? ports.realTime.now() % 100_000,
            changed: () => {
              if (current === running) void publish().catch(() => undefined);
            },
          });
        } else {
          const { resumed } = await session.start();
          running.resumed = resumed;
          if (mode === 'interview') running.mode = await startInterviewRun({ definition, session, ports });
        }
      } catch (err) {
        if (err instanceof LabFailure && err.code !== 'unavailable') {
          await stop();
          throw err;
        }
        await stop();
        throw new LabFailure(
          'unavailable',
          `could not start "${id}": ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return publish();
    },
    async view() {
      return current ? viewOf(current) : null;
    },
    async check() {
      const running = require();
      if (running.mode) await running.mode.check();
      else await running.session.check();
      return publish();
    },
    async hint() {
      refuseIn(require(), 'hint').session.hint();
      return publish();
    },
    async showMe() {
      await refuseIn(require(), 'showMe').session.showMe();
      return publish();
    },
    async reset() {
      await refuseIn(require(), 'reset').session.reset();
      return publish();
    },
    async end() {
      const running = require();
      if (!running.mode)
        throw new LabFailure(
          'invalid-request',
          'Only a drill or an interview run can be ended; leave a guided scenario with Leave.',
        );
      await running.mode.end();
      return publish();
    },
    async report() {
      const running = require();
      if (!running.mode)
        throw new LabFailure('invalid-request', 'A guided scenario has no report: drills and interviews do.');
      return running.mode.report();
    },
    noteCommand(text) {
      current?.mode?.noteCommand(text);
    },
    summaries(list) {
      return list.map((s) => (findScenario(s.id)?.drill ? { ...s, drill: true } : { ...s }));
    },
    stop,
    async clusterGone() {
      return current && !current.docker ? stop() : false;
    },
  };
}
