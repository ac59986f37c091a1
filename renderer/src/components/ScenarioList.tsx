import { useLab } from '../state/lab.store';
import { useScenario } from '../state/scenario.slice';
import { ScenarioPanel } from './ScenarioPanel';
import { ScenarioModeButtons } from './ScenarioModeButtons';

export function ScenarioList() {
  const scenarios = useLab((state) => state.scenarios);
  const loading = useLab((state) => state.loading);
  const client = useLab((state) => state.client);
  const connected = useLab((state) => state.status.state === 'connected');
  const running = useScenario((state) => state.view !== null);
  const busy = useScenario((state) => state.busy);
  const error = useScenario((state) => state.error);
  const start = useScenario((state) => state.start);
  if (running) return <ScenarioPanel />;
  return (
    <section aria-labelledby="scenarios-heading" data-testid="scenario-list">
      <h2 id="scenarios-heading">Scenarios</h2>
      {scenarios.length === 0 ? (
        <p className="muted">{loading ? 'Loading…' : 'No scenarios are installed.'}</p>
      ) : (
        <ul className="scenario-list">
          {scenarios.map((scenario) => {
            // Docker-only scenarios run on the Docker engine, whichever cluster is connected (or none).
            const dockerOnly = scenario.backends.length > 0 && scenario.backends.every((b) => b === 'docker');
            return (
              <li key={scenario.id}>
                <button
                  type="button"
                  className="scenario-start"
                  disabled={!client || (!connected && !dockerOnly) || busy !== undefined}
                  title={
                    dockerOnly
                      ? `Start “${scenario.title}” on Docker`
                      : connected
                        ? `Start “${scenario.title}” on the connected cluster`
                        : 'Connect a cluster first'
                  }
                  onClick={() => client && void start(client, scenario.id)}
                >
                  {scenario.title}
                </button>
                <span className="muted small">
                  {scenario.level} · {scenario.minutes} min · {scenario.topics.join(', ')}
                  {dockerOnly ? ' · Docker' : ''}
                </span>
                <ScenarioModeButtons
                  scenario={scenario}
                  disabled={!client || (!connected && !dockerOnly) || busy !== undefined}
                />
              </li>
            );
          })}
        </ul>
      )}
      {busy === 'starting' ? (
        <p className="muted">Preparing the scenario’s starting state (cluster objects or Docker images)…</p>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
