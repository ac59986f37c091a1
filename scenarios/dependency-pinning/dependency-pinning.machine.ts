/** The dependency-pinning step loop: the shared scenario machine (setup() with actors the engine provides). */
import { createScenarioMachine } from '../scenario-machine';

export const dependencyPinningMachine = createScenarioMachine('dependency-pinning');
