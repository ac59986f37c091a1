import { useLab } from '../state/lab.store';

export function ScenarioList() {
  const scenarios = useLab((state) => state.scenarios);
  const loading = useLab((state) => state.loading);
  return (
    <section aria-labelledby="scenarios-heading" data-testid="scenario-list">
      <h2 id="scenarios-heading">Scenarios</h2>
      {scenarios.length === 0 ? (
        <p className="muted">
          {loading
            ? 'Loading…'
            : 'No scenarios are installed in this version yet. The guided scenario pack (build, deploy, scale, roll out, blue-green, failures) is still being built.'}
        </p>
      ) : (
        <ul className="scenario-list">
          {scenarios.map((scenario) => (
            <li key={scenario.id}>
              <strong>{scenario.title}</strong>
              <span className="muted">
                {scenario.level} · {scenario.minutes} min · {scenario.topics.join(', ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
