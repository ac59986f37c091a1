/** The synthetic client of the embedded cluster, driven over `/lab/v1/traffic`. */
import type { LabApiCall } from './lab-api.client';
import type { RequestRecord, TrafficPort } from './traffic.port';

export function createSimTraffic(call: LabApiCall): TrafficPort {
  const ids: number[] = [];
  return {
    async start(target) {
      const id = await call('POST', 'traffic/start', { args: [target] });
      if (typeof id === 'number') ids.push(id);
    },
    async stop() {
      // Only this port's clients: a learner's own `deploy-lab sim traffic start` keeps running.
      for (const id of ids.splice(0)) await call('POST', 'traffic/stop', { args: [id] });
    },
    async records(since) {
      const ledger = (await call('POST', 'traffic/ledger', {})) as { records?: RequestRecord[] };
      return (ledger.records ?? []).filter((r) => r.t >= since);
    },
  };
}
