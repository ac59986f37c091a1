import type { ScenarioMeta } from '../scenario-kit';

export const autoscalingMeta: ScenarioMeta = {
  id: 'autoscaling',
  title: 'Scaling: by hand, then a HorizontalPodAutoscaler under load (out and back in)',
  topics: ['High availability and scaling'],
  level: 'intermediate',
  minutes: 15,
  backends: ['sim', 'kind'],
  version: 1,
};
