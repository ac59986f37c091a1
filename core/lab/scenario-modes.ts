/**
 * The two timed modes of a scenario run in the app, beside guided:
 *
 * - drill: the scenario's drill (core/scenarios/drill-runner) with the learner acting (kubectl in the
 *   command panel or an outside terminal, the graph's actions); no hints; a timer; the clock stops
 *   when the recovery check passes, and the view then carries the report (HTML with the charts).
 * - interview: the scenario's steps without hints or "show me", timed; when the last step passes or
 *   the user ends the run, the view shows the topic's questions (interview.md) and the evidence of the
 *   run (time per step, requests by version, key events, commands).
 *
 * The scenario host (scenario-host.ts) owns the session and the ports; a ModeRun adds to its view and
 * refuses what the mode forbids.
 */
import {
  LabFailure,
  type ClusterAction,
  type DrillOutcome,
  type InterviewEvidence,
  type InterviewQuestion,
  type ScenarioMode,
  type ScenarioReportFile,
  type ScenarioTimer,
  type ScenarioView,
} from '../contract';
import type { ScenarioDefinition } from '../../scenarios/scenario-kit';
import { runDrill, type DrillReport } from '../scenarios/drill-runner';
import { renderDrillReportHtml } from '../scenarios/drill-report.html';
import {
  gatherEvidence,
  loadInterview,
  requestsPerSecond,
  type EvidenceCommand,
} from '../scenarios/interview';
import { renderInterviewReportHtml } from '../scenarios/interview-report.html';
import type { ScenarioPorts } from '../scenarios/scenario-ports';
import type { ScenarioSession } from '../scenarios/scenario-session';

export interface ModeRun {
  readonly mode: Exclude<ScenarioMode, 'guided'>;
  /** The drill builds its own view; the interview adds to the session's (`base`). */
  view(base: ScenarioView | undefined): ScenarioView;
  check(): Promise<void>;
  /** Why the mode refuses this (hints and "show me" are what these modes leave out), or undefined. */
  refusal(what: 'hint' | 'showMe' | 'reset'): LabFailure | undefined;
  end(): Promise<void>;
  report(): Promise<ScenarioReportFile>;
  /** A command the learner ran through the app (command panel, graph action). */
  noteCommand(text: string): void;
  dispose(): Promise<void>;
}

/** The command a graph action corresponds to, for the run's timeline. */
export function describeClusterAction(action: ClusterAction): string {
  const ns = 'namespace' in action && action.namespace !== 'default' ? ` -n ${action.namespace}` : '';
  switch (action.type) {
    case 'delete-pod':
      return `kubectl delete pod${ns} ${action.name}`;
    case 'scale':
      return `kubectl scale${ns} deployment/${action.name} --replicas=${action.replicas}`;
    case 'set-image':
      return `kubectl set image${ns} deployment/${action.name} ${action.container}=${action.image}`;
    case 'rollback':
      return `kubectl rollout undo${ns} deployment/${action.name}${action.toRevision ? ` --to-revision=${action.toRevision}` : ''}`;
    case 'set-paused':
      return `kubectl rollout ${action.paused ? 'pause' : 'resume'}${ns} deployment/${action.name}`;
    case 'set-selector':
      return `kubectl patch service${ns} ${action.name} -p '${JSON.stringify({ spec: { selector: action.selector } })}'`;
    case 'node-power':
      return `deploy-lab sim fault ${action.up ? 'node-up' : 'node-down'} ${action.name}`;
    case 'apply':
      return `kubectl apply -f ${action.source ?? '<edited YAML>'}`;
  }
}

function timer(
  startedAt: number | undefined,
  stoppedAt: number | undefined,
  now: number,
): ScenarioTimer | undefined {
  if (startedAt === undefined) return undefined;
  return {
    startedAt,
    elapsedMs: Math.max(0, (stoppedAt ?? now) - startedAt),
    running: stoppedAt === undefined,
  };
}

function refusal(mode: 'drill' | 'interview', what: 'hint' | 'showMe' | 'reset'): LabFailure {
  if (mode === 'drill') {
    return new LabFailure(
      'invalid-request',
      what === 'reset'
        ? 'A drill cannot be reset: leave it and start a new one.'
        : 'A drill has no hints and no "show me": finding the fault is the drill. Leave it to start the guided scenario instead.',
    );
  }
  return new LabFailure(
    'invalid-request',
    'Interview mode has no hints and no "show me": answer from what you see. End the run to see the questions and your evidence.',
  );
}

const DRILL_TEXT = `The service \`web\` is healthy under steady traffic: watch the graph and the traffic chart.

At a random moment something will go wrong. **Find it and fix it**: kubectl in the command panel (or an
outside terminal with the printed KUBECONFIG), or the inspector's actions on the graph.

The clock stops when users are served again. There are no hints in a drill.`;

function outcomeOf(report: DrillReport): DrillOutcome {
  return {
    passed: report.passed,
    message: report.message,
    fault: report.fault,
    seed: report.seed,
    faultAtMs: report.faultAtMs,
    ...(report.timeToDetectMs === undefined ? {} : { timeToDetectMs: report.timeToDetectMs }),
    ...(report.timeToRecoverMs === undefined ? {} : { timeToRecoverMs: report.timeToRecoverMs }),
    failedRequests: report.failedRequests,
    totalRequests: report.traffic.total,
    timeline: report.timeline,
  };
}

/**
 * Starts a drill and resolves once its starting state is in place and the timer runs; the fault comes
 * later. `changed` is called when the view changes on its own (the drill ended).
 */
export async function startDrillRun(options: {
  definition: ScenarioDefinition;
  ports: ScenarioPorts;
  seed: number;
  changed(): void;
}): Promise<ModeRun> {
  const { definition, ports, seed } = options;
  if (!definition.drill) throw new LabFailure('invalid-request', `"${definition.meta.title}" has no drill.`);
  const commands: EvidenceCommand[] = [];
  let stopping = false;
  let startedAt: number | undefined;
  let stoppedAt: number | undefined;
  let report: DrillReport | undefined;
  let failure: string | undefined;
  let started!: () => void;
  const whenStarted = new Promise<void>((resolve) => (started = resolve));
  const running = runDrill({
    definition,
    ports,
    seed,
    auto: false,
    onStarted: () => {
      startedAt = ports.realTime.now();
      started();
    },
    shouldStop: () => stopping,
    learnerCommands: () => commands,
  }).then(
    (r) => {
      report = r;
      stoppedAt = ports.realTime.now();
      options.changed();
    },
    (err: unknown) => {
      failure = err instanceof Error ? err.message : String(err);
      stoppedAt = ports.realTime.now();
      options.changed();
    },
  );
  // Either the drill is under way, or it failed while setting up (then say why).
  await Promise.race([whenStarted, running]);
  if (startedAt === undefined)
    throw new LabFailure('unavailable', `could not start the drill: ${failure ?? 'unknown error'}`);
  const run: ModeRun = {
    mode: 'drill',
    view() {
      const phase = report || failure ? 'done' : 'running';
      return {
        scenarioId: definition.meta.id,
        title: definition.meta.title,
        status: phase === 'done' ? 'done' : 'working',
        stepIndex: 0,
        stepCount: 1,
        step: { id: 'drill', title: 'Drill: keep the service up', text: DRILL_TEXT, solution: [] },
        hints: {},
        explanations: [],
        resumed: false,
        mode: 'drill',
        ...(failure ? { error: failure } : {}),
        ...(timer(startedAt, stoppedAt, ports.realTime.now())
          ? { timer: timer(startedAt, stoppedAt, ports.realTime.now()) }
          : {}),
        drill: { seed, phase, ...(report ? { outcome: outcomeOf(report) } : {}) },
      };
    },
    // The recovery check runs by itself; Check only refreshes the view.
    async check() {},
    refusal: (what) => refusal('drill', what),
    async end() {
      stopping = true;
      await running;
    },
    async report() {
      if (!report)
        throw new LabFailure(
          'invalid-request',
          'The drill is still running: the report is made when the service has recovered (or you end the drill).',
        );
      return {
        filename: `drill-${definition.meta.id}-${seed}.html`,
        mimeType: 'text/html',
        content: renderDrillReportHtml(report),
      };
    },
    noteCommand(text) {
      if (!report) commands.push({ t: ports.clock.now(), text });
    },
    async dispose() {
      stopping = true;
      await running;
    },
  };
  return run;
}

/** An interview run over a started session (no progress store: it always starts fresh). */
export async function startInterviewRun(options: {
  definition: ScenarioDefinition;
  session: ScenarioSession;
  ports: ScenarioPorts;
}): Promise<ModeRun> {
  const { definition, session, ports } = options;
  let questions: InterviewQuestion[];
  try {
    questions = await loadInterview(ports, definition);
  } catch (err) {
    throw new LabFailure(
      'not-found',
      `"${definition.meta.title}" has no interview questions (interview.md): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const t0 = await ports.clock.sync().catch(() => ports.clock.now());
  const startedAt = ports.realTime.now();
  const commands: EvidenceCommand[] = [];
  let stoppedAt: number | undefined;
  let evidence: InterviewEvidence | undefined;
  let perSecond: ReturnType<typeof requestsPerSecond> = [];

  async function finish() {
    if (stoppedAt !== undefined) return;
    stoppedAt = ports.realTime.now();
    const gathered = await gatherEvidence({ ports, t0, reports: session.reports(), commands });
    evidence = gathered.evidence;
    perSecond = requestsPerSecond(gathered.records, t0);
  }

  return {
    mode: 'interview',
    view(base) {
      if (!base) throw new Error('an interview view needs the session view');
      const ended = stoppedAt !== undefined;
      return {
        ...base,
        ...(ended ? { status: 'done' as const } : {}),
        hints: {},
        mode: 'interview',
        timer: timer(startedAt, stoppedAt, ports.realTime.now()),
        interview: {
          ended,
          // The questions come at the end, with the evidence to answer them.
          questions: ended ? questions : [],
          ...(evidence ? { evidence } : {}),
        },
      };
    },
    async check() {
      if (stoppedAt !== undefined) return;
      await session.check();
      if (session.done()) await finish();
    },
    refusal: (what) => (what === 'reset' ? undefined : refusal('interview', what)),
    end: finish,
    async report() {
      if (!evidence || stoppedAt === undefined)
        throw new LabFailure('invalid-request', 'The interview run is still going: end it first.');
      return {
        filename: `interview-${definition.meta.id}.html`,
        mimeType: 'text/html',
        content: renderInterviewReportHtml({
          title: definition.meta.title,
          elapsedMs: stoppedAt - startedAt,
          questions,
          evidence,
          perSecond,
        }),
      };
    },
    noteCommand(text) {
      if (stoppedAt === undefined) commands.push({ t: ports.clock.now(), text });
    },
    async dispose() {},
  };
}
