import type { ScenarioMeta } from '../scenario-kit';

export const configSecretsMeta: ScenarioMeta = {
  id: 'config-secrets',
  title: 'Configuration and secrets: ConfigMap and Secret into env, change config without rebuilding',
  topics: ['Environment variables and secrets', 'Kubernetes basics'],
  level: 'beginner',
  minutes: 10,
  backends: ['sim', 'kind', 'context'],
  version: 1,
};
