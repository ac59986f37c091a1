/**
 * What a drill or an interview run adds to the scenario panel: the timer, and at the end the drill's
 * report (time to detect, time to recover, failed requests, timeline, HTML download) or the interview's
 * questions with the evidence of the run.
 */
import { useEffect, useState } from 'react';
import type { ScenarioTimer, ScenarioView } from '../../../core/contract';
import { useLab } from '../state/lab.store';
import { useScenario } from '../state/scenario.slice';
import { StepText } from './StepText';
import './scenario-run.css';

function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 100)) / 10;
  const minutes = Math.floor(total / 60);
  const seconds = (total - minutes * 60).toFixed(1).padStart(4, '0');
  return `${minutes}:${seconds}`;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'not reached' : `${(ms / 1000).toFixed(1)} s`;
}

/** Saves a file the engine made: a Blob download (the browser and Electron both offer it as a save). */
export function downloadFile(file: { filename: string; content: string; mimeType: string }): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RunTimer({ timer }: { timer: ScenarioTimer }) {
  // The engine's elapsed time at the view, advanced locally while the timer runs.
  const [now, setNow] = useState(() => Date.now());
  const [base] = useState(() => ({ at: Date.now(), elapsed: timer.elapsedMs }));
  useEffect(() => {
    if (!timer.running) return undefined;
    const id = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(id);
  }, [timer.running]);
  const elapsed = timer.running ? Math.max(timer.elapsedMs, base.elapsed + (now - base.at)) : timer.elapsedMs;
  return (
    <span
      className={`run-timer${timer.running ? ' running' : ''}`}
      data-testid="scenario-timer"
      aria-label={timer.running ? 'time running' : 'time taken'}
    >
      {timer.running ? 'time' : 'took'} {clock(elapsed)}
    </span>
  );
}

function SaveReport({ label }: { label: string }) {
  const client = useLab((state) => state.client);
  const busy = useScenario((state) => state.busy);
  const saveReport = useScenario((state) => state.saveReport);
  return (
    <button
      type="button"
      disabled={!client || busy !== undefined}
      onClick={() => client && void saveReport(client, downloadFile)}
    >
      {busy === 'saving' ? 'Preparing…' : label}
    </button>
  );
}

function DrillResult({ view }: { view: ScenarioView }) {
  const outcome = view.drill?.outcome;
  if (!outcome) return null;
  return (
    <div className="run-result" data-testid="drill-report">
      <p className={outcome.passed ? 'verdict-pass' : 'verdict-fail'}>
        <strong>{outcome.passed ? 'Recovered' : 'Not recovered'}</strong>: {outcome.message}
      </p>
      <dl className="run-figures">
        <dt>Fault</dt>
        <dd>{outcome.fault}</dd>
        <dt>Time to detect</dt>
        <dd data-testid="drill-ttd">{seconds(outcome.timeToDetectMs)}</dd>
        <dt>Time to recover</dt>
        <dd data-testid="drill-ttr">{seconds(outcome.timeToRecoverMs)}</dd>
        <dt>Failed requests</dt>
        <dd>
          {outcome.failedRequests} after the fault ({outcome.totalRequests} requests in the drill)
        </dd>
      </dl>
      <SaveReport label="Download the report (HTML)" />
      <details>
        <summary>Timeline ({outcome.timeline.length})</summary>
        <ol className="run-timeline">
          {outcome.timeline.map((item, index) => (
            <li key={index} className={`timeline-${item.kind}`}>
              <span className="muted">{(item.atMs / 1000).toFixed(1)} s</span> {item.text}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

function Question({ question, answer }: { question: string; answer: string }) {
  const [open, setOpen] = useState(false);
  return (
    <li>
      <StepText markdown={question} />
      {open ? (
        <div className="interview-answer">
          <StepText markdown={answer} />
        </div>
      ) : (
        <button type="button" className="link-button" onClick={() => setOpen(true)}>
          What a good answer mentions
        </button>
      )}
    </li>
  );
}

function InterviewResult({ view }: { view: ScenarioView }) {
  const interview = view.interview;
  if (!interview?.ended) return null;
  const evidence = interview.evidence;
  return (
    <div className="run-result" data-testid="interview-result">
      <h3>Interview questions</h3>
      <p className="muted small">
        Answer out loud first, with your own evidence below and the Traffic and Replicas charts of this run.
      </p>
      <ol className="interview-questions">
        {interview.questions.map((q) => (
          <Question key={q.question} question={q.question} answer={q.answer} />
        ))}
      </ol>
      {evidence ? (
        <div data-testid="interview-evidence">
          <h3>Your evidence</h3>
          <table className="evidence-table">
            <thead>
              <tr>
                <th>step</th>
                <th>time</th>
              </tr>
            </thead>
            <tbody>
              {evidence.steps.length === 0 ? (
                <tr>
                  <td colSpan={2} className="muted">
                    No step passed.
                  </td>
                </tr>
              ) : (
                evidence.steps.map((s) => (
                  <tr key={s.stepId}>
                    <td>{s.title}</td>
                    <td>{s.seconds.toFixed(1)} s</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <p>
            Requests: {evidence.traffic.total}, failed: {evidence.traffic.failed}
            {evidence.traffic.byVersion.length > 0
              ? ` (${evidence.traffic.byVersion.map((v) => `${v.version}: ${v.ok} ok, ${v.failed} failed`).join('; ')})`
              : ''}
          </p>
          <details>
            <summary>Key events ({evidence.events.length})</summary>
            <ol className="run-timeline">
              {evidence.events.map((e, index) => (
                <li key={index}>
                  <span className="muted">{(e.atMs / 1000).toFixed(1)} s</span> <strong>{e.reason}</strong>{' '}
                  {e.object}: {e.message}
                </li>
              ))}
            </ol>
          </details>
          {evidence.commands.length > 0 ? (
            <details>
              <summary>Your commands ({evidence.commands.length})</summary>
              <ol className="run-timeline">
                {evidence.commands.map((c, index) => (
                  <li key={index}>
                    <span className="muted">{(c.atMs / 1000).toFixed(1)} s</span> <code>{c.text}</code>
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
          <SaveReport label="Download questions and evidence (HTML)" />
        </div>
      ) : null}
    </div>
  );
}

export function ScenarioRunResult({ view }: { view: ScenarioView }) {
  if (view.mode === 'drill') return <DrillResult view={view} />;
  if (view.mode === 'interview') return <InterviewResult view={view} />;
  return null;
}
