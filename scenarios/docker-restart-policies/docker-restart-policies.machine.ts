/** The docker-restart-policies step loop: the shared scenario machine (setup() with actors the engine provides). */
import { createScenarioMachine } from '../scenario-machine';

export const dockerRestartPoliciesMachine = createScenarioMachine('docker-restart-policies');
