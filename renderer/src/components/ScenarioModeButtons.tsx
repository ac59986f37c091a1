/** Beside a scenario in the list: start it as a drill (only scenarios with one) or as interview practice. */
import type { ScenarioSummary } from '../../../core/contract';
import { useLab } from '../state/lab.store';
import { useScenario } from '../state/scenario.slice';

export function ScenarioModeButtons({
  scenario,
  disabled,
}: {
  scenario: ScenarioSummary;
  disabled: boolean;
}) {
  const client = useLab((state) => state.client);
  const start = useScenario((state) => state.start);
  return (
    <span className="scenario-modes">
      {scenario.drill ? (
        <button
          type="button"
          className="scenario-mode"
          disabled={disabled}
          aria-label={`Drill: ${scenario.title}`}
          title="A timed drill: a fault hits at a random moment; find it and fix it. No hints. Ends with a report."
          onClick={() => client && void start(client, scenario.id, 'drill')}
        >
          Drill
        </button>
      ) : null}
      <button
        type="button"
        className="scenario-mode"
        disabled={disabled}
        aria-label={`Interview: ${scenario.title}`}
        title="Interview practice: the steps timed, no hints; then the topic's questions and your own evidence."
        onClick={() => client && void start(client, scenario.id, 'interview')}
      >
        Interview
      </button>
    </span>
  );
}
