/** The docker-build step loop: the shared scenario machine (setup() with actors the engine provides). */
import { createScenarioMachine } from '../scenario-machine';

export const dockerBuildMachine = createScenarioMachine('docker-build');
