/** The config-secrets step loop: the shared scenario machine (setup() with actors the engine provides). */
import { createScenarioMachine } from '../scenario-machine';

export const configSecretsMachine = createScenarioMachine('config-secrets');
