/**
 * The running guided scenario, as the engine reports it (ScenarioView). Filled by the answers of
 * scenario calls and kept current by `scenario.changed` events; nothing here is computed locally.
 */
import { create } from 'zustand';
import type { LabClient, LabEvent, ScenarioMode, ScenarioView } from '../../../core/contract';

export interface ScenarioState {
  view: ScenarioView | null;
  busy?: 'starting' | 'checking' | 'solving' | 'resetting' | 'ending' | 'saving';
  error?: string;
  start(client: LabClient, id: string, mode?: ScenarioMode): Promise<void>;
  run(client: LabClient, what: 'check' | 'hint' | 'showMe' | 'reset' | 'stop' | 'end'): Promise<void>;
  /** Fetches the drill's (or interview's) HTML report and hands it to `save` (a download in the browser). */
  saveReport(
    client: LabClient,
    save: (file: { filename: string; content: string; mimeType: string }) => void,
  ): Promise<void>;
  load(client: LabClient): Promise<void>;
  applyEvent(event: LabEvent): void;
}

const BUSY: Record<string, ScenarioState['busy']> = {
  check: 'checking',
  showMe: 'solving',
  reset: 'resetting',
  end: 'ending',
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
  async start(client, id, mode) {
    set({ busy: 'starting', error: undefined });
    try {
      set({ view: await client.api.scenarios.start(mode && mode !== 'guided' ? { id, mode } : { id }) });
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
  async saveReport(client, save) {
    set({ busy: 'saving', error: undefined });
    try {
      save(await client.api.scenarios.report({}));
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
