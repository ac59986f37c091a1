import { useEffect, useRef } from 'react';
import { useLab } from '../state/lab.store';
import { clockTime } from '../state/time-format';
import { useTimeline } from '../state/timeline.slice';
import { useView } from '../state/view.slice';

/** How often the frame list is re-read while the graph keeps changing. */
const FRAMES_REFRESH_MS = 1500;

/**
 * A scrubber over the engine's recorded graph frames (graph.history). Moving it asks graph.at for
 * that moment and the graph area draws the answer; "Back to live" returns to the watched cluster.
 */
export function TimelineBar() {
  const frames = useTimeline((s) => s.frames);
  const replay = useTimeline((s) => s.replay);
  const error = useTimeline((s) => s.error);
  const loadFrames = useTimeline((s) => s.loadFrames);
  const scrubTo = useTimeline((s) => s.scrubTo);
  const backToLive = useTimeline((s) => s.backToLive);
  const graph = useLab((s) => s.graph);
  const client = useLab((s) => s.client);
  const showLegend = useView((s) => s.showLegend);
  const toggleLegend = useView((s) => s.toggleLegend);
  const showMiniMap = useView((s) => s.showMiniMap);
  const toggleMiniMap = useView((s) => s.toggleMiniMap);
  const lastLoad = useRef(0);

  // Re-read frames when the graph changes, at most every FRAMES_REFRESH_MS, trailing edge included.
  useEffect(() => {
    if (!client) return undefined;
    const wait = Math.max(0, lastLoad.current + FRAMES_REFRESH_MS - Date.now());
    const timer = window.setTimeout(() => {
      lastLoad.current = Date.now();
      void loadFrames();
    }, wait);
    return () => window.clearTimeout(timer);
  }, [graph, client, loadFrames]);

  const last = frames.length - 1;
  const index = replay
    ? Math.max(
        0,
        frames.findIndex((f) => f.t === replay.t),
      )
    : last;
  const frame = index >= 0 ? frames[index] : undefined;
  const go = (i: number) => {
    const target = frames[Math.min(last, Math.max(0, i))];
    if (target) void scrubTo(target.t);
  };

  return (
    <div className="timeline-bar" data-testid="timeline">
      <span className="timeline-label">Timeline</span>
      <button
        type="button"
        onClick={() => go(index - 1)}
        disabled={frames.length < 2 || index <= 0}
        aria-label="Previous change"
      >
        ◀
      </button>
      <input
        type="range"
        min={0}
        max={Math.max(0, last)}
        value={Math.max(0, index)}
        disabled={frames.length < 2}
        onChange={(e) => go(Number(e.target.value))}
        aria-label="Scrub the graph history"
        aria-valuetext={frame ? clockTime(frame.t) : 'no history'}
        className="timeline-range"
      />
      <button
        type="button"
        onClick={() => go(index + 1)}
        disabled={!replay || index >= last}
        aria-label="Next change"
      >
        ▶
      </button>
      <span className="timeline-info small" data-testid="timeline-info" title={frame?.summary}>
        {error
          ? error
          : frames.length === 0
            ? 'No changes recorded yet.'
            : replay
              ? `${index + 1}/${frames.length} · ${frame?.summary ?? ''}`
              : `live · ${frames.length} changes since ${clockTime(frames[0]?.t ?? 0)}`}
      </span>
      <button type="button" onClick={backToLive} disabled={!replay} className={replay ? 'live-button' : ''}>
        {replay ? 'Back to live' : 'Live'}
      </button>
      <button
        type="button"
        onClick={toggleLegend}
        aria-pressed={showLegend}
        title="Show or hide the graph legend"
      >
        Legend
      </button>
      <button
        type="button"
        onClick={toggleMiniMap}
        aria-pressed={showMiniMap}
        title="Show or hide the minimap"
      >
        Map
      </button>
    </div>
  );
}
