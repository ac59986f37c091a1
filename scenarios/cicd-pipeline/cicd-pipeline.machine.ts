/**
 * The cicd-pipeline step loop: the shared scenario machine, plus the engine's pipeline runner invoked
 * for the whole scenario (it turns commit ConfigMaps into pipeline runs in the cluster).
 */
import { createScenarioMachine } from '../scenario-machine';

export const cicdPipelineMachine = createScenarioMachine('cicd-pipeline', { pipeline: true });
