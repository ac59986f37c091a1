/**
 * HorizontalPodAutoscaler (autoscaling/v2), CPU utilization only:
 * pkg/controller/podautoscaler/horizontal.go (reconcileAutoscaler, normalizeDesiredReplicas[WithBehaviors],
 * stabilizeRecommendation[WithBehaviors], convertDesiredReplicasWithRules, calculateScaleUpLimitWithScalingRules,
 * calculateScaleDownLimitWithBehaviors) and replica_calculator.go (GetResourceReplicas, groupPods).
 * Defaults from config/v1alpha1/defaults.go: sync 15 s, tolerance 0.1, downscale stabilization 5 min,
 * CPU initialization period 5 min, initial readiness delay 30 s.
 */
import { parseTime, rfc3339, type TimerHandle } from '../clock/virtual-clock.js';
import type { Condition, Deployment, HorizontalPodAutoscaler, HPAScalingRules, Pod } from '../store/kube-types.js';
import { fromLabelSelector } from '../store/selectors.js';
import { getCondition, nsName, parseCpuMilli, splitNsName, deepEqual } from './pod-util.js';
import type { Controller, SimContext } from './sim-context.js';
import { WorkQueue } from './work-queue.js';

export const HPA_SYNC_MS = 15_000;
export const HPA_TOLERANCE = 0.1;
export const DOWNSCALE_STABILIZATION_MS = 300_000;
const CPU_INIT_PERIOD_MS = 300_000;
const INITIAL_READINESS_DELAY_MS = 30_000;
/** metrics-server's resolution window: a sample covers this much time. */
const METRIC_WINDOW_MS = 30_000;
const COMPONENT = 'horizontal-pod-autoscaler';

export type PodCpuSource = (podUid: string) => number | undefined;

interface Recommendation {
  t: number;
  replicas: number;
}
interface ScaleEvent {
  t: number;
  change: number;
}

export interface ResourceReplicasResult {
  replicas: number;
  utilization: number;
  rawAverageMilli: number;
}

/**
 * replica_calculator.go GetResourceReplicas + groupPods, as a pure function (tested on its own).
 * `usage` maps pod name -> millicores (missing = no metric).
 */
export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  pods: Pod[],
  usage: Map<string, number>,
  now: number,
  tolerance = HPA_TOLERANCE,
): ResourceReplicasResult {
  const requests = new Map<string, number>();
  const metrics = new Map<string, number>();
  const unready = new Set<string>();
  const missing = new Set<string>();
  for (const p of pods) {
    const name = p.metadata.name!;
    let req = 0;
    for (const c of p.spec.containers) {
      const r = c.resources?.requests?.['cpu'];
      if (r === undefined) throw new Error(`missing request for cpu in container ${c.name} of Pod ${name}`);
      req += parseCpuMilli(r);
    }
    requests.set(name, req);
    // Deleted and failed pods are ignored altogether (groupPods ignoredPods).
    if (p.metadata.deletionTimestamp || p.status?.phase === 'Failed') continue;
    if (p.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const m = usage.get(name);
    if (m === undefined) {
      missing.add(name);
      continue;
    }
    const cond = getCondition(p.status?.conditions, 'Ready');
    const start = parseTime(p.status?.startTime);
    let isUnready: boolean;
    if (!cond || start === undefined) isUnready = true;
    else {
      const lt = parseTime(cond.lastTransitionTime) ?? 0;
      if (start + CPU_INIT_PERIOD_MS > now) isUnready = cond.status === 'False' || now < lt + METRIC_WINDOW_MS;
      else isUnready = cond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > lt;
    }
    if (isUnready) {
      unready.add(name);
      continue;
    }
    metrics.set(name, m);
  }
  if (metrics.size === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const ratioOf = (ms: Map<string, number>): { ratio: number; utilization: number; raw: number } => {
    let sumUsage = 0;
    let sumReq = 0;
    for (const [n, v] of ms) {
      sumUsage += v;
      sumReq += requests.get(n) ?? 0;
    }
    if (sumReq === 0) throw new Error('no cpu requests on the pods with metrics');
    const utilization = Math.trunc((sumUsage * 100) / sumReq);
    return { ratio: utilization / targetUtilization, utilization, raw: sumUsage / ms.size };
  };
  const first = ratioOf(metrics);
  const readyCount = metrics.size;
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1.0;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1.0 - first.ratio) <= tolerance) return { replicas: currentReplicas, utilization: first.utilization, rawAverageMilli: first.raw };
    return { replicas: Math.ceil(first.ratio * readyCount), utilization: first.utilization, rawAverageMilli: first.raw };
  }
  if (missing.size > 0) {
    if (first.ratio < 1.0) {
      const fallback = Math.max(100, targetUtilization);
      for (const n of missing) metrics.set(n, ((requests.get(n) ?? 0) * fallback) / 100);
    } else if (first.ratio > 1.0) for (const n of missing) metrics.set(n, 0);
  }
  if (scaleUpWithUnready) for (const n of unready) metrics.set(n, 0);
  const second = ratioOf(metrics);
  const keep = { replicas: currentReplicas, utilization: first.utilization, rawAverageMilli: first.raw };
  if (Math.abs(1.0 - second.ratio) <= tolerance || (first.ratio < 1.0 && second.ratio > 1.0) || (first.ratio > 1.0 && second.ratio < 1.0)) return keep;
  const n = Math.ceil(second.ratio * metrics.size);
  if ((second.ratio < 1.0 && n > currentReplicas) || (second.ratio > 1.0 && n < currentReplicas)) return keep;
  return { replicas: n, utilization: first.utilization, rawAverageMilli: first.raw };
}

export class HpaController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unwatch: (() => void)[] = [];
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly upEvents = new Map<string, ScaleEvent[]>();
  private readonly downEvents = new Map<string, ScaleEvent[]>();
  private timer: TimerHandle | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly cpu: PodCpuSource,
  ) {
    this.queue = new WorkQueue(ctx.clock, (k) => this.reconcile(k));
    this.unwatch.push(
      ctx.store.watch('horizontalpodautoscalers', {}, (e) => {
        if (e.type === 'ADDED') this.queue.add(nsName(e.object));
        if (e.type === 'DELETED') this.recommendations.delete(nsName(e.object));
      }),
    );
    this.timer = ctx.clock.after(HPA_SYNC_MS, () => this.resync());
  }

  dispose(): void {
    this.unwatch.forEach((u) => u());
    this.queue.dispose();
    this.ctx.clock.cancel(this.timer);
  }

  private resync(): void {
    for (const h of this.ctx.store.list('horizontalpodautoscalers').items) this.queue.add(nsName(h));
    this.timer = this.ctx.clock.after(HPA_SYNC_MS, () => this.resync());
  }

  private cond(type: string, status: Condition['status'], reason: string, message: string, old: Condition[] | undefined): Condition {
    const prev = old?.find((c) => c.type === type);
    const now = rfc3339(this.ctx.clock.now());
    return { type, status, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, reason, message };
  }

  reconcile(key: string): void {
    const [ns, name] = splitNsName(key);
    const { store, clock, recorder } = this.ctx;
    const hpa = store.tryGet('horizontalpodautoscalers', ns, name);
    if (!hpa) return;
    const now = clock.now();
    const oldConds = hpa.status?.conditions;
    const conds = new Map<string, Condition>();
    const setC = (type: string, status: Condition['status'], reason: string, message: string): void => void conds.set(type, this.cond(type, status, reason, message, oldConds));
    const ref = hpa.spec.scaleTargetRef;
    const target = ref.kind === 'Deployment' ? store.tryGet('deployments', ns, ref.name) : undefined;
    const writeStatus = (status: NonNullable<HorizontalPodAutoscaler['status']>): void => {
      const order = ['AbleToScale', 'ScalingActive', 'ScalingLimited'];
      status.conditions = order.map((t) => conds.get(t) ?? oldConds?.find((c) => c.type === t)).filter((c): c is Condition => !!c);
      const cur = store.tryGet('horizontalpodautoscalers', ns, name);
      if (cur && !deepEqual(cur.status, status)) store.update('horizontalpodautoscalers', { ...cur, status }, { subresource: 'status' });
    };
    if (!target) {
      const msg = `the HPA controller was unable to get the target's current scale: deployments.apps "${ref.name}" not found`;
      setC('AbleToScale', 'False', 'FailedGetScale', msg);
      recorder.record(hpa, 'Warning', 'FailedGetScale', `deployments.apps "${ref.name}" not found`, COMPONENT);
      writeStatus({ ...(hpa.status ?? { currentReplicas: 0, desiredReplicas: 0 }), observedGeneration: hpa.metadata.generation });
      return;
    }
    const current = target.spec.replicas ?? 1;
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    let desired = current;
    let rescaleReason = '';
    let currentMetrics: unknown[] | undefined = hpa.status?.currentMetrics;
    setC('AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale');
    if (current === 0 && min !== 0) {
      desired = 0;
      setC('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (current > max) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desired = max;
    } else if (current < min) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desired = min;
    } else {
      const metric = (hpa.spec.metrics ?? []).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
      const targetUtil = metric?.resource?.target.averageUtilization;
      if (!metric || targetUtil === undefined) {
        setC('ScalingActive', 'False', 'InvalidMetricSourceType', 'the simulator supports only cpu Utilization metrics');
        writeStatus({ ...(hpa.status ?? { currentReplicas: current, desiredReplicas: current }), currentReplicas: current, observedGeneration: hpa.metadata.generation });
        return;
      }
      const pods = store.select('pods', ns, fromLabelSelector(target.spec.selector), [], false);
      const usage = new Map<string, number>();
      for (const p of pods) {
        const u = this.cpu(p.metadata.uid!);
        if (u !== undefined) usage.set(p.metadata.name!, u);
      }
      let res: ResourceReplicasResult;
      try {
        if (pods.length === 0) throw new Error(`no pods returned by selector while calculating replica count`);
        res = resourceReplicas(current, targetUtil, pods, usage, now);
      } catch (e) {
        const msg = `the HPA was unable to compute the replica count: failed to get cpu utilization: ${e instanceof Error ? e.message : String(e)}`;
        setC('ScalingActive', 'False', 'FailedGetResourceMetric', msg);
        recorder.record(hpa, 'Warning', 'FailedGetResourceMetric', `failed to get cpu utilization: ${e instanceof Error ? e.message : String(e)}`, COMPONENT);
        writeStatus({ ...(hpa.status ?? { currentReplicas: current, desiredReplicas: current }), currentReplicas: current, observedGeneration: hpa.metadata.generation });
        return;
      }
      currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: res.utilization, averageValue: `${Math.round(res.rawAverageMilli)}m` } } }];
      setC('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
      const pre = res.replicas;
      rescaleReason = pre > current ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target';
      desired = hpa.spec.behavior ? this.normalizeWithBehaviors(key, hpa, current, pre, setC) : this.normalize(key, hpa, current, pre, setC);
    }
    const rescale = desired !== current;
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (rescale) {
      store.update('deployments', { ...target, spec: { ...target.spec, replicas: desired } } as Deployment);
      recorder.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${rescaleReason}`, COMPONENT);
      const list = desired > current ? this.upEvents : this.downEvents;
      const evs = list.get(key) ?? [];
      evs.push({ t: now, change: Math.abs(desired - current) });
      list.set(key, evs.filter((e) => e.t > now - 3_600_000));
      lastScaleTime = rfc3339(now);
    }
    const status: NonNullable<HorizontalPodAutoscaler['status']> = {
      observedGeneration: hpa.metadata.generation,
      currentReplicas: current,
      desiredReplicas: desired,
    };
    if (lastScaleTime) status.lastScaleTime = lastScaleTime;
    if (currentMetrics) status.currentMetrics = currentMetrics;
    writeStatus(status);
  }

  /** stabilizeRecommendation + convertDesiredReplicasWithRules (no spec.behavior). */
  private normalize(key: string, hpa: HorizontalPodAutoscaler, current: number, pre: number, setC: (t: string, s: Condition['status'], r: string, m: string) => void): number {
    const now = this.ctx.clock.now();
    const recs = (this.recommendations.get(key) ?? []).filter((r) => r.t > now - DOWNSCALE_STABILIZATION_MS);
    let stabilized = pre;
    for (const r of recs) stabilized = Math.max(stabilized, r.replicas);
    recs.push({ t: now, replicas: pre });
    this.recommendations.set(key, recs);
    if (stabilized !== pre) setC('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    else setC('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    const scaleUpLimit = Math.max(2 * current, 4);
    let maxAllowed: number;
    let cond: string;
    let reason: string;
    if (max > scaleUpLimit) {
      maxAllowed = scaleUpLimit;
      cond = 'ScaleUpLimit';
      reason = 'the desired replica count is increasing faster than the maximum scale rate';
    } else {
      maxAllowed = max;
      cond = 'TooManyReplicas';
      reason = 'the desired replica count is more than the maximum replica count';
    }
    let desired = stabilized;
    if (stabilized < min) {
      desired = min;
      cond = 'TooFewReplicas';
      reason = 'the desired replica count is less than the minimum replica count';
    } else if (stabilized > maxAllowed) desired = maxAllowed;
    else {
      cond = 'DesiredWithinRange';
      reason = 'the desired count is within the acceptable range';
    }
    setC('ScalingLimited', desired === stabilized ? 'False' : 'True', cond, reason);
    return desired;
  }

  /** stabilizeRecommendationWithBehaviors + convertDesiredReplicasWithBehaviorRate. */
  private normalizeWithBehaviors(key: string, hpa: HorizontalPodAutoscaler, current: number, pre: number, setC: (t: string, s: Condition['status'], r: string, m: string) => void): number {
    const now = this.ctx.clock.now();
    const up = hpa.spec.behavior?.scaleUp ?? {};
    const down = hpa.spec.behavior?.scaleDown ?? {};
    const upWin = (up.stabilizationWindowSeconds ?? 0) * 1000;
    const downWin = (down.stabilizationWindowSeconds ?? 300) * 1000;
    const keepFor = Math.max(upWin, downWin);
    const recs = (this.recommendations.get(key) ?? []).filter((r) => r.t > now - keepFor);
    let upRec = pre;
    let downRec = pre;
    for (const r of recs) {
      if (r.t > now - upWin) upRec = Math.min(upRec, r.replicas);
      if (r.t > now - downWin) downRec = Math.max(downRec, r.replicas);
    }
    let stabilized = current;
    if (stabilized < upRec) stabilized = upRec;
    if (stabilized > downRec) stabilized = downRec;
    recs.push({ t: now, replicas: pre });
    this.recommendations.set(key, recs);
    if (stabilized !== pre) {
      if (stabilized < pre) setC('AbleToScale', 'True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation');
      else setC('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    } else setC('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    let desired = stabilized;
    let cond = 'DesiredWithinRange';
    let reason = 'the desired count is within the acceptable range';
    if (stabilized > current) {
      let limit = scaleUpLimit(current, this.upEvents.get(key) ?? [], up, now);
      if (limit < current) limit = current;
      let maxAllowed: number;
      if (max > limit) {
        maxAllowed = limit;
        cond = 'ScaleUpLimit';
        reason = 'the desired replica count is increasing faster than the maximum scale rate';
      } else {
        maxAllowed = max;
        cond = 'TooManyReplicas';
        reason = 'the desired replica count is more than the maximum replica count';
      }
      if (stabilized > maxAllowed) desired = maxAllowed;
      else {
        cond = 'DesiredWithinRange';
        reason = 'the desired count is within the acceptable range';
      }
    } else if (stabilized < current) {
      let limit = scaleDownLimit(current, this.downEvents.get(key) ?? [], down, now);
      if (limit > current) limit = current;
      let minAllowed: number;
      if (min < limit) {
        minAllowed = limit;
        cond = 'ScaleDownLimit';
        reason = 'the desired replica count is decreasing faster than the maximum scale rate';
      } else {
        minAllowed = min;
        cond = 'TooFewReplicas';
        reason = 'the desired replica count is less than the minimum replica count';
      }
      if (stabilized < minAllowed) desired = minAllowed;
      else {
        cond = 'DesiredWithinRange';
        reason = 'the desired count is within the acceptable range';
      }
    }
    setC('ScalingLimited', desired === stabilized ? 'False' : 'True', cond, reason);
    return desired;
  }
}

function changeInPeriod(periodSeconds: number, events: ScaleEvent[], now: number): number {
  let n = 0;
  for (const e of events) if (e.t > now - periodSeconds * 1000) n += e.change;
  return n;
}

/** calculateScaleUpLimitWithScalingRules */
export function scaleUpLimit(current: number, events: ScaleEvent[], rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(p.periodSeconds, events, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors */
export function scaleDownLimit(current: number, events: ScaleEvent[], rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const start = current + changeInPeriod(p.periodSeconds, events, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = useMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}
