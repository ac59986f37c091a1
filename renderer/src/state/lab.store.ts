/**
 * The renderer's state (zustand). It holds only what the engine reported; it is filled by load() and
 * kept current by LabEvents. Components select the slice they need.
 */
import { create } from 'zustand';
import type {
  BackendAvailability,
  BackendId,
  ClusterStatus,
  GraphSnapshot,
  LabClient,
  LabEvent,
  ScenarioSummary,
  Settings,
  SystemInfo,
} from '../../../core/contract';
import { useReplicas } from './replicas.slice';
import { adoptGraphSnapshot, applyGraphChange, type GraphStep, type GraphSync } from './graph-sync';

export interface LabState {
  client?: LabClient;
  info?: SystemInfo;
  backends: BackendAvailability[];
  status: ClusterStatus;
  scenarios: ScenarioSummary[];
  graph?: GraphSnapshot;
  /** Where `graph` stands in the engine's numbered graph.changed deltas (see graph-sync). */
  graphSync: GraphSync;
  settings?: Settings;
  error?: string;
  loading: boolean;
  load(client: LabClient): Promise<void>;
  connect(backend: BackendId, context?: string): Promise<void>;
  setTheme(theme: Settings['theme']): Promise<void>;
  applyEvent(event: LabEvent): void;
  /** Fetch the whole graph (graph.snapshot) and continue from it: after a gap in the deltas. */
  resyncGraph(): Promise<void>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Take a graph step (a delta applied, or a snapshot adopted); ask for a snapshot if it needs one. */
function stepGraph(step: (state: LabState) => GraphStep): void {
  const state = useLab.getState();
  const next = step(state);
  if (next.graph !== state.graph) {
    useLab.setState({ graph: next.graph, graphSync: next.sync });
    // The ready-replicas chart is built from these snapshots as they arrive (see replicas.slice).
    useReplicas.getState().record(next.graph, Date.now());
  } else if (next.sync !== state.graphSync) {
    useLab.setState({ graphSync: next.sync });
  }
  if (next.resync) void state.resyncGraph();
}

function adoptSnapshot(snapshot: GraphSnapshot): void {
  stepGraph((state) => adoptGraphSnapshot(state.graph, state.graphSync, snapshot));
}

export const useLab = create<LabState>((set, get) => ({
  backends: [],
  scenarios: [],
  graphSync: { seq: undefined, resyncing: false, pending: [] },
  status: { state: 'disconnected', message: 'Connecting to the lab engine…' },
  loading: true,

  async load(client) {
    set({ client, loading: true });
    try {
      const [info, settings, scenarios, status, graph] = await Promise.all([
        client.api.system.info({}),
        client.api.settings.get({}),
        client.api.scenarios.list({}),
        client.api.clusters.status({}),
        client.api.graph.snapshot({}),
      ]);
      set({ info, settings, scenarios, status });
      adoptSnapshot(graph);
      // Doctor probes Docker and kind, which can take a few seconds: show the shell first.
      const backends = await client.api.clusters.backends({});
      set({ backends, loading: false });
    } catch (err) {
      set({ error: message(err), loading: false });
    }
  },

  async connect(backend, context) {
    const client = get().client;
    if (!client) return;
    set({ error: undefined });
    try {
      const status = await client.api.clusters.connect(context ? { backend, context } : { backend });
      const graph = await client.api.graph.snapshot({});
      set({ status });
      adoptSnapshot(graph);
    } catch (err) {
      set({ error: message(err) });
    }
  },

  async setTheme(theme) {
    const client = get().client;
    if (!client) return;
    try {
      set({ settings: await client.api.settings.update({ theme }) });
    } catch (err) {
      set({ error: message(err) });
    }
  },

  applyEvent(event) {
    switch (event.type) {
      case 'cluster.status':
        set({ status: event.status });
        break;
      case 'settings.changed':
        set({ settings: event.settings });
        break;
      case 'graph.changed':
        stepGraph((state) => applyGraphChange(state.graph, state.graphSync, event.change));
        break;
      case 'doctor.report':
      case 'engine.log':
        break;
    }
  },

  async resyncGraph() {
    const client = get().client;
    if (!client) return;
    try {
      adoptSnapshot(await client.api.graph.snapshot({}));
    } catch (err) {
      // Start over: the next change finds no base and waits for the next snapshot asked for.
      set({ graphSync: { seq: get().graphSync.seq, resyncing: false, pending: [] }, error: message(err) });
    }
  },
}));
