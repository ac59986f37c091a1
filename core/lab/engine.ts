/**
 * createEngine: the whole of Deploy Lab behind the contract. Hosts (Electron, web, CLI, tests) are thin
 * and own nothing; everything with a lifetime (listeners, the connected cluster) belongs to one engine
 * instance and is released by dispose(). No module-level state.
 */
import { join } from 'node:path';
import {
  LabFailure,
  type BackendAvailability,
  type BackendId,
  type ClusterStatus,
  type DoctorReport,
  type GraphSnapshot,
  type KubeContext,
  type TrafficStats,
  type HostKind,
  type LabApiImpl,
  type LabEvent,
  type ScenarioSummary,
  type Settings,
} from '../contract';
import type { ClusterBackend, ConnectedCluster } from '../backends/backend-port';
import { applyGraphDelta, diffGraphModels, EMPTY_GRAPH, isEmptyDelta, type GraphModel } from '../graph';
import { openClusterView, type ClusterView } from './cluster-view';
import { runClusterAction } from './cluster-actions';
import { createGraphTimeline } from './graph-timeline';
import { inspectNode, recentEvents } from './inspect';
import { createKubectlTerminal } from './kubectl-terminal';
import { trafficStats, type LabTrafficSummary } from './traffic-stats';
import { simControl } from '../backends/sim/lab-api.client';
import { createScenarioHost } from './scenario-host';
import { describeClusterAction } from './scenario-modes';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  saveSettings,
  setAsideBrokenFile,
  SettingsFileError,
} from './settings.store';

export interface EngineClock {
  now(): number;
}

export interface EngineDeps {
  host: HostKind;
  version: string;
  /** Where settings and progress are kept. */
  dataDir: string;
  clock: EngineClock;
  runDoctor(): Promise<DoctorReport>;
  scenarios: readonly ScenarioSummary[];
  backends?: Partial<Record<BackendId, ClusterBackend>>;
  /** The contexts of the user's kubeconfig (for the context backend). */
  listContexts?: () => KubeContext[];
}

export interface Engine {
  api: LabApiImpl;
  onEvent(listener: (event: LabEvent) => void): () => void;
  dispose(): Promise<void>;
}

const BACKEND_LABELS: Record<BackendId, string> = {
  sim: 'Embedded cluster',
  kind: 'kind (Kubernetes in Docker)',
  docker: 'Docker only',
  context: 'Existing kube context',
};

/** Which doctor checks a backend needs before it can run on this machine. */
const BACKEND_NEEDS: Record<BackendId, ReadonlyArray<'docker' | 'kind' | 'kubectl' | 'embedded'>> = {
  sim: ['embedded'],
  kind: ['docker', 'kind'],
  docker: ['docker'],
  context: ['kubectl'],
};

export function createEngine(deps: EngineDeps): Engine {
  const listeners = new Set<(event: LabEvent) => void>();
  const settingsFile = join(deps.dataDir, 'settings.json');
  let settings: Settings | undefined;
  let lastDoctor: DoctorReport | undefined;
  let connected:
    { backend: BackendId; cluster: ConnectedCluster; view?: ClusterView; stopView?: () => void } | undefined;
  let status: ClusterStatus = { state: 'disconnected', message: 'No cluster connected.' };
  let timeline = createGraphTimeline();
  const terminal = createKubectlTerminal((event) => emit(event));
  let flowTimer: NodeJS.Timeout | undefined;
  const scenarioHost = createScenarioHost({
    dataDir: deps.dataDir,
    emit: (view) => emit({ type: 'scenario.changed', view }),
    progress: (progress) => emit({ type: 'progress', progress }),
  });

  function emit(event: LabEvent): void {
    for (const listener of listeners) listener(event);
  }

  function log(level: 'info' | 'warn' | 'error', message: string): void {
    emit({ type: 'engine.log', level, message, at: new Date(deps.clock.now()).toISOString() });
  }

  function setStatus(next: ClusterStatus): ClusterStatus {
    status = next;
    emit({ type: 'cluster.status', status });
    return status;
  }

  async function currentSettings(): Promise<Settings> {
    if (settings) return settings;
    try {
      settings = await loadSettings(settingsFile);
    } catch (err) {
      if (!(err instanceof SettingsFileError)) throw err;
      // Never lose what the user had: keep the broken file aside and say where it went.
      const aside = await setAsideBrokenFile(settingsFile, deps.clock.now());
      log('warn', `${err.message}; using defaults, the old file is kept as ${aside}`);
      settings = { ...DEFAULT_SETTINGS };
    }
    return settings;
  }

  async function doctor(refresh: boolean): Promise<DoctorReport> {
    if (!lastDoctor || refresh) {
      lastDoctor = await deps.runDoctor();
      emit({ type: 'doctor.report', report: lastDoctor });
    }
    return lastDoctor;
  }

  async function availability(): Promise<BackendAvailability[]> {
    const report = await doctor(false);
    return (Object.keys(BACKEND_LABELS) as BackendId[]).map((id) => {
      const missing = BACKEND_NEEDS[id]
        .map((need) => report.checks.find((check) => check.id === need))
        .filter((check) => !check || check.status !== 'ok');
      const implemented = deps.backends?.[id] !== undefined;
      const reason =
        missing.length > 0
          ? missing.map((check) => (check ? `${check.name}: ${check.detail}` : 'not checked')).join('; ')
          : implemented
            ? 'Ready.'
            : 'Dependencies present; this backend is not built into this version yet.';
      return { id, label: BACKEND_LABELS[id], available: missing.length === 0, implemented, reason };
    });
  }

  /** While the synthetic client runs, the graph's traffic edges follow it, refreshed every second. */
  function followTraffic(on: boolean): void {
    if (flowTimer) clearInterval(flowTimer);
    flowTimer = undefined;
    const view = connected?.view;
    const api = labApi();
    if (!on || !view || !api) {
      view?.setTraffic(undefined);
      return;
    }
    const refresh = async () => {
      try {
        view.setTraffic(
          (await api('POST', 'traffic/flow', { args: [10] })) as Parameters<ClusterView['setTraffic']>[0],
        );
        publishGraph();
      } catch {
        // The cluster went away; disconnect stops the timer.
      }
    };
    void refresh();
    flowTimer = setInterval(() => void refresh(), 1000);
    flowTimer.unref();
  }

  async function disconnect(): Promise<void> {
    followTraffic(false);
    if (!connected) return;
    const previous = connected;
    connected = undefined;
    // A Docker-only scenario does not run on the cluster: it goes on.
    await scenarioHost.clusterGone();
    previous.stopView?.();
    await previous.view?.stop();
    await previous.cluster.disconnect();
  }

  function requireView(): ClusterView {
    if (!connected?.view) throw new LabFailure('unavailable', 'No Kubernetes cluster is connected.');
    return connected.view;
  }

  /** The embedded cluster's lab API (clock, faults, traffic), or undefined on real clusters. */
  function labApi():
    ((method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>) | undefined {
    const cluster = connected?.cluster;
    if (!cluster?.labApi || !cluster.kubeconfigPath) return undefined;
    const kubeconfigPath = cluster.kubeconfigPath;
    return (method, path, body) => simControl(kubeconfigPath, method, path, body);
  }

  async function currentTraffic(): Promise<TrafficStats> {
    const api = labApi();
    if (!api) {
      return {
        available: false,
        running: false,
        message: connected
          ? 'This cluster has no synthetic client yet (only the embedded cluster does).'
          : 'No cluster connected.',
        total: 0,
        failed: 0,
        byVersion: [],
        series: [],
      };
    }
    // The summary over the last five minutes, not the whole ledger: it is polled every second.
    return trafficStats((await api('POST', 'traffic/summary', { args: [300] })) as LabTrafficSummary);
  }

  /** What graph.changed last said: the next delta is computed against it. */
  let published: { seq: number; available: boolean; message: string; model?: GraphModel } = {
    seq: 0,
    available: false,
    message: '',
  };

  /**
   * Build the graph now and, when it differs from what was last published, emit graph.changed with
   * the delta (only the nodes and edges that changed). Returns the whole graph as of that event, so a
   * snapshot and the deltas after it always fit together.
   */
  function publishGraph(): GraphSnapshot {
    const current = currentGraph();
    const base = published.model ?? EMPTY_GRAPH;
    const delta = current.model ? diffGraphModels(base, current.model) : undefined;
    const same =
      current.available === published.available &&
      current.message === published.message &&
      (delta ? isEmptyDelta(delta) : !published.model);
    if (!same) {
      published = {
        seq: published.seq + 1,
        available: current.available,
        message: current.message,
        // Built from the old model, so unchanged nodes stay the same objects from one to the next.
        ...(delta ? { model: applyGraphDelta(base, delta) } : {}),
      };
      const { seq, available, message } = published;
      emit({ type: 'graph.changed', change: { seq, available, message, ...(delta ? { delta } : {}) } });
    }
    const { seq, available, message, model } = published;
    return { available, message, seq, ...(model ? { model } : {}) };
  }

  function currentGraph(): GraphSnapshot {
    if (!connected) {
      return { available: false, message: 'No cluster connected. Pick a backend in the cluster panel.' };
    }
    if (!connected.view) {
      return { available: false, message: `${connected.cluster.message} (no kubeconfig: nothing to draw).` };
    }
    return { available: true, message: connected.cluster.message, model: connected.view.graph() };
  }

  const api: LabApiImpl = {
    system: {
      info: async () => ({
        version: deps.version,
        host: deps.host,
        platform: process.platform,
        nodeVersion: process.versions.node,
        dataDir: deps.dataDir,
      }),
      doctor: async ({ refresh }) => doctor(refresh ?? false),
    },
    clusters: {
      backends: availability,
      contexts: async () => deps.listContexts?.() ?? [],
      status: async () => status,
      connect: async ({ backend, context }) => {
        const impl = deps.backends?.[backend];
        if (!impl) {
          throw new LabFailure(
            'not-implemented',
            `The ${BACKEND_LABELS[backend]} backend is not built into this version of Deploy Lab yet.`,
          );
        }
        await disconnect();
        setStatus({ state: 'connecting', backend, message: `Connecting to ${BACKEND_LABELS[backend]}…` });
        try {
          const cluster = await impl.connect(context ? { context } : {});
          connected = { backend, cluster };
          if (cluster.kubeconfigPath) {
            // The engine watches the cluster through its kubeconfig, like kubectl does.
            const view = await openClusterView({
              kubeconfigPath: cluster.kubeconfigPath,
              ...(context ? { context } : {}),
              now: deps.clock.now,
            });
            connected.view = view;
            timeline = createGraphTimeline();
            timeline.record(deps.clock.now(), view.graph());
            let recorded = published.seq;
            connected.stopView = view.onChange(() => {
              const snapshot = publishGraph();
              if (snapshot.model && snapshot.seq !== recorded) timeline.record(deps.clock.now(), snapshot.model);
              recorded = snapshot.seq ?? recorded;
            });
          }
          return setStatus({
            state: 'connected',
            backend,
            message: cluster.message,
            ...(cluster.kubeconfigPath ? { kubeconfigPath: cluster.kubeconfigPath } : {}),
          });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          // Half a connection is none: release whatever the backend started.
          await disconnect().catch(() => undefined);
          setStatus({ state: 'error', backend, message });
          throw new LabFailure('unavailable', message);
        }
      },
      action: async (action) => {
        const view = requireView();
        const api = labApi();
        const result = await runClusterAction(
          {
            connection: view.connection,
            ...(api ? { labApi: api } : {}),
            destructiveFaults: connected?.cluster.destructiveFaults ?? false,
          },
          action,
        );
        // A drill's or interview's timeline lists what the learner did from the graph.
        scenarioHost.noteCommand(`${describeClusterAction(action)} (graph action)`);
        return result;
      },
      clock: async ({ action, speed, seconds }) => {
        const api = labApi();
        if (!api) {
          return {
            available: false,
            message: 'Only the embedded cluster has a virtual clock; real clusters run in real time.',
          };
        }
        const path =
          action === 'status'
            ? 'clock'
            : action === 'step'
              ? 'clock/advance'
              : action === 'speed'
                ? 'clock/speed'
                : `clock/${action}`;
        if (action === 'speed' && speed === undefined)
          throw new LabFailure('invalid-request', 'clusters.clock: speed: required for action "speed"');
        const body = action === 'step' ? { seconds: seconds ?? 1 } : action === 'speed' ? { speed } : {};
        const result = (await api(
          action === 'status' ? 'GET' : 'POST',
          path,
          action === 'status' ? undefined : body,
        )) as {
          now?: string;
          speed?: number;
          paused?: boolean;
        };
        return {
          available: true,
          message: result.paused ? 'Paused.' : `Running at ${result.speed ?? 1}x.`,
          ...(result.now ? { now: result.now } : {}),
          ...(result.speed === undefined ? {} : { speed: result.speed }),
          ...(result.paused === undefined ? {} : { paused: result.paused }),
        };
      },
    },
    scenarios: {
      list: async () => scenarioHost.summaries(deps.scenarios),
      start: async ({ id, mode, seed }) => {
        const cluster = connected?.cluster;
        // Docker-only scenarios need no cluster; the host says so when another one has none.
        return scenarioHost.start(
          id,
          cluster?.kubeconfigPath
            ? { kubeconfigPath: cluster.kubeconfigPath, labApi: cluster.labApi ?? false }
            : undefined,
          { ...(mode ? { mode } : {}), ...(seed === undefined ? {} : { seed }) },
        );
      },
      view: () => scenarioHost.view(),
      check: () => scenarioHost.check(),
      hint: () => scenarioHost.hint(),
      showMe: () => scenarioHost.showMe(),
      reset: () => scenarioHost.reset(),
      stop: async () => ({ stopped: await scenarioHost.stop() }),
      end: () => scenarioHost.end(),
      report: () => scenarioHost.report(),
    },
    graph: {
      snapshot: async () => publishGraph(),
      inspect: async ({ id }) => {
        const view = requireView();
        return inspectNode(
          { list: view.list, graph: () => view.graph(), podLogs: (ns, name) => view.podLogs(ns, name, 50) },
          id,
        );
      },
      events: async ({ limit }) => {
        const view = requireView();
        const namespace = view.connection.namespace;
        return recentEvents(
          view.list('events').filter((e) => e.metadata?.namespace === namespace),
          limit ?? 200,
        );
      },
      history: async () => timeline.frames(),
      at: async ({ t }) => {
        const frame = timeline.at(t);
        if (!frame) return { available: false, message: 'Nothing was recorded at that time.' };
        return {
          available: true,
          message: `As it was at ${new Date(frame.t).toISOString()}`,
          model: frame.model,
        };
      },
    },
    traffic: {
      stats: currentTraffic,
      start: async ({ service, namespace, rate }) => {
        const api = labApi();
        if (!api)
          throw new LabFailure(
            'not-implemented',
            'The synthetic client runs on the embedded cluster only in this version.',
          );
        await api('POST', 'traffic/stop', {});
        await api('POST', 'traffic/start', {
          args: [
            { namespace: namespace ?? requireView().connection.namespace, service, ratePerSecond: rate },
          ],
        });
        followTraffic(true);
        return currentTraffic();
      },
      stop: async () => {
        const api = labApi();
        if (api) await api('POST', 'traffic/stop', {});
        followTraffic(false);
        publishGraph();
        return currentTraffic();
      },
    },
    terminal: {
      run: async ({ args }) => {
        const kubeconfigPath = connected?.cluster.kubeconfigPath;
        if (!kubeconfigPath) throw new LabFailure('unavailable', 'Connect a Kubernetes cluster first.');
        const id = terminal.run(args, kubeconfigPath);
        scenarioHost.noteCommand(args[0] === 'kubectl' ? args.join(' ') : ['kubectl', ...args].join(' '));
        return { id };
      },
      stop: async ({ id }) => ({ stopped: terminal.stop(id) }),
    },
    settings: {
      get: currentSettings,
      update: async (patch) => {
        const next: Settings = { ...(await currentSettings()) };
        if (patch.theme !== undefined) next.theme = patch.theme;
        if (patch.defaultBackend !== undefined) next.defaultBackend = patch.defaultBackend;
        if (patch.simSpeed !== undefined) next.simSpeed = patch.simSpeed;
        await saveSettings(settingsFile, next);
        settings = next;
        emit({ type: 'settings.changed', settings: next });
        return next;
      },
    },
  };

  return {
    api,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
      terminal.dispose();
      await disconnect();
      await scenarioHost.stop();
    },
  };
}
