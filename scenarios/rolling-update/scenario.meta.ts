import type { ScenarioMeta } from '../scenario-kit';

export const rollingUpdateMeta: ScenarioMeta = {
  id: 'rolling-update',
  title: 'Zero-downtime rolling update: probes, graceful shutdown, surge arithmetic',
  topics: ['Zero-downtime deployment', 'Kubernetes basics'],
  level: 'intermediate',
  minutes: 15,
  backends: ['sim', 'kind', 'context'],
  version: 1,
};
