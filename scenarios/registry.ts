/**
 * The scenario registry: the metadata of every scenario in scenarios/, in the order the UI lists them.
 * Only metadata lives here (no machines, no checks) so listing scenarios stays cheap.
 */
import type { ScenarioSummary } from '../core/contract';
import { firstDeploymentMeta } from './first-deployment/scenario.meta';
import { rollingUpdateMeta } from './rolling-update/scenario.meta';
import { blueGreenMeta } from './blue-green/scenario.meta';
import { badReleaseMeta } from './bad-release/scenario.meta';
import { nodeFailureMeta } from './node-failure/scenario.meta';
import { autoscalingMeta } from './autoscaling/scenario.meta';
import { iacDriftMeta } from './iac-drift/scenario.meta';
import { canaryMeta } from './canary/scenario.meta';
import { configSecretsMeta } from './config-secrets/scenario.meta';
import { dockerBuildMeta } from './docker-build/scenario.meta';
import { dependencyPinningMeta } from './dependency-pinning/scenario.meta';
import { dockerEnvSecretsMeta } from './docker-env-secrets/scenario.meta';
import { dockerRestartPoliciesMeta } from './docker-restart-policies/scenario.meta';
import { cicdPipelineMeta } from './cicd-pipeline/scenario.meta';

function summary(meta: ScenarioSummary & { version?: number }): ScenarioSummary {
  const { id, title, topics, level, minutes, backends } = meta;
  return { id, title, topics, level, minutes, backends };
}

export const scenarioRegistry: readonly ScenarioSummary[] = [
  firstDeploymentMeta,
  rollingUpdateMeta,
  blueGreenMeta,
  badReleaseMeta,
  nodeFailureMeta,
  autoscalingMeta,
  iacDriftMeta,
  canaryMeta,
  configSecretsMeta,
  dockerBuildMeta,
  dependencyPinningMeta,
  dockerEnvSecretsMeta,
  dockerRestartPoliciesMeta,
  cicdPipelineMeta,
].map(summary);
