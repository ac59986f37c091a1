/**
 * Scenario id -> definition, for the engine. registry.ts lists the same scenarios' metadata for the UI
 * and `deploy-lab scenarios`.
 */
import type { ScenarioDefinition } from './scenario-kit';
import { firstDeploymentScenario } from './first-deployment/first-deployment.scenario';
import { rollingUpdateScenario } from './rolling-update/rolling-update.scenario';
import { blueGreenScenario } from './blue-green/blue-green.scenario';
import { badReleaseScenario } from './bad-release/bad-release.scenario';
import { nodeFailureScenario } from './node-failure/node-failure.scenario';
import { autoscalingScenario } from './autoscaling/autoscaling.scenario';
import { iacDriftScenario } from './iac-drift/iac-drift.scenario';
import { canaryScenario } from './canary/canary.scenario';
import { configSecretsScenario } from './config-secrets/config-secrets.scenario';
import { dockerBuildScenario } from './docker-build/docker-build.scenario';
import { dependencyPinningScenario } from './dependency-pinning/dependency-pinning.scenario';
import { dockerEnvSecretsScenario } from './docker-env-secrets/docker-env-secrets.scenario';
import { dockerRestartPoliciesScenario } from './docker-restart-policies/docker-restart-policies.scenario';
import { cicdPipelineScenario } from './cicd-pipeline/cicd-pipeline.scenario';

export const scenarioDefinitions: readonly ScenarioDefinition[] = [
  firstDeploymentScenario,
  rollingUpdateScenario,
  blueGreenScenario,
  badReleaseScenario,
  nodeFailureScenario,
  autoscalingScenario,
  iacDriftScenario,
  canaryScenario,
  configSecretsScenario,
  dockerBuildScenario,
  dependencyPinningScenario,
  dockerEnvSecretsScenario,
  dockerRestartPoliciesScenario,
  cicdPipelineScenario,
];

export function findScenario(id: string): ScenarioDefinition | undefined {
  return scenarioDefinitions.find((s) => s.meta.id === id);
}
