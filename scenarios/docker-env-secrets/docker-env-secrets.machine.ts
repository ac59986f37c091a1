/** The docker-env-secrets step loop: the shared scenario machine (setup() with actors the engine provides). */
import { createScenarioMachine } from '../scenario-machine';

export const dockerEnvSecretsMachine = createScenarioMachine('docker-env-secrets');
