/**
 * An interview run as one self-contained HTML file (inline CSS and SVG, no scripts): the questions,
 * what a good answer mentions (folded), and the user's evidence with the traffic chart.
 */
import type { InterviewEvidence, InterviewQuestion } from '../contract';
import { escape, trafficChartSvg } from './drill-report.html';

export interface InterviewReport {
  title: string;
  elapsedMs: number;
  questions: InterviewQuestion[];
  evidence: InterviewEvidence;
  perSecond: { second: number; ok: number; failed: number }[];
}

export function renderInterviewReportHtml(report: InterviewReport): string {
  const { evidence } = report;
  const questions = report.questions
    .map(
      (q) =>
        `<li><p class="q">${escape(q.question)}</p><details><summary>What a good answer mentions</summary><p>${escape(q.answer)}</p></details></li>`,
    )
    .join('\n');
  const steps = evidence.steps
    .map(
      (s) =>
        `<tr><td>${escape(s.title)}</td><td>${s.passed ? 'passed' : 'not passed'}</td><td>${s.seconds.toFixed(1)} s</td><td>${s.clusterSeconds.toFixed(1)} s</td></tr>`,
    )
    .join('');
  const versions = evidence.traffic.byVersion
    .map((v) => `<tr><td>${escape(v.version)}</td><td>${v.ok}</td><td>${v.failed}</td></tr>`)
    .join('');
  const events = evidence.events
    .map(
      (e) =>
        `<tr><td>${(e.atMs / 1000).toFixed(1)} s</td><td>${escape(e.reason)}</td><td>${escape(e.object)}</td><td>${escape(e.message)}</td></tr>`,
    )
    .join('\n');
  const commands = evidence.commands
    .map((c) => `<tr><td>${(c.atMs / 1000).toFixed(1)} s</td><td><code>${escape(c.text)}</code></td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Interview practice: ${escape(report.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 820px; color: #222; }
h1 { font-size: 1.4rem; } .q { font-weight: 600; margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .2rem .4rem; text-align: left; }
</style>
</head>
<body>
<h1>Interview practice: ${escape(report.title)}</h1>
<p>Run time ${(report.elapsedMs / 1000).toFixed(1)} s, no hints. ${evidence.traffic.failed} of ${evidence.traffic.total} requests failed.</p>
<h2>Questions</h2>
<ol>
${questions}
</ol>
<h2>Steps</h2>
<table><tr><th>step</th><th>result</th><th>time</th><th>cluster time</th></tr>${steps}</table>
<h2>Traffic</h2>
${trafficChartSvg({ perSecond: report.perSecond })}
<table><tr><th>version</th><th>ok</th><th>failed</th></tr>${versions}</table>
<h2>Key events</h2>
<table><tr><th>time</th><th>reason</th><th>object</th><th>message</th></tr>
${events}
</table>
<h2>Commands</h2>
<table><tr><th>time</th><th>command</th></tr>
${commands}
</table>
</body>
</html>
`;
}
