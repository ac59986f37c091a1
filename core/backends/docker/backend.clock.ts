/**
 * The time source the Docker and kind backends read. Injected (ARCHITECTURE.md "Time is injected") so
 * progress timestamps and deadlines can be driven by a test or by the engine's clock; the backends
 * keep no module-level state.
 */
export interface BackendClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls fn once after ms; returns a cancel function. Used for deadlines on daemon calls. */
  setTimer(fn: () => void, ms: number): () => void;
}

export function systemClock(): BackendClock {
  return {
    now: () => Date.now(),
    setTimer: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      // A pending deadline must never keep a CLI process alive on its own.
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}
