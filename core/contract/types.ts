/** Plain data that crosses the contract. Only JSON-serialisable shapes live here. */
import type { GraphDelta } from '../graph/graph-delta';
import type { GraphModel } from '../graph/graph-model';

export const BACKEND_IDS = ['sim', 'kind', 'docker', 'context'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

export type HostKind = 'electron' | 'web' | 'cli' | 'test';

export interface SystemInfo {
  version: string;
  host: HostKind;
  platform: string;
  nodeVersion: string;
  dataDir: string;
}

export type CheckStatus = 'ok' | 'missing' | 'error';

export interface DoctorCheck {
  id: 'node' | 'docker' | 'kind' | 'kubectl' | 'embedded' | 'kind-node-image' | 'python-base-image';
  name: string;
  status: CheckStatus;
  version?: string;
  detail: string;
  /** The command or step that fixes a missing or failing dependency. */
  fix?: string;
}

export interface DoctorReport {
  checkedAt: string;
  checks: DoctorCheck[];
}

export interface BackendAvailability {
  id: BackendId;
  label: string;
  /** The dependencies the backend needs are present on this machine (from doctor). */
  available: boolean;
  /** This version of Deploy Lab can drive the backend from the app. */
  implemented: boolean;
  reason: string;
}

export type ClusterState = 'disconnected' | 'connecting' | 'connected' | 'error';

export interface ClusterStatus {
  state: ClusterState;
  backend?: BackendId;
  message: string;
  /** Where kubectl finds the connected cluster (KUBECONFIG=<path>). */
  kubeconfigPath?: string;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  topics: string[];
  level: 'beginner' | 'intermediate' | 'advanced';
  minutes: number;
  backends: BackendId[];
  /** The scenario has a drill (a list of faults): the app offers drill mode for it. */
  drill?: boolean;
}

export interface GraphSnapshot {
  /** True when a cluster is connected and `model` is drawn from its live objects. */
  available: boolean;
  /** What the graph area says when there is nothing real to draw. */
  message: string;
  model?: GraphModel;
  /**
   * The number of the last graph.changed event this snapshot includes: deltas with a higher `seq`
   * apply on top of it. Absent for snapshots that are not the live graph (graph.at).
   */
  seq?: number;
}

/**
 * One graph.changed event: what changed since the event numbered `seq - 1`. A receiver that missed
 * an event (or has none yet) asks graph.snapshot for the whole model and its `seq`.
 */
export interface GraphChange {
  seq: number;
  available: boolean;
  message: string;
  /**
   * The change of the model since `seq - 1` (the empty model if that one had none). Absent when
   * `available` is false: there is no model then.
   */
  delta?: GraphDelta;
}

export interface VersionTraffic {
  version: string;
  ok: number;
  failed: number;
}

/** One second of the synthetic client's requests for one version (what the charts draw). */
export interface TrafficSecond {
  t: number;
  version: string;
  ok: number;
  failed: number;
  meanLatencyMs: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
}

export interface TrafficStats {
  /** The connected cluster has a synthetic client (the embedded cluster does). */
  available: boolean;
  running: boolean;
  message: string;
  total: number;
  failed: number;
  byVersion: VersionTraffic[];
  /** The most recent seconds, oldest first. */
  series: TrafficSecond[];
}

export interface ActionResult {
  message: string;
}

export interface ClockStatus {
  /** The connected cluster has a virtual clock (only the embedded cluster does). */
  available: boolean;
  message: string;
  now?: string;
  speed?: number;
  paused?: boolean;
}

export interface InspectedEvent {
  /** The object it is about, e.g. "Pod web-7d9c-x2x4q" (set in the cluster-wide list). */
  object?: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  lastSeen?: string;
}

export interface Inspection {
  id: string;
  kind: string;
  namespace: string;
  name: string;
  /** The live object as YAML, as `kubectl get -o yaml` prints it. */
  yaml: string;
  events: InspectedEvent[];
  /** Pods only: the container's recent log lines. */
  logs?: string;
  reasons: string[];
}

export interface TimelineFrame {
  /** Wall-clock ms when the graph changed. */
  t: number;
  nodes: number;
  summary: string;
}

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Settings {
  theme: Theme;
  defaultBackend: BackendId;
  /** Virtual clock speed for the embedded cluster (1 = real time). */
  simSpeed: number;
}

export interface ScenarioCheckResult {
  id: string;
  title: string;
  passed: boolean;
  /** Why it passes or fails, in plain words. */
  message: string;
}

export const SCENARIO_MODES = ['guided', 'drill', 'interview'] as const;
/**
 * guided: hints and "show me"; drill: a fault injected at a random moment, find and fix it against a
 * timer; interview: a timed run without hints that ends with the topic's questions and the evidence.
 */
export type ScenarioMode = (typeof SCENARIO_MODES)[number];

/** The run's timer (wall time, as the user lives it). */
export interface ScenarioTimer {
  /** Epoch ms when the run began. */
  startedAt: number;
  /** Elapsed ms when the view was made; frozen once the timer stopped. */
  elapsedMs: number;
  running: boolean;
}

/** One line of a drill's timeline: ms since the drill began (cluster time). */
export interface DrillTimelineEntry {
  atMs: number;
  kind: 'marker' | 'command' | 'event';
  text: string;
}

/** A finished drill, as its report says it. */
export interface DrillOutcome {
  passed: boolean;
  message: string;
  fault: string;
  seed: number;
  faultAtMs: number;
  timeToDetectMs?: number;
  timeToRecoverMs?: number;
  failedRequests: number;
  totalRequests: number;
  timeline: DrillTimelineEntry[];
}

export interface InterviewQuestion {
  question: string;
  /** What a good answer mentions (the UI reveals it on request). */
  answer: string;
}

/** What the user's own run produced, to answer the interview questions with. */
export interface InterviewEvidence {
  steps: { stepId: string; title: string; passed: boolean; seconds: number; clusterSeconds: number }[];
  traffic: { total: number; failed: number; byVersion: VersionTraffic[] };
  /** Key cluster events of the run (ScalingReplicaSet, Killing, BackOff, ...), oldest first. */
  events: { atMs: number; reason: string; object: string; message: string }[];
  /** The commands run from the app (command panel, graph actions) during the run. */
  commands: { atMs: number; text: string }[];
}

/** The running scenario as the UI shows it. */
export interface ScenarioView {
  scenarioId: string;
  title: string;
  status: 'preparing' | 'working' | 'checking' | 'solving' | 'resetting' | 'done';
  stepIndex: number;
  stepCount: number;
  step: { id: string; title: string; text: string; solution: string[] };
  checks?: { passed: boolean; results: ScenarioCheckResult[] };
  /** Hints revealed so far, per failing sub-check. */
  hints: Record<string, string[]>;
  explanations: { stepId: string; text: string }[];
  resumed: boolean;
  error?: string;
  /** guided when absent. */
  mode?: ScenarioMode;
  /** Drill and interview runs. */
  timer?: ScenarioTimer;
  drill?: { seed: number; phase: 'preparing' | 'running' | 'done'; outcome?: DrillOutcome };
  /** Interview runs: filled once the last step passed or the user ended the run. */
  interview?: { ended: boolean; questions: InterviewQuestion[]; evidence?: InterviewEvidence };
}

/** A report to save as a file (the UI offers it as a download). */
export interface ScenarioReportFile {
  filename: string;
  mimeType: 'text/html';
  content: string;
}

/**
 * A long operation the engine is doing right now (an image build), in words: the UI shows `detail`
 * ("Step 3/7: RUN sh /deps/install-deps.sh ... (from cache)") instead of a spinner. One id per
 * operation; the last update of an operation has state done or failed.
 */
export interface OperationProgress {
  id: string;
  kind: 'image-build';
  /** What the operation is, e.g. "Building pyweb-lesson:1". */
  title: string;
  state: 'running' | 'done' | 'failed';
  /** What is happening now (running) or how it ended (done, failed). */
  detail: string;
  step?: number;
  totalSteps?: number;
  /** The current step's layer came from the build cache. */
  cached?: boolean;
  /** Steps so far that came from the cache. */
  cacheHits?: number;
}

/** A context of the user's kubeconfig, for the "any kube context" backend. */
export interface KubeContext {
  name: string;
  cluster: string;
  current: boolean;
}
