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

export interface LabState {
  client?: LabClient;
  info?: SystemInfo;
  backends: BackendAvailability[];
  status: ClusterStatus;
  scenarios: ScenarioSummary[];
  graph?: GraphSnapshot;
  settings?: Settings;
  error?: string;
  loading: boolean;
  load(client: LabClient): Promise<void>;
  connect(backend: BackendId, context?: string): Promise<void>;
  setTheme(theme: Settings['theme']): Promise<void>;
  applyEvent(event: LabEvent): void;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const useLab = create<LabState>((set, get) => ({
  backends: [],
  scenarios: [],
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
      set({ info, settings, scenarios, status, graph });
      useReplicas.getState().record(graph, Date.now());
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
      set({ status, graph });
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
        set({ graph: event.snapshot });
        // The ready-replicas chart is built from these snapshots as they arrive (see replicas.slice).
        useReplicas.getState().record(event.snapshot, Date.now());
        break;
      case 'doctor.report':
      case 'engine.log':
        break;
    }
  },
}));
