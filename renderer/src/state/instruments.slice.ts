/**
 * The instruments' engine answers: the synthetic client's stats (polled while the traffic tab is
 * shown) and the embedded cluster's virtual clock.
 */
import { create } from 'zustand';
import type { ClockStatus, TrafficStats } from '../../../core/contract';
import { useLab } from './lab.store';

export type InstrumentTab = 'traffic' | 'replicas' | 'rollout' | 'clock' | 'events' | 'command' | 'apply';

export interface InstrumentsState {
  tab: InstrumentTab;
  traffic?: TrafficStats;
  trafficError?: string;
  clock?: ClockStatus;
  clockError?: string;
  busy: boolean;
  setTab(tab: InstrumentTab): void;
  pollTraffic(): Promise<void>;
  startTraffic(service: string, namespace: string, rate: number): Promise<void>;
  stopTraffic(): Promise<void>;
  clockAction(action: 'status' | 'pause' | 'resume' | 'speed' | 'step', value?: number): Promise<void>;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const useInstruments = create<InstrumentsState>((set) => ({
  tab: 'traffic',
  busy: false,
  setTab(tab) {
    set({ tab });
  },
  async pollTraffic() {
    const client = useLab.getState().client;
    if (!client) return;
    try {
      set({ traffic: await client.api.traffic.stats({}), trafficError: undefined });
    } catch (err) {
      set({ trafficError: errorMessage(err) });
    }
  },
  async startTraffic(service, namespace, rate) {
    const client = useLab.getState().client;
    if (!client) return;
    set({ busy: true });
    try {
      set({ traffic: await client.api.traffic.start({ service, namespace, rate }), trafficError: undefined });
    } catch (err) {
      set({ trafficError: errorMessage(err) });
    } finally {
      set({ busy: false });
    }
  },
  async stopTraffic() {
    const client = useLab.getState().client;
    if (!client) return;
    set({ busy: true });
    try {
      set({ traffic: await client.api.traffic.stop({}), trafficError: undefined });
    } catch (err) {
      set({ trafficError: errorMessage(err) });
    } finally {
      set({ busy: false });
    }
  },
  async clockAction(action, value) {
    const client = useLab.getState().client;
    if (!client) return;
    try {
      const input =
        action === 'speed'
          ? { action, speed: value ?? 1 }
          : action === 'step'
            ? { action, seconds: value ?? 10 }
            : { action };
      set({ clock: await client.api.clusters.clock(input), clockError: undefined });
    } catch (err) {
      set({ clockError: errorMessage(err) });
    }
  },
}));
