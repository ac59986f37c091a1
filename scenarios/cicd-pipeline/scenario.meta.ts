import type { ScenarioMeta } from '../scenario-kit';

export const cicdPipelineMeta: ScenarioMeta = {
  id: 'cicd-pipeline',
  title: 'CI/CD pipeline: continuous delivery vs continuous deployment',
  topics: ['CI/CD pipeline', 'Continuous delivery vs continuous deployment'],
  level: 'intermediate',
  minutes: 15,
  backends: ['sim', 'kind', 'context'],
  version: 1,
};
