/**
 * Cluster actions (inspector buttons, the apply panel) in flight and their answers. Nothing here
 * touches the graph: an action's effect arrives through graph.changed like every other change, so the
 * picture never shows something the cluster has not done.
 */
import { create } from 'zustand';
import type { ClusterAction } from '../../../core/contract';
import { useLab } from './lab.store';

export type ActionOrigin = 'inspector' | 'apply';

export interface ActionOutcome {
  origin: ActionOrigin;
  label: string;
  ok: boolean;
  message: string;
}

export interface ActionsState {
  /** What is being done right now, in words ("scaling deployment web to 5"). */
  pending: { id: number; origin: ActionOrigin; label: string }[];
  last: Partial<Record<ActionOrigin, ActionOutcome>>;
  run(origin: ActionOrigin, label: string, action: ClusterAction): Promise<ActionOutcome>;
  clear(origin: ActionOrigin): void;
}

let nextId = 1;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const useActions = create<ActionsState>((set) => ({
  pending: [],
  last: {},
  async run(origin, label, action) {
    const client = useLab.getState().client;
    const id = nextId++;
    set((s) => ({ pending: [...s.pending, { id, origin, label }] }));
    let outcome: ActionOutcome;
    try {
      if (!client) throw new Error('Not connected to the lab engine yet.');
      const result = await client.api.clusters.action(action);
      outcome = { origin, label, ok: true, message: result.message };
    } catch (err) {
      outcome = { origin, label, ok: false, message: errorMessage(err) };
    }
    set((s) => ({
      pending: s.pending.filter((p) => p.id !== id),
      last: { ...s.last, [origin]: outcome },
    }));
    return outcome;
  },
  clear(origin) {
    set((s) => {
      const last = { ...s.last };
      delete last[origin];
      return { last };
    });
  },
}));
