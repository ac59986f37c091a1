/**
 * Long operations the engine reports while they run (image builds), kept current by `progress`
 * events. A finished one stays a few seconds with how it ended, so a fast build is still readable.
 */
import { create } from 'zustand';
import type { LabEvent, OperationProgress } from '../../../core/contract';

/** How long a finished operation's last line stays, in ms. */
const LINGER_MS: Record<OperationProgress['state'], number> = { running: 0, done: 8000, failed: 20000 };

export interface ProgressState {
  operations: OperationProgress[];
  applyEvent(event: LabEvent): void;
}

const timers = new Map<string, ReturnType<typeof setTimeout>>();

export const useProgress = create<ProgressState>((set) => ({
  operations: [],
  applyEvent(event) {
    if (event.type !== 'progress') return;
    const next = event.progress;
    set((state) => {
      const others = state.operations.filter((op) => op.id !== next.id);
      return { operations: [...others, next] };
    });
    clearTimeout(timers.get(next.id));
    timers.delete(next.id);
    if (next.state !== 'running') {
      timers.set(
        next.id,
        setTimeout(() => {
          timers.delete(next.id);
          set((state) => ({ operations: state.operations.filter((op) => op !== next) }));
        }, LINGER_MS[next.state]),
      );
    }
  },
}));
