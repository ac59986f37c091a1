import { memo } from 'react';

const STATUSES = [
  ['ok', 'healthy'],
  ['progressing', 'changing'],
  ['warning', 'degraded'],
  ['error', 'failing'],
  ['idle', 'idle'],
] as const;

const EDGES = [
  ['traffic-ok', 'traffic'],
  ['traffic-degraded', 'traffic, ≥1% errors'],
  ['traffic-failing', 'traffic, ≥5% errors'],
  ['edge-owns', 'owns'],
  ['edge-selects', 'selects (ready)'],
  ['edge-not-serving', 'selects (not ready)'],
  ['edge-scales', 'scales'],
  ['edge-uses', 'uses config'],
  ['edge-deploys', 'pipeline deploys'],
] as const;

export const GraphLegend = memo(function GraphLegend() {
  return (
    <div className="graph-legend" aria-label="Legend">
      <ul>
        {STATUSES.map(([status, text]) => (
          <li key={status}>
            <span className={`legend-dot status-${status}`} aria-hidden="true" />
            {text}
          </li>
        ))}
      </ul>
      <ul>
        {EDGES.map(([cls, text]) => (
          <li key={cls}>
            <svg width="28" height="8" aria-hidden="true" className={`legend-line ${cls}`}>
              <line x1="1" y1="4" x2="27" y2="4" />
            </svg>
            {text}
          </li>
        ))}
      </ul>
      <p className="graph-legend-hint">Tab to move between nodes, Enter to select, Esc to clear.</p>
    </div>
  );
});
