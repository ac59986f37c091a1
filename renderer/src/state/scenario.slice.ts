/**
 * The running guided scenario, as the engine reports it (ScenarioView). Filled by the answers of
 * scenario calls and kept current by `scenario.changed` events; nothing here is computed locally.
 */
import { create } from 'zustand';
import type { LabClient, LabEvent, ScenarioView } from '../../../core/contract';

export interface ScenarioState {
  view: ScenarioView | null;
  busy?: 'starting' | 'checking' | 'solving' | 'resetting';
  error?: string;
  start(client: LabClient, id: string): Promise<void>;
  run(client: LabClient, what: 'check' | 'hint' | 'showMe' | 'reset' | 'stop'): Promise<void>;
  load(client: LabClient): Promise<void>;
  applyEvent(event: LabEvent): void;
}

const BUSY: Record<string, ScenarioState['busy']> = {
  check: 'checking',
  showMe: 'solving',
  reset: 'resetting',
};

export const useScenario = create<ScenarioState>((set) => ({
  view: null,
  async load(client) {
    try {
      set({ view: await client.api.scenarios.view({}) });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  async start(client, id) {
    set({ busy: 'starting', error: undefined });
    try {
      set({ view: await client.api.scenarios.start({ id }) });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    } finally {
      set({ busy: undefined });
    }
  },
  async run(client, what) {
    set({ busy: BUSY[what], error: undefined });
    try {
      if (what === 'stop') {
        await client.api.scenarios.stop({});
        set({ view: null });
      } else {
        set({ view: await client.api.scenarios[what]({}) });
      }
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    } finally {
      set({ busy: undefined });
    }
  },
  applyEvent(event) {
    if (event.type === 'scenario.changed') set({ view: event.view });
  },
}));
