import type { ScenarioMeta } from '../scenario-kit';

export const nodeFailureMeta: ScenarioMeta = {
  id: 'node-failure',
  title: 'Node failure and high availability: eviction timing, replicas and spread',
  topics: ['High availability and scaling', 'Kubernetes basics'],
  level: 'intermediate',
  minutes: 15,
  backends: ['sim', 'kind'],
  version: 1,
};
