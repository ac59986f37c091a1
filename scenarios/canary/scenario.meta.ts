import type { ScenarioMeta } from '../scenario-kit';

export const canaryMeta: ScenarioMeta = {
  id: 'canary',
  title: 'Canary by replica ratio: a quarter of the traffic, then promote',
  topics: ['Zero-downtime deployment'],
  level: 'intermediate',
  minutes: 10,
  backends: ['sim', 'kind', 'context'],
  version: 1,
};
