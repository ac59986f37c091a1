import type { ScenarioMeta } from '../scenario-kit';

export const dockerRestartPoliciesMeta: ScenarioMeta = {
  id: 'docker-restart-policies',
  title: 'Keep a container running: restart policies and health checks',
  topics: ['Containers and images', 'High availability and scaling'],
  level: 'beginner',
  minutes: 15,
  backends: ['docker'],
  version: 1,
};
