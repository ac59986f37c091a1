import { clockTime } from '../state/time-format';
import { useTimeline } from '../state/timeline.slice';

/** Says loudly that the graph shows the past, and how to get back. */
export function ReplayBanner() {
  const replay = useTimeline((s) => s.replay);
  const backToLive = useTimeline((s) => s.backToLive);
  if (!replay) return null;
  return (
    <div className="replay-banner" role="status" data-testid="replay-banner">
      <span>
        Replay: as it was at <strong>{clockTime(replay.t)}</strong>
        {replay.snapshot && !replay.snapshot.available ? ` (${replay.snapshot.message})` : ''}
      </span>
      <button type="button" onClick={backToLive}>
        Back to live
      </button>
    </div>
  );
}
