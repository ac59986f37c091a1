/**
 * The drill report as one self-contained HTML file (inline CSS and SVG, no scripts, no external
 * resources), so it can be kept, mailed or attached to a ticket and still open offline.
 */
import type { DrillReport } from './drill-runner';

export function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'not reached' : `${(ms / 1000).toFixed(1)} s`;
}

/** What the traffic chart draws: a drill report, or any run's requests per second (no markers). */
export type TrafficChartInput = Pick<DrillReport, 'perSecond'> &
  Partial<Pick<DrillReport, 'faultAtMs' | 'timeToDetectMs' | 'timeToRecoverMs'>>;

/** Requests per second, ok stacked under failed, with the fault, detection and recovery marked. */
export function trafficChartSvg(report: TrafficChartInput): string {
  const width = 760;
  const height = 220;
  const pad = { left: 40, right: 10, top: 10, bottom: 30 };
  const last = Math.max(1, ...report.perSecond.map((p) => p.second + 1));
  const peak = Math.max(1, ...report.perSecond.map((p) => p.ok + p.failed));
  const x = (second: number) => pad.left + (second / last) * (width - pad.left - pad.right);
  const y = (count: number) => height - pad.bottom - (count / peak) * (height - pad.top - pad.bottom);
  const barWidth = Math.max(1, (width - pad.left - pad.right) / last - 0.5);
  const bars = report.perSecond
    .map((p) => {
      const ok = `<rect x="${x(p.second).toFixed(1)}" y="${y(p.ok).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(0) - y(p.ok)).toFixed(1)}" fill="#3b9c5a"/>`;
      const failed =
        p.failed > 0
          ? `<rect x="${x(p.second).toFixed(1)}" y="${y(p.ok + p.failed).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(p.ok) - y(p.ok + p.failed)).toFixed(1)}" fill="#d64545"/>`
          : '';
      return ok + failed;
    })
    .join('');
  const marker = (ms: number | undefined, label: string, colour: string) =>
    ms === undefined
      ? ''
      : `<line x1="${x(ms / 1000).toFixed(1)}" x2="${x(ms / 1000).toFixed(1)}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="${colour}" stroke-dasharray="4 3"/><text x="${(x(ms / 1000) + 3).toFixed(1)}" y="${pad.top + 12}" font-size="11" fill="${colour}">${escape(label)}</text>`;
  const fault = report.faultAtMs;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="requests per second">`,
    `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(0)}" y2="${y(0)}" stroke="#888"/>`,
    `<text x="4" y="${y(peak) + 4}" font-size="11">${peak}/s</text>`,
    `<text x="${pad.left}" y="${height - 8}" font-size="11">0 s</text>`,
    `<text x="${width - pad.right - 40}" y="${height - 8}" font-size="11">${last} s</text>`,
    bars,
    marker(fault, 'fault', '#b36b00'),
    marker(
      report.timeToDetectMs === undefined || fault === undefined ? undefined : fault + report.timeToDetectMs,
      'detected',
      '#5a4fcf',
    ),
    marker(
      report.timeToRecoverMs === undefined || fault === undefined
        ? undefined
        : fault + report.timeToRecoverMs,
      'recovered',
      '#1f7a3a',
    ),
    '</svg>',
  ].join('');
}

export function renderDrillReportHtml(report: DrillReport): string {
  const rows = report.timeline
    .map(
      (item) =>
        `<tr class="${item.kind}"><td>${(item.atMs / 1000).toFixed(1)} s</td><td>${item.kind}</td><td>${escape(item.text)}</td></tr>`,
    )
    .join('\n');
  const versions = Object.entries(report.traffic.byVersion)
    .map(([version, v]) => `<tr><td>${escape(version)}</td><td>${v.ok}</td><td>${v.failed}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Drill report: ${escape(report.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 820px; color: #222; }
h1 { font-size: 1.4rem; } .verdict { font-weight: 600; color: ${report.passed ? '#1f7a3a' : '#b02a2a'}; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { color: #555; } table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .2rem .4rem; text-align: left; }
td:first-child { white-space: nowrap; } tr.marker td { font-weight: 600; } tr.command td { font-family: ui-monospace, monospace; }
</style>
</head>
<body>
<h1>Drill: ${escape(report.title)}</h1>
<p class="verdict">${report.passed ? 'Recovered' : 'Not recovered'}: ${escape(report.message)}</p>
<dl>
<dt>Fault</dt><dd>${escape(report.fault)} (at ${seconds(report.faultAtMs)}, seed ${report.seed}, ${escape(report.backend)} backend)</dd>
<dt>Time to detect</dt><dd>${seconds(report.timeToDetectMs)}</dd>
<dt>Time to recover</dt><dd>${seconds(report.timeToRecoverMs)}</dd>
<dt>Failed requests</dt><dd>${report.failedRequests} after the fault (${report.traffic.failed} of ${report.traffic.total} in the whole drill)</dd>
</dl>
<h2>Traffic</h2>
${trafficChartSvg(report)}
<table><tr><th>version</th><th>ok</th><th>failed</th></tr>${versions}</table>
<h2>Timeline</h2>
<table><tr><th>time</th><th>kind</th><th>what</th></tr>
${rows}
</table>
</body>
</html>
`;
}
