/** For scenario tests, Kubernetes and Docker alike: what each step's report says, in one comparable shape. */
import type { ScenarioSession } from '../core/scenarios/scenario-session';

/** Per step: its id, whether it passed, and the messages of the checks that failed. */
export function stepOutcomes(session: ScenarioSession): [string, boolean, string[]][] {
  return session
    .reports()
    .map((r) => [r.stepId, r.passed, r.results.filter((x) => !x.passed).map((x) => x.message)]);
}
