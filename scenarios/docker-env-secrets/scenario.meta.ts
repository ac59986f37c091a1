import type { ScenarioMeta } from '../scenario-kit';

export const dockerEnvSecretsMeta: ScenarioMeta = {
  id: 'docker-env-secrets',
  title: 'Configuration and secrets in containers',
  topics: ['Environment variables and secrets', 'Containers and images'],
  level: 'beginner',
  minutes: 15,
  backends: ['docker'],
  version: 1,
};
