import type { ScenarioMeta } from '../scenario-kit';

export const iacDriftMeta: ScenarioMeta = {
  id: 'iac-drift',
  title: 'Infrastructure as code: declared state, drift by hand, re-apply converges',
  topics: ['Infrastructure as code', 'Kubernetes basics'],
  level: 'beginner',
  minutes: 10,
  backends: ['sim', 'kind', 'context'],
  version: 1,
};
