/** The running scenario: the step's text, its live checks, hints one at a time, show me, reset. */
import { useLab } from '../state/lab.store';
import { useScenario } from '../state/scenario.slice';
import { StepText } from './StepText';
import { RunTimer, ScenarioRunResult } from './ScenarioRunResult';

export function ScenarioPanel() {
  const client = useLab((state) => state.client);
  const view = useScenario((state) => state.view);
  const busy = useScenario((state) => state.busy);
  const error = useScenario((state) => state.error);
  const run = useScenario((state) => state.run);
  if (!view || !client) return null;
  const done = view.status === 'done';
  // Drills and interviews are timed and have no hints or "show me"; a drill checks recovery by itself.
  const mode = view.mode ?? 'guided';
  const guided = mode === 'guided';
  const lastExplanation = view.explanations.at(-1);
  const hints = Object.entries(view.hints).filter(([, list]) => list.length > 0);
  return (
    <section className="scenario-panel" data-testid="scenario-panel" aria-labelledby="scenario-title">
      <div className="scenario-head">
        <h2 id="scenario-title">{view.title}</h2>
        <button type="button" onClick={() => void run(client, 'stop')}>
          Leave
        </button>
      </div>
      <p className="muted small">
        {mode === 'drill'
          ? `Drill · seed ${view.drill?.seed ?? '?'}${done ? ' · over' : ''}`
          : done
            ? mode === 'interview'
              ? 'Interview run over.'
              : 'All steps done.'
            : `${mode === 'interview' ? 'Interview practice · ' : ''}Step ${view.stepIndex + 1} of ${view.stepCount}`}
        {view.resumed ? ' · resumed where you left off' : ''}
        {view.timer ? (
          <>
            {' · '}
            <RunTimer key={view.timer.startedAt} timer={view.timer} />
          </>
        ) : null}
      </p>
      <ScenarioRunResult view={view} />
      {lastExplanation ? (
        <div className="scenario-explanation" data-testid="scenario-explanation">
          <strong>Why that worked</strong>
          <StepText markdown={lastExplanation.text} />
        </div>
      ) : null}
      {done ? null : (
        <>
          <h3 data-testid="scenario-step-title">{view.step.title}</h3>
          <StepText markdown={view.step.text} />
          <div className="scenario-buttons">
            {mode === 'drill' ? null : (
              <button type="button" disabled={busy !== undefined} onClick={() => void run(client, 'check')}>
                {busy === 'checking' ? 'Checking…' : 'Check'}
              </button>
            )}
            {guided ? (
              <>
                <button type="button" disabled={busy !== undefined} onClick={() => void run(client, 'hint')}>
                  Hint
                </button>
                <button
                  type="button"
                  disabled={busy !== undefined}
                  onClick={() => void run(client, 'showMe')}
                >
                  {busy === 'solving' ? 'Running the solution…' : 'Show me'}
                </button>
              </>
            ) : null}
            {mode === 'drill' ? null : (
              <button type="button" disabled={busy !== undefined} onClick={() => void run(client, 'reset')}>
                {busy === 'resetting' ? 'Resetting…' : 'Reset step'}
              </button>
            )}
            {guided ? null : (
              <button type="button" disabled={busy !== undefined} onClick={() => void run(client, 'end')}>
                {busy === 'ending' ? 'Ending…' : mode === 'drill' ? 'Give up' : 'End and see the questions'}
              </button>
            )}
          </div>
          {view.checks ? (
            <ul className="check-list" data-testid="scenario-checks">
              {view.checks.results.map((result) => (
                <li key={result.id} className={result.passed ? 'check-pass' : 'check-fail'}>
                  <span aria-hidden>{result.passed ? '✓' : '✗'}</span> <strong>{result.title}</strong>
                  <div className="small">{result.message}</div>
                </li>
              ))}
            </ul>
          ) : null}
          {hints.length > 0 ? (
            <div className="scenario-hints" data-testid="scenario-hints">
              <strong>Hints</strong>
              {hints.map(([check, list]) => (
                <ol key={check}>
                  {list.map((hint) => (
                    <li key={hint}>{hint}</li>
                  ))}
                </ol>
              ))}
            </div>
          ) : null}
        </>
      )}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
