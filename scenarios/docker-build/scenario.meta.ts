import type { ScenarioMeta } from '../scenario-kit';

export const dockerBuildMeta: ScenarioMeta = {
  id: 'docker-build',
  title: 'Build and run a Python web app in Docker',
  topics: ['Containers and images', 'Build caching'],
  level: 'beginner',
  minutes: 15,
  backends: ['docker'],
  version: 1,
};
