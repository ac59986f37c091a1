/**
 * Interview mode: a scenario's `interview.md` (each `## ` heading is one question, the text under it
 * what a good answer mentions) and the evidence of the user's own run to answer it with: time per
 * step, requests by version, the key cluster events and the commands run from the app.
 */
import type { InterviewEvidence, InterviewQuestion } from '../contract';
import type { ScenarioDefinition } from '../../scenarios/scenario-kit';
import type { ScenarioPorts } from './scenario-ports';
import type { StepReport } from './scenario-session';
import { summarizeTraffic, type RequestRecord } from '../traffic/traffic.port';

export const INTERVIEW_FILE = 'interview.md';

/** `## Question` headings, each followed by what a good answer mentions. Text before the first is ignored. */
export function parseInterview(markdown: string): InterviewQuestion[] {
  const questions: InterviewQuestion[] = [];
  let current: { question: string; lines: string[] } | undefined;
  const flush = () => {
    if (current) questions.push({ question: current.question, answer: current.lines.join('\n').trim() });
  };
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading?.[1] && !line.startsWith('###')) {
      flush();
      current = { question: heading[1], lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  flush();
  return questions.filter((q) => q.question.length > 0 && q.answer.length > 0);
}

export async function loadInterview(
  ports: Pick<ScenarioPorts, 'readScenarioFile'>,
  definition: Pick<ScenarioDefinition, 'folder'>,
): Promise<InterviewQuestion[]> {
  return parseInterview(await ports.readScenarioFile(definition.folder, INTERVIEW_FILE));
}

/** The controller and kubelet events worth pointing at in an answer (every Warning is kept too). */
export const KEY_EVENT_REASONS: ReadonlySet<string> = new Set([
  'ScalingReplicaSet',
  'SuccessfulRescale',
  'Killing',
  'BackOff',
  'Unhealthy',
  'Failed',
  'FailedScheduling',
  'Evicted',
  'NodeNotReady',
  'TaintManagerEviction',
  'ErrImagePull',
  'ImagePullBackOff',
  'ProgressDeadlineExceeded',
  'SuccessfulCreate',
  'SuccessfulDelete',
]);

export interface EvidenceCommand {
  /** Cluster time. */
  t: number;
  text: string;
}

/** Per second since `t0`: requests ok and failed (what the reports' chart draws). */
export function requestsPerSecond(records: readonly RequestRecord[], t0: number) {
  const buckets = new Map<number, { second: number; ok: number; failed: number }>();
  for (const r of records) {
    const second = Math.floor((r.t - t0) / 1000);
    const b = buckets.get(second) ?? { second, ok: 0, failed: 0 };
    if (r.outcome === 'ok') b.ok += 1;
    else b.failed += 1;
    buckets.set(second, b);
  }
  return [...buckets.values()].sort((a, b) => a.second - b.second);
}

export async function gatherEvidence(options: {
  ports: ScenarioPorts;
  /** Cluster time the run began. */
  t0: number;
  reports: readonly StepReport[];
  commands: readonly EvidenceCommand[];
  maxEvents?: number;
}): Promise<{ evidence: InterviewEvidence; records: RequestRecord[] }> {
  const { ports, t0 } = options;
  const records = await ports.traffic.records(t0).catch(() => [] as RequestRecord[]);
  const totals = summarizeTraffic(records);
  const seen = new Set<string>();
  const events: InterviewEvidence['events'] = [];
  let timeline: ReturnType<ScenarioPorts['cluster']['timeline']['since']> = [];
  try {
    timeline = ports.cluster.timeline.since(t0);
  } catch {
    // A Docker scenario's cluster port is a stand-in with no watch.
  }
  for (const e of timeline) {
    if (e.resource !== 'events' || e.type === 'DELETED') continue;
    const reason = String(e.object.reason ?? '');
    const warning = e.object.type === 'Warning';
    if (!KEY_EVENT_REASONS.has(reason) && !warning) continue;
    const message = String(e.object.message ?? '');
    const involved = e.object.involvedObject as { kind?: string; name?: string } | undefined;
    const object = involved ? `${involved.kind ?? ''} ${involved.name ?? ''}`.trim() : '';
    const key = `${reason}|${object}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    events.push({ atMs: Math.max(0, e.t - t0), reason, object, message });
  }
  events.sort((a, b) => a.atMs - b.atMs);
  const max = options.maxEvents ?? 200;
  return {
    records,
    evidence: {
      steps: options.reports.map((r) => ({
        stepId: r.stepId,
        title: r.title,
        passed: r.passed,
        seconds: Math.round(r.wallMs / 100) / 10,
        clusterSeconds: Math.round(r.simMs / 100) / 10,
      })),
      traffic: {
        total: totals.total,
        failed: totals.failed,
        byVersion: Object.entries(totals.byVersion).map(([version, v]) => ({ version, ...v })),
      },
      events: events.length > max ? events.slice(events.length - max) : events,
      commands: options.commands.map((c) => ({ atMs: Math.max(0, c.t - t0), text: c.text })),
    },
  };
}
