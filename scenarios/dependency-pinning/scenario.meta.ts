import type { ScenarioMeta } from '../scenario-kit';

export const dependencyPinningMeta: ScenarioMeta = {
  id: 'dependency-pinning',
  title: 'Pin your dependencies: an unpinned build drifts and breaks',
  topics: ['Containers and images', 'Reproducible builds'],
  level: 'beginner',
  minutes: 12,
  backends: ['docker'],
  version: 1,
};
