import { useEffect } from 'react';
import { useInstruments } from '../state/instruments.slice';

const SPEEDS = [1, 5, 20, 100];

/** The embedded cluster's virtual clock; on clusters without one, only the engine's explanation. */
export function ClockPanel() {
  const clock = useInstruments((s) => s.clock);
  const error = useInstruments((s) => s.clockError);
  const act = useInstruments((s) => s.clockAction);

  useEffect(() => {
    void act('status');
  }, [act]);

  if (!clock) {
    return (
      <div className="instrument" data-testid="clock-panel">
        <p className="muted">{error ?? 'Asking the engine for the clock…'}</p>
      </div>
    );
  }
  if (!clock.available) {
    return (
      <div className="instrument" data-testid="clock-panel">
        <p className="muted">{clock.message}</p>
      </div>
    );
  }
  return (
    <div className="instrument" data-testid="clock-panel">
      <p>
        Cluster time: <strong>{clock.now ? new Date(clock.now).toLocaleString('en-GB') : 'unknown'}</strong> ·{' '}
        {clock.message}
      </p>
      <div className="control-row">
        {clock.paused ? (
          <button type="button" onClick={() => void act('resume')}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => void act('pause')}>
            Pause
          </button>
        )}
        <button
          type="button"
          onClick={() => void act('step', 10)}
          title="Advance the cluster clock by 10 seconds"
        >
          Step 10 s
        </button>
        <button
          type="button"
          onClick={() => void act('step', 60)}
          title="Advance the cluster clock by 1 minute"
        >
          Step 1 min
        </button>
        <span className="muted small">Speed</span>
        {SPEEDS.map((speed) => (
          <button
            key={speed}
            type="button"
            className={clock.speed === speed ? 'active' : ''}
            aria-pressed={clock.speed === speed}
            onClick={() => void act('speed', speed)}
          >
            {speed}x
          </button>
        ))}
        <button type="button" onClick={() => void act('status')}>
          Refresh
        </button>
      </div>
      {error ? <p className="action-result action-error">{error}</p> : null}
    </div>
  );
}
