import type { ScenarioMeta } from '../scenario-kit';

export const badReleaseMeta: ScenarioMeta = {
  id: 'bad-release',
  title: 'Bad release: CrashLoopBackOff, progress deadline, rollout undo, ImagePullBackOff',
  topics: ['High availability and scaling', 'Zero-downtime deployment'],
  level: 'intermediate',
  minutes: 15,
  backends: ['sim', 'kind', 'context'],
  version: 1,
};
