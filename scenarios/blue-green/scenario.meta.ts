import type { ScenarioMeta } from '../scenario-kit';

export const blueGreenMeta: ScenarioMeta = {
  id: 'blue-green',
  title: 'Blue-green: test green beside blue, switch, switch back',
  topics: ['Blue-green deployment', 'Zero-downtime deployment'],
  level: 'intermediate',
  minutes: 15,
  backends: ['sim', 'kind', 'context'],
  version: 1,
};
