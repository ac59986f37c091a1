import type { VirtualClock } from '../clock/virtual-clock.js';
import type { SeededRng } from '../rng/seeded-rng.js';
import type { ObjectStore } from '../store/object-store.js';
import type { EventRecorder } from './event-recorder.js';

/** What every controller gets: the store, the clock, its own RNG stream and the event recorder. */
export interface SimContext {
  store: ObjectStore;
  clock: VirtualClock;
  rng: SeededRng;
  recorder: EventRecorder;
}

export interface Controller {
  dispose(): void;
}
