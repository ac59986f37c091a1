import type { ScenarioMeta } from '../scenario-kit';

export const firstDeploymentMeta: ScenarioMeta = {
  id: 'first-deployment',
  title: 'First deployment: Deployment, Service, self-healing',
  topics: ['Kubernetes basics', 'High availability and scaling'],
  level: 'beginner',
  minutes: 10,
  backends: ['sim', 'kind', 'context'],
  version: 1,
};
