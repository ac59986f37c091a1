/**
 * The inspector: which graph node is selected and what the engine answered when asked about it
 * (graph.inspect). Refreshes are serialised: while one inspect call is out, a newer request only
 * marks the answer stale, so a burst of graph.changed events costs at most two calls.
 */
import { create } from 'zustand';
import type { Inspection } from '../../../core/contract';
import { useLab } from './lab.store';

export interface InspectorState {
  selectedId: string | null;
  inspection?: Inspection;
  error?: string;
  loading: boolean;
  select(id: string | null): void;
  refresh(): Promise<void>;
}

let inFlight = false;
let again = false;

export const useInspector = create<InspectorState>((set, get) => ({
  selectedId: null,
  loading: false,

  select(id) {
    if (id === get().selectedId) return;
    set({ selectedId: id, inspection: undefined, error: undefined, loading: id !== null });
    if (id) void get().refresh();
  },

  async refresh() {
    if (inFlight) {
      again = true;
      return;
    }
    const client = useLab.getState().client;
    const id = get().selectedId;
    if (!client || !id) return;
    inFlight = true;
    try {
      const inspection = await client.api.graph.inspect({ id });
      // The user may have selected something else meanwhile: an old answer is dropped.
      if (get().selectedId === id) set({ inspection, error: undefined, loading: false });
    } catch (err) {
      if (get().selectedId === id)
        set({ error: err instanceof Error ? err.message : String(err), loading: false });
    } finally {
      inFlight = false;
    }
    if (again) {
      again = false;
      await get().refresh();
    }
  },
}));
