/**
 * The CI/CD pipeline as data in the cluster, and how a run moves on: pure functions, no cluster and no
 * clock (time comes in as an argument). The engine's pipeline runner (core/scenarios/pipeline-runner.ts)
 * reads and writes these ConfigMaps; the checks read them; core/graph draws them.
 *
 * - `pipeline` ConfigMap: `stages` (test,build,push,deploy), `approval` (manual | automatic), the
 *   Deployment and container it deploys to, the image repository; optional `<stage>.seconds`.
 * - A commit: a ConfigMap labelled `deploy-lab.io/commit=<sha>`, data `version`, `tests` (pass | fail),
 *   `message`, and for a failing commit `failingTest`/`failure`. The runner annotates it with the run it
 *   started (`deploy-lab.io/pipeline-run`), so a commit is built once.
 * - A run: ConfigMap `pipeline-run-N` labelled `deploy-lab.io/pipeline-run=N`; data `commit`, `sha`,
 *   `version`, `image`, `approval`, `status`, and per stage `<stage>.status` / `.start` / `.end` /
 *   `.log` (times are cluster time, ISO 8601). Approve the deploy gate with the annotation
 *   `deploy-lab.io/approved=true` (`false` rejects).
 */
import type { KubeObject } from '../scenario-kit';

export const COMMIT_LABEL = 'deploy-lab.io/commit';
export const RUN_LABEL = 'deploy-lab.io/pipeline-run';
/** On a commit: the run that built it. */
export const COMMIT_RUN_ANNOTATION = 'deploy-lab.io/pipeline-run';
export const APPROVED_ANNOTATION = 'deploy-lab.io/approved';
export const PIPELINE_CONFIGMAP = 'pipeline';
export const DEFAULT_STAGES = ['test', 'build', 'push', 'deploy'] as const;
export const DEFAULT_STAGE_SECONDS: Record<string, number> = { test: 20, build: 30, push: 10 };
/** A deploy whose rollout has not finished after this long fails the run. */
export const DEPLOY_TIMEOUT_SECONDS = 240;

export type StageStatus =
  'pending' | 'running' | 'passed' | 'failed' | 'waiting-approval' | 'skipped' | 'rejected';
export type RunStatus = 'running' | 'waiting-approval' | 'succeeded' | 'failed' | 'rejected';

export interface PipelineConfig {
  stages: string[];
  approval: 'manual' | 'automatic';
  deployment: string;
  container: string;
  repository: string;
  seconds: Record<string, number>;
}

export interface Commit {
  name: string;
  uid: string;
  sha: string;
  version: string;
  testsPass: boolean;
  message: string;
  failingTest: string;
  failure: string;
  /** The run that built it, if any. */
  run?: string;
}

export type RunData = Record<string, string>;

export interface Stage {
  name: string;
  status: StageStatus;
  start?: number;
  end?: number;
  log?: string;
}

export interface PipelineRun {
  name: string;
  number: number;
  commit: string;
  sha: string;
  version: string;
  image: string;
  approval: 'manual' | 'automatic';
  status: RunStatus;
  stages: Stage[];
  /** Cluster time the deploy gate started waiting for a person (manual approval). */
  waitingSince?: number;
  /** Cluster time a person approved (or rejected) the deploy. */
  decidedAt?: number;
  /** The approval annotation as it is now. */
  approvedAnnotation?: string;
}

function dataOf(o: KubeObject | undefined): Record<string, string> {
  return (o?.data ?? {}) as Record<string, string>;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function time(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

export function readPipeline(objects: readonly KubeObject[]): PipelineConfig | undefined {
  const cm = objects.find((o) => o.metadata?.name === PIPELINE_CONFIGMAP);
  if (!cm) return undefined;
  const d = dataOf(cm);
  const stages = (d.stages ?? DEFAULT_STAGES.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const seconds: Record<string, number> = { ...DEFAULT_STAGE_SECONDS };
  for (const stage of stages) {
    const value = Number(d[`${stage}.seconds`]);
    if (d[`${stage}.seconds`] !== undefined && Number.isFinite(value) && value >= 0) seconds[stage] = value;
  }
  return {
    stages,
    approval: d.approval === 'automatic' ? 'automatic' : 'manual',
    deployment: d.deployment ?? 'web',
    container: d.container ?? 'web',
    repository: d.repository ?? 'deploy-lab/pyweb',
    seconds,
  };
}

export function isCommit(o: KubeObject): boolean {
  return o.metadata?.labels?.[COMMIT_LABEL] !== undefined;
}

export function readCommit(o: KubeObject): Commit {
  const d = dataOf(o);
  const sha = o.metadata?.labels?.[COMMIT_LABEL] ?? '';
  return {
    name: o.metadata?.name ?? '',
    uid: o.metadata?.uid ?? '',
    sha,
    version: d.version ?? '',
    testsPass: (d.tests ?? 'pass') !== 'fail',
    message: d.message ?? '',
    failingTest: d.failingTest ?? 'tests/test_app.py',
    failure: d.failure ?? 'AssertionError',
    ...(o.metadata?.annotations?.[COMMIT_RUN_ANNOTATION]
      ? { run: o.metadata.annotations[COMMIT_RUN_ANNOTATION] }
      : {}),
  };
}

export function isRun(o: KubeObject): boolean {
  return o.metadata?.labels?.[RUN_LABEL] !== undefined;
}

export function readRun(o: KubeObject): PipelineRun {
  const d = dataOf(o);
  const stages = (d.stages ?? DEFAULT_STAGES.join(',')).split(',').filter(Boolean);
  return {
    name: o.metadata?.name ?? '',
    number: Number(o.metadata?.labels?.[RUN_LABEL] ?? d.run ?? 0) || 0,
    commit: d.commit ?? '',
    sha: d.sha ?? '',
    version: d.version ?? '',
    image: d.image ?? '',
    approval: d.approval === 'automatic' ? 'automatic' : 'manual',
    status: (d.status ?? 'running') as RunStatus,
    stages: stages.map((name) => {
      const start = time(d[`${name}.start`]);
      const end = time(d[`${name}.end`]);
      return {
        name,
        status: (d[`${name}.status`] ?? 'pending') as StageStatus,
        ...(start !== undefined ? { start } : {}),
        ...(end !== undefined ? { end } : {}),
        ...(d[`${name}.log`] ? { log: d[`${name}.log`] } : {}),
      };
    }),
    ...(time(d['deploy.waitingSince']) !== undefined ? { waitingSince: time(d['deploy.waitingSince']) } : {}),
    ...(time(d['deploy.decidedAt']) !== undefined ? { decidedAt: time(d['deploy.decidedAt']) } : {}),
    ...(o.metadata?.annotations?.[APPROVED_ANNOTATION] !== undefined
      ? { approvedAnnotation: o.metadata.annotations[APPROVED_ANNOTATION] }
      : {}),
  };
}

export function runs(objects: readonly KubeObject[]): PipelineRun[] {
  return objects
    .filter(isRun)
    .map(readRun)
    .sort((a, b) => a.number - b.number);
}

/** The run that built a commit (by its sha), the newest if there are several. */
export function runOfCommit(objects: readonly KubeObject[], sha: string): PipelineRun | undefined {
  return runs(objects)
    .filter((r) => r.sha === sha)
    .pop();
}

export function runName(n: number): string {
  return `pipeline-run-${n}`;
}

/** The data of a new run for a commit, started at `now` (its first stage running). */
export function newRun(n: number, commit: Commit, pipeline: PipelineConfig, now: number): RunData {
  const image = `${pipeline.repository}:${commit.version}`;
  const data: RunData = {
    run: String(n),
    commit: commit.name,
    sha: commit.sha,
    version: commit.version,
    image,
    message: commit.message,
    approval: pipeline.approval,
    deployment: pipeline.deployment,
    container: pipeline.container,
    stages: pipeline.stages.join(','),
    status: 'running',
  };
  for (const stage of pipeline.stages) {
    data[`${stage}.status`] = 'pending';
    data[`${stage}.seconds`] = String(pipeline.seconds[stage] ?? 10);
  }
  data['tests'] = commit.testsPass ? 'pass' : 'fail';
  data['failingTest'] = commit.failingTest;
  data['failure'] = commit.failure;
  const first = pipeline.stages[0];
  if (first) {
    data[`${first}.status`] = 'running';
    data[`${first}.start`] = iso(now);
  }
  return data;
}

export interface RunWorld {
  now: number;
  /** The run's approval annotation (`true` approves the deploy, `false` rejects it). */
  approved?: string;
  /** Whether the target Deployment finished rolling out to the run's image. */
  rolledOut: boolean;
  /** The rollout's progress, for the deploy stage's log while it runs. */
  rolloutMessage?: string;
}

export interface Advance {
  /** Changed data keys (merge-patched into the run ConfigMap). */
  patch: RunData;
  /** The deploy stage started: the runner sets the Deployment's image now. */
  deploy: boolean;
}

function stageLog(stage: string, d: RunData, passed: boolean): string {
  const image = d.image ?? '';
  const sha = d.sha ?? '';
  switch (stage) {
    case 'test':
      return passed
        ? `pytest: 42 passed in ${d['test.seconds'] ?? '20'}s`
        : `pytest: 1 failed, 41 passed: ${d.failingTest ?? 'a test'} - ${d.failure ?? 'AssertionError'}`;
    case 'build':
      return `docker build -t ${image} . (commit ${sha})`;
    case 'push':
      return `docker push ${image}`;
    default:
      return `${stage}: ok`;
  }
}

/**
 * Moves a run on as far as `world` allows, in one go (a clock that jumped ahead passes several stages),
 * with stage times that do not depend on how often it is called: a timed stage ends exactly its
 * duration after it started, and the next one starts then.
 */
export function advanceRun(current: RunData, world: RunWorld): Advance {
  const d: RunData = { ...current };
  const patch: RunData = {};
  let deploy = false;
  const set = (key: string, value: string) => {
    if (d[key] !== value) {
      d[key] = value;
      patch[key] = value;
    }
  };
  const stages = (d.stages ?? '').split(',').filter(Boolean);
  const finish = (status: RunStatus, from: number, why: string) => {
    set('status', status);
    for (const later of stages.slice(from)) {
      if (d[`${later}.status`] === 'pending') {
        set(`${later}.status`, 'skipped');
        set(`${later}.log`, `skipped: ${why}`);
      }
    }
  };
  for (let guard = 0; guard < 4 * stages.length + 4; guard += 1) {
    const status = d.status as RunStatus;
    if (status === 'succeeded' || status === 'failed' || status === 'rejected') break;
    const index = stages.findIndex((s) => d[`${s}.status`] !== 'passed');
    if (index < 0) {
      set('status', 'succeeded');
      break;
    }
    const stage = stages[index] ?? '';
    const state = d[`${stage}.status`] as StageStatus;
    const previousEnd = index > 0 ? time(d[`${stages[index - 1]}.end`]) : undefined;
    if (state === 'pending') {
      const start = previousEnd ?? world.now;
      if (stage === 'deploy' && d.approval !== 'automatic') {
        set(`${stage}.status`, 'waiting-approval');
        set('deploy.waitingSince', iso(start));
        set(
          `${stage}.log`,
          `waiting for approval: kubectl annotate configmap ${runName(Number(d.run))} ${APPROVED_ANNOTATION}=true`,
        );
        set('status', 'waiting-approval');
        continue;
      }
      set(`${stage}.status`, 'running');
      set(`${stage}.start`, iso(stage === 'deploy' ? Math.max(start, world.now) : start));
      if (stage === 'deploy') {
        if (d.approval === 'automatic') set('deploy.approval', 'automatic: no human step');
        deploy = true;
        set(`${stage}.log`, `kubectl set image deployment/${d.deployment} ${d.container}=${d.image}`);
      }
      continue;
    }
    if (state === 'waiting-approval') {
      if (world.approved === 'true') {
        set('deploy.decidedAt', iso(world.now));
        set('deploy.approval', `approved at ${iso(world.now)}`);
        set(`${stage}.status`, 'running');
        set(`${stage}.start`, iso(world.now));
        set(`${stage}.log`, `kubectl set image deployment/${d.deployment} ${d.container}=${d.image}`);
        set('status', 'running');
        deploy = true;
        continue;
      }
      if (world.approved === 'false') {
        set('deploy.decidedAt', iso(world.now));
        set('deploy.approval', `rejected at ${iso(world.now)}`);
        set(`${stage}.status`, 'rejected');
        set(`${stage}.end`, iso(world.now));
        set(`${stage}.log`, 'rejected: not deployed');
        set('status', 'rejected');
      }
      break;
    }
    if (state === 'running') {
      const start = time(d[`${stage}.start`]) ?? world.now;
      if (stage === 'deploy') {
        if (world.rolledOut) {
          set(`${stage}.status`, 'passed');
          set(`${stage}.end`, iso(world.now));
          set(`${stage}.log`, `deployment/${d.deployment} rolled out ${d.image}`);
          continue;
        }
        if (world.now - start > DEPLOY_TIMEOUT_SECONDS * 1000) {
          set(`${stage}.status`, 'failed');
          set(`${stage}.end`, iso(world.now));
          set(
            `${stage}.log`,
            `rollout of ${d.image} did not finish in ${DEPLOY_TIMEOUT_SECONDS} s${world.rolloutMessage ? `: ${world.rolloutMessage}` : ''}`,
          );
          finish('failed', index + 1, 'deploy failed');
        }
        break;
      }
      const seconds = Number(d[`${stage}.seconds`] ?? 10);
      const end = start + seconds * 1000;
      if (world.now < end) break;
      const passed = stage !== 'test' || d.tests !== 'fail';
      set(`${stage}.status`, passed ? 'passed' : 'failed');
      set(`${stage}.end`, iso(end));
      set(`${stage}.log`, stageLog(stage, d, passed));
      if (!passed) {
        finish('failed', index + 1, `${stage} failed`);
        break;
      }
      continue;
    }
    // failed / skipped / rejected in a run still marked running: settle it.
    finish('failed', index + 1, `${stage} ${state}`);
    break;
  }
  return { patch, deploy };
}
