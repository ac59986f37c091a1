/**
 * The scenario format: what a scenario folder declares (metadata, steps, checks, hints, solutions,
 * drill faults) and the plain data its checks read. Scenarios stay data plus pure functions so the
 * same definition runs on the embedded cluster, kind or a team's context: the engine in
 * core/scenarios gathers the data (live objects, the recorded watch timeline, the traffic ledger) and
 * performs the actions; nothing here touches a cluster, a file or a clock.
 */
import type { BackendId, ScenarioSummary } from '../core/contract';
import type { ScenarioMachine } from './scenario-machine';

export interface ScenarioMeta extends ScenarioSummary {
  /** Bumped when steps change shape, so a saved progress snapshot of an older version is not resumed. */
  version: number;
}

/** A Kubernetes object as the API server sent it (JSON). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind?: string; name?: string; uid?: string }[];
    resourceVersion?: string;
    deletionTimestamp?: string;
    creationTimestamp?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One change seen on the watch, stamped with the cluster's (virtual) time. */
export interface TimelineEntry {
  t: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: string;
  name: string;
  object: KubeObject;
}

/** One request of the synthetic client, as the traffic ledger records it. */
export interface RequestRecord {
  t: number;
  outcome: 'ok' | 'error' | 'refused' | 'no-endpoints';
  status?: number;
  latencyMs: number;
  pod?: string;
  node?: string;
  version?: string;
  service: string;
}

/** Everything a check may read: live state, the state when the step started, and the step's history. */
export interface CheckContext {
  namespace: string;
  backend: BackendId;
  /** Objects now, e.g. objects('pods'). */
  objects(resource: string): KubeObject[];
  /** Objects as they were when the step started. */
  atStart(resource: string): KubeObject[];
  /** Watch changes since the step started, oldest first. */
  timeline: readonly TimelineEntry[];
  /** Requests of the synthetic client since the step started. */
  requests: readonly RequestRecord[];
  stepStartedAt: number;
  now: number;
}

/** A sub-check's verdict; `message` says in plain words what is wrong (or what is right). */
export interface CheckVerdict {
  passed: boolean;
  message: string;
}

export interface SubCheck {
  id: string;
  /** What is checked, as the step's checklist shows it. */
  title: string;
  evaluate(ctx: CheckContext): CheckVerdict;
  /** Revealed one at a time while this sub-check fails. */
  hints: readonly string[];
}

/** What a solution does, as data: the engine performs it and shows it as the kubectl command. */
export type SolutionAction =
  | { do: 'apply'; manifest: string }
  | { do: 'setImage'; deployment: string; container: string; image: string }
  | { do: 'scale'; deployment: string; replicas: number }
  | { do: 'deletePod'; selector: Record<string, string> }
  | { do: 'setSelector'; service: string; selector: Record<string, string> }
  | { do: 'rollback'; deployment: string }
  /** `kubectl rollout restart`: new pods from the same template (they re-read ConfigMaps and Secrets). */
  | { do: 'restart'; deployment: string }
  | {
      do: 'delete';
      kind: 'Deployment' | 'Service' | 'HorizontalPodAutoscaler' | 'ConfigMap' | 'Secret';
      name: string;
    }
  /** `kubectl annotate`: e.g. approve a pipeline run waiting at its deploy gate. */
  | { do: 'annotate'; kind: 'ConfigMap'; name: string; annotations: Record<string, string> }
  | { do: 'fault'; fault: FaultName; args: readonly (string | number | boolean)[] }
  | { do: 'traffic'; service: string; ratePerSecond: number }
  /** Stop the node that runs a pod matching the selector (kind: `docker stop` of the node container). */
  | { do: 'stopNodeOf'; selector: Record<string, string> }
  /** Start every node that is down. */
  | { do: 'startNodes' }
  /** The runbook for a lost node: cordon the nodes this run stopped, force-delete their pods. */
  | { do: 'drainStoppedNodes' }
  | { do: 'waitUntil'; what: string; until: (ctx: CheckContext) => boolean; timeoutSeconds: number };

export type FaultName =
  | 'nodeDown'
  | 'nodeUp'
  | 'killPod'
  | 'crashContainer'
  | 'failReadiness'
  | 'injectLatency'
  | 'injectErrors'
  | 'clearAll';

export interface StepDefinition {
  id: string;
  title: string;
  /** Markdown file under the scenario folder, e.g. steps/01-deploy.md. */
  text: string;
  /**
   * The state the step starts from, re-created by "reset step" and on resume after a restart:
   * manifests applied in order; objects of the scenario not listed are deleted.
   */
  start: {
    manifests: readonly string[];
    /** Run after the manifests on restore, for starts that are not a rolled-out state (a stalled release). */
    actions?: readonly SolutionAction[];
    traffic?: { service: string; ratePerSecond: number };
  };
  checks: readonly SubCheck[];
  solution: readonly SolutionAction[];
  /** Virtual seconds the checks may take to settle after the solution ran (pods start, rollouts finish). */
  settleSeconds: number;
  /** Shown once the step passes: why it worked. */
  explanation: string;
}

export interface DrillSpec {
  /** Faults one of which is injected at a random (seeded) moment. */
  faults: readonly {
    name: string;
    actions: readonly SolutionAction[];
    recovery: readonly SolutionAction[];
  }[];
  /** The state the drill starts from. */
  start: { manifests: readonly string[]; traffic: { service: string; ratePerSecond: number } };
  /** The symptom a watchful operator notices (e.g. failed requests, pods not ready). */
  detected(ctx: CheckContext): boolean;
  /** The service is healthy again. */
  recovered: SubCheck;
  /** Latest virtual second of the drill at which the fault may be injected (earliest: 5 s). */
  faultWindowSeconds: number;
  timeoutSeconds: number;
}

export interface ScenarioDefinition {
  meta: ScenarioMeta;
  /** The scenario's step machine (xstate setup()); the engine provides its actors. */
  machine: ScenarioMachine;
  /** The folder under scenarios/ holding steps/ and manifests/. */
  folder: string;
  steps: readonly StepDefinition[];
  drill?: DrillSpec;
}

// ------------------------------------------------------------------------------------------------
// Pure helpers checks share. Each reads the JSON shapes the API server sends.

export function labelsMatch(
  labels: Record<string, string> | undefined,
  selector: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export function named(objects: readonly KubeObject[], name: string): KubeObject | undefined {
  return objects.find((o) => o.metadata?.name === name);
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function podIsReady(pod: KubeObject): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  const conditions = (pod.status?.conditions ?? []) as { type?: string; status?: string }[];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function podsMatching(ctx: CheckContext, selector: Record<string, string>): KubeObject[] {
  return ctx.objects('pods').filter((p) => labelsMatch(p.metadata?.labels, selector));
}

export function containerImage(object: KubeObject | undefined): string | undefined {
  const spec = object?.spec as
    | { template?: { spec?: { containers?: { image?: string }[] } }; containers?: { image?: string }[] }
    | undefined;
  return spec?.template?.spec?.containers?.[0]?.image ?? spec?.containers?.[0]?.image;
}

export function specReplicas(object: KubeObject | undefined): number {
  return num(object?.spec?.replicas);
}

export function readyReplicas(object: KubeObject | undefined): number {
  return num(object?.status?.readyReplicas);
}

/** The Deployment's pods all run `image`, are ready, and the rollout finished (like `rollout status`). */
export function rolledOut(ctx: CheckContext, deployment: string, image?: string): CheckVerdict {
  const d = named(ctx.objects('deployments'), deployment);
  if (!d) return { passed: false, message: `There is no Deployment named "${deployment}" yet.` };
  const current = containerImage(d);
  if (image && current !== image) {
    return {
      passed: false,
      message: `Deployment "${deployment}" runs ${current ?? 'no image'}, not ${image}.`,
    };
  }
  const want = specReplicas(d);
  const status = d.status ?? {};
  const updated = num(status.updatedReplicas);
  const ready = num(status.readyReplicas);
  const total = num(status.replicas);
  const observed =
    num(status.observedGeneration) >=
    num(d.metadata && (d as { metadata: { generation?: number } }).metadata.generation);
  if (!observed || updated < want || ready < want || total > want) {
    return {
      passed: false,
      message: `Deployment "${deployment}" is not rolled out: ${ready}/${want} ready, ${updated} updated, ${total} in total.`,
    };
  }
  return {
    passed: true,
    message: `Deployment "${deployment}" has ${ready}/${want} ready pods${image ? ` on ${image}` : ''}.`,
  };
}

export function failedRequests(requests: readonly RequestRecord[]): RequestRecord[] {
  return requests.filter((r) => r.outcome !== 'ok');
}

export function describeFailures(requests: readonly RequestRecord[]): string {
  const failed = failedRequests(requests);
  const byOutcome: Record<string, number> = {};
  for (const r of failed) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
  return Object.entries(byOutcome)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');
}

/** Changes of one object (by resource and name) in the step's timeline. */
export function historyOf(ctx: CheckContext, resource: string, name: string): TimelineEntry[] {
  return ctx.timeline.filter((e) => e.resource === resource && e.name === name);
}

/** The distinct values a field took over the step, starting with its value when the step began. */
export function valuesOver<T>(
  ctx: CheckContext,
  resource: string,
  name: string,
  read: (o: KubeObject) => T,
): T[] {
  const values: T[] = [];
  const first = named(ctx.atStart(resource), name);
  if (first) values.push(read(first));
  for (const entry of historyOf(ctx, resource, name)) {
    const value = entry.type === 'DELETED' ? undefined : read(entry.object);
    if (value !== undefined && values[values.length - 1] !== value) values.push(value);
  }
  return values;
}

/** ReplicaSets owned by a Deployment (by owner name). */
export function replicaSetsOf(objects: readonly KubeObject[], deployment: string): KubeObject[] {
  return objects.filter((rs) =>
    rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === deployment),
  );
}

/** The kubectl command a solution action corresponds to, for "show me" and drill timelines. */
export function describeAction(action: SolutionAction, namespace = 'default'): string {
  const ns = namespace === 'default' ? '' : ` -n ${namespace}`;
  switch (action.do) {
    case 'apply':
      return `kubectl apply${ns} -f ${action.manifest}`;
    case 'setImage':
      return `kubectl set image${ns} deployment/${action.deployment} ${action.container}=${action.image}`;
    case 'scale':
      return `kubectl scale${ns} deployment/${action.deployment} --replicas=${action.replicas}`;
    case 'deletePod':
      return `kubectl delete pod${ns} $(kubectl get pod${ns} -l ${selectorText(action.selector)} -o name | head -1)`;
    case 'setSelector':
      return `kubectl patch service${ns} ${action.service} -p '${JSON.stringify({ spec: { selector: action.selector } })}'`;
    case 'rollback':
      return `kubectl rollout undo${ns} deployment/${action.deployment}`;
    case 'restart':
      return `kubectl rollout restart${ns} deployment/${action.deployment}`;
    case 'delete':
      return `kubectl delete${ns} ${action.kind.toLowerCase()} ${action.name}`;
    case 'annotate':
      return `kubectl annotate${ns} ${action.kind.toLowerCase()} ${action.name} ${Object.entries(
        action.annotations,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`;
    case 'fault':
      return `deploy-lab sim fault ${action.fault} ${action.args.join(' ')}`.trim();
    case 'traffic':
      return `deploy-lab sim traffic start ${action.service} --rate ${action.ratePerSecond}`;
    case 'stopNodeOf':
      return `deploy-lab sim fault node-down $(kubectl get pod${ns} -l ${selectorText(action.selector)} -o jsonpath='{.items[0].spec.nodeName}')`;
    case 'startNodes':
      return 'deploy-lab sim fault node-up <each stopped node>';
    case 'drainStoppedNodes':
      return 'kubectl cordon <lost node> && kubectl delete pod --force --grace-period=0 --field-selector spec.nodeName=<lost node>';
    case 'waitUntil':
      return `# wait until ${action.what}`;
  }
}

export function selectorText(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Passed when every sub-check passed; otherwise the first failing one names the problem. */
export function firstFailure(verdicts: readonly { id: string; passed: boolean; message: string }[]) {
  return verdicts.find((v) => !v.passed);
}

/**
 * How a rolling update's percentages become pod counts, as the deployment controller computes them
 * (pkg/controller/deployment/util/deployment_util.go ResolveFenceposts): maxSurge rounds up,
 * maxUnavailable rounds down, and if both come to 0, maxUnavailable is 1.
 */
export function rolloutBounds(
  replicas: number,
  maxSurge: string | number = '25%',
  maxUnavailable: string | number = '25%',
) {
  const scale = (value: string | number, roundUp: boolean) => {
    if (typeof value === 'number') return value;
    const pct = Number(value.replace('%', ''));
    const exact = (pct * replicas) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  };
  const surge = scale(maxSurge, true);
  let unavailable = scale(maxUnavailable, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable, maxPods: replicas + surge, minAvailable: replicas - unavailable };
}

/**
 * A rolling update happened during the step: the Deployment was kept, a new ReplicaSet took over, and
 * the old one went down in steps rather than at once (so delete-and-recreate or Recreate do not pass).
 */
export function rolledGradually(ctx: CheckContext, deployment: string): CheckVerdict {
  if (historyOf(ctx, 'deployments', deployment).some((e) => e.type === 'DELETED')) {
    return {
      passed: false,
      message: `The Deployment "${deployment}" was deleted and re-created, so every pod stopped at once. Change the image in place (kubectl set image or apply) so it rolls.`,
    };
  }
  const old = replicaSetsOf(ctx.atStart('replicasets'), deployment).filter((rs) => specReplicas(rs) > 0);
  if (old.length === 0)
    return { passed: false, message: `No ReplicaSet of "${deployment}" was serving when the step began.` };
  const oldNames = new Set(old.map((rs) => rs.metadata?.name));
  const grown = ctx.timeline.some(
    (e) =>
      e.resource === 'replicasets' &&
      e.type !== 'DELETED' &&
      !oldNames.has(e.name) &&
      replicaSetsOf([e.object], deployment).length > 0 &&
      specReplicas(e.object) > 0,
  );
  if (!grown)
    return {
      passed: false,
      message: `No new ReplicaSet of "${deployment}" has started pods yet: the pod template has not changed.`,
    };
  for (const rs of old) {
    const name = rs.metadata?.name ?? '';
    const initial = specReplicas(rs);
    const values = valuesOver(ctx, 'replicasets', name, (o) => specReplicas(o));
    if (historyOf(ctx, 'replicasets', name).some((e) => e.type === 'DELETED')) {
      return {
        passed: false,
        message: `The old ReplicaSet ${name} was deleted instead of being scaled down gradually.`,
      };
    }
    const last = values[values.length - 1] ?? initial;
    if (last > 0)
      return {
        passed: false,
        message: `The old ReplicaSet ${name} still has ${last} replica(s): the rollout has not finished.`,
      };
    // Two witnesses of a step down: the replica counts the watch delivered (batched, so a fast rollout
    // may skip one) and the deployment controller's ScalingReplicaSet events (one object per step).
    const stepped =
      values.some((v) => v > 0 && v < initial) ||
      scalingEvents(ctx).some(
        (e) => e.replicaSet === name && e.direction === 'down' && e.to > 0 && e.to < initial,
      );
    if (initial > 1 && !stepped) {
      return {
        passed: false,
        message: `The old ReplicaSet ${name} went from ${initial} to 0 pods in one go: that is a Recreate, not a rolling update.`,
      };
    }
  }
  return { passed: true, message: `A new ReplicaSet took over while the old one scaled down step by step.` };
}

export interface ScalingEvent {
  t: number;
  direction: 'up' | 'down';
  replicaSet: string;
  from: number;
  to: number;
}

/**
 * The deployment controller's "Scaled up/down replica set X from A to B" events seen during the step
 * (older releases wrote "... to B from A"; both are read).
 */
export function scalingEvents(ctx: CheckContext): ScalingEvent[] {
  const out: ScalingEvent[] = [];
  const seen = new Set<string>();
  for (const e of ctx.timeline) {
    if (e.resource !== 'events' || e.type === 'DELETED' || e.object.reason !== 'ScalingReplicaSet') continue;
    const message = String(e.object.message ?? '');
    const m = /Scaled (up|down) replica set (\S+) (?:from (\d+) to (\d+)|to (\d+) from (\d+))/.exec(message);
    if (!m || seen.has(`${e.name}/${message}`)) continue;
    seen.add(`${e.name}/${message}`);
    const from = Number(m[3] ?? m[6]);
    const to = Number(m[4] ?? m[5]);
    out.push({ t: e.t, direction: m[1] === 'up' ? 'up' : 'down', replicaSet: m[2] ?? '', from, to });
  }
  return out;
}

export function noFailedRequests(ctx: CheckContext, during: string): CheckVerdict {
  if (ctx.requests.length === 0)
    return {
      passed: false,
      message: `No requests were measured ${during}: is the synthetic client running?`,
    };
  const failed = failedRequests(ctx.requests);
  return failed.length === 0
    ? { passed: true, message: `All ${ctx.requests.length} requests ${during} succeeded.` }
    : {
        passed: false,
        message: `${failed.length} of ${ctx.requests.length} requests failed ${during} (${describeFailures(ctx.requests)}).`,
      };
}
