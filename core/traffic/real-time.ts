/**
 * Wall-clock time, injected into the scenario engine (which may not read ambient time: same inputs,
 * same run). Hosts pass `systemRealTime`; tests may pass a fake.
 */
export interface RealTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemRealTime: RealTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
