/**
 * The timeline: the engine's recorded graph frames, and, while the user scrubs, the graph as it was
 * at a chosen time (graph.at). Live snapshots keep arriving in lab.store meanwhile; the graph area
 * draws the replay instead until the user goes back to live.
 */
import { create } from 'zustand';
import type { GraphSnapshot, TimelineFrame } from '../../../core/contract';
import { useLab } from './lab.store';

export interface TimelineState {
  frames: TimelineFrame[];
  /** Set while replaying: the frame time asked for and what the engine answered. */
  replay?: { t: number; snapshot?: GraphSnapshot };
  error?: string;
  loadFrames(): Promise<void>;
  scrubTo(t: number): Promise<void>;
  backToLive(): void;
}

let request = 0;

export const useTimeline = create<TimelineState>((set, get) => ({
  frames: [],

  async loadFrames() {
    const client = useLab.getState().client;
    if (!client) return;
    try {
      set({ frames: await client.api.graph.history({}), error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },

  async scrubTo(t) {
    const client = useLab.getState().client;
    if (!client) return;
    const mine = ++request;
    set({ replay: { t, snapshot: get().replay?.snapshot } });
    try {
      const snapshot = await client.api.graph.at({ t });
      // Scrubbing fires many requests; only the latest one may draw, and none after "back to live".
      if (mine === request && get().replay) set({ replay: { t, snapshot }, error: undefined });
    } catch (err) {
      if (mine === request) set({ error: err instanceof Error ? err.message : String(err) });
    }
  },

  backToLive() {
    request++;
    set({ replay: undefined, error: undefined });
  },
}));
