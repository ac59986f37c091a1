/**
 * Guided scenarios inside the app: one scenario session at a time on the connected cluster, run by
 * the scenario engine (core/scenarios) through the same ports the headless runner uses. The UI only
 * sees ScenarioView snapshots; every change is also pushed as a `scenario.changed` event.
 */
import { join } from 'node:path';
import { LabFailure, type OperationProgress, type ScenarioView } from '../contract';
import { findScenario } from '../../scenarios';
import { openSimPorts } from '../scenarios/backend-ports';
import { buildProgressReporter } from './build-progress';
import { openDockerPorts } from '../scenarios/docker-ports';
import type { ScenarioPorts } from '../scenarios/scenario-ports';
import { createProgressStore } from '../scenarios/progress.store';
import { createScenarioSession, type ScenarioSession, type SessionView } from '../scenarios/scenario-session';
import { systemRealTime } from '../traffic/real-time';

export interface ScenarioHost {
  /**
   * Starts a scenario. A Docker-only one (meta.backends ['docker']) runs on the Docker engine whatever
   * cluster is connected (or none); the others need the connected cluster.
   */
  start(id: string, cluster: { kubeconfigPath: string; labApi: boolean } | undefined): Promise<ScenarioView>;
  view(): Promise<ScenarioView | null>;
  check(): Promise<ScenarioView>;
  hint(): Promise<ScenarioView>;
  showMe(): Promise<ScenarioView>;
  reset(): Promise<ScenarioView>;
  stop(): Promise<boolean>;
  /** The connected cluster goes away: a scenario on it stops, a Docker-only one goes on. */
  clusterGone(): Promise<boolean>;
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
  let current: { session: ScenarioSession; title: string; resumed: boolean; docker?: boolean } | undefined;
  const progress = createProgressStore(join(deps.dataDir, 'progress'));

  function require(): { session: ScenarioSession; title: string; resumed: boolean } {
    if (!current)
      throw new LabFailure('invalid-request', 'No scenario is running: start one from the scenario list.');
    return current;
  }

  async function publish(): Promise<ScenarioView> {
    const running = require();
    const view = toView(running.title, await running.session.view(), running.resumed);
    deps.emit(view);
    return view;
  }

  async function stop(): Promise<boolean> {
    if (!current) return false;
    const previous = current;
    current = undefined;
    await previous.session.dispose();
    // The session does not own its ports (the headless runner reuses them): release them here.
    await previous.session.ports.dispose();
    deps.emit(null);
    return true;
  }

  return {
    async start(id, cluster) {
      const definition = findScenario(id);
      if (!definition) throw new LabFailure('not-found', `no scenario "${id}"; see the scenario list`);
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
      const session = createScenarioSession({ definition, ports, progress });
      current = { session, title: definition.meta.title, resumed: false, docker: dockerOnly };
      try {
        const { resumed } = await session.start();
        current.resumed = resumed;
      } catch (err) {
        await stop();
        throw new LabFailure(
          'unavailable',
          `could not start "${id}": ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return publish();
    },
    async view() {
      return current ? toView(current.title, await current.session.view(), current.resumed) : null;
    },
    async check() {
      await require().session.check();
      return publish();
    },
    async hint() {
      require().session.hint();
      return publish();
    },
    async showMe() {
      await require().session.showMe();
      return publish();
    },
    async reset() {
      await require().session.reset();
      return publish();
    },
    stop,
    async clusterGone() {
      return current && !current.docker ? stop() : false;
    },
  };
}
