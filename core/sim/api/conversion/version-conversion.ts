// Conversion between served versions that share one store collection (notes §7 pitfall 5):
// - autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler (stored as v2). Mirrors the mapping in
//   kubernetes pkg/apis/autoscaling/v1/conversion.go: targetCPUUtilizationPercentage <->
//   metrics[{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization}}}].
// - core v1 Event <-> events.k8s.io/v1 Event (stored as core v1), after pkg/apis/events/v1/conversion.go.

export type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function asObj(v: unknown): Obj {
  return isObj(v) ? v : {};
}
function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Upstream v2 defaulting (pkg/apis/autoscaling/v2/defaults.go): no metrics means CPU 80% utilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

function cpuUtilizationMetric(percent: number): Obj {
  return { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } } };
}

/** autoscaling/v1 HPA (as a client sent it) -> the stored autoscaling/v2 form. */
export function hpaV1ToV2(v1: Obj): Obj {
  const out = clone(v1);
  out.apiVersion = 'autoscaling/v2';
  out.kind = 'HorizontalPodAutoscaler';
  const spec = asObj(out.spec);
  const target = spec.targetCPUUtilizationPercentage;
  delete spec.targetCPUUtilizationPercentage;
  spec.metrics = [cpuUtilizationMetric(typeof target === 'number' ? target : DEFAULT_CPU_UTILIZATION)];
  out.spec = spec;
  if (isObj(out.status)) {
    const st = out.status;
    const current = st.currentCPUUtilizationPercentage;
    delete st.currentCPUUtilizationPercentage;
    if (typeof current === 'number') {
      st.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }];
    }
  }
  return out;
}

/** Stored autoscaling/v2 HPA -> autoscaling/v1 for clients that asked for v1. */
export function hpaV2ToV1(v2: Obj): Obj {
  const out = clone(v2);
  out.apiVersion = 'autoscaling/v1';
  out.kind = 'HorizontalPodAutoscaler';
  const spec = asObj(out.spec);
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  delete spec.metrics;
  delete spec.behavior;
  for (const m of metrics) {
    const res = asObj(asObj(m).resource);
    const target = asObj(res.target);
    if (asObj(m).type === 'Resource' && res.name === 'cpu' && typeof target.averageUtilization === 'number') {
      spec.targetCPUUtilizationPercentage = target.averageUtilization;
    }
  }
  out.spec = spec;
  if (isObj(out.status)) {
    const st = out.status;
    const currentMetrics = Array.isArray(st.currentMetrics) ? st.currentMetrics : [];
    delete st.currentMetrics;
    delete st.conditions;
    for (const m of currentMetrics) {
      const res = asObj(asObj(m).resource);
      const current = asObj(res.current);
      if (res.name === 'cpu' && typeof current.averageUtilization === 'number') {
        st.currentCPUUtilizationPercentage = current.averageUtilization;
      }
    }
  }
  return out;
}

/** core/v1 Event (stored) -> events.k8s.io/v1 Event. */
export function eventCoreToEventsV1(core: Obj): Obj {
  const out: Obj = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: clone(asObj(core.metadata)),
    eventTime: core.eventTime ?? null,
  };
  const map: [string, string][] = [
    ['involvedObject', 'regarding'],
    ['related', 'related'],
    ['message', 'note'],
    ['reason', 'reason'],
    ['type', 'type'],
    ['action', 'action'],
    ['reportingComponent', 'reportingController'],
    ['reportingInstance', 'reportingInstance'],
    ['source', 'deprecatedSource'],
    ['firstTimestamp', 'deprecatedFirstTimestamp'],
    ['lastTimestamp', 'deprecatedLastTimestamp'],
    ['count', 'deprecatedCount'],
  ];
  for (const [from, to] of map) if (core[from] !== undefined) out[to] = clone(core[from]);
  if (isObj(core.series)) out.series = { count: core.series.count, lastObservedTime: core.series.lastObservedTime };
  return out;
}

/** events.k8s.io/v1 Event -> the stored core/v1 form. */
export function eventEventsV1ToCore(ev: Obj): Obj {
  const out: Obj = { apiVersion: 'v1', kind: 'Event', metadata: clone(asObj(ev.metadata)) };
  const map: [string, string][] = [
    ['regarding', 'involvedObject'],
    ['related', 'related'],
    ['note', 'message'],
    ['reason', 'reason'],
    ['type', 'type'],
    ['action', 'action'],
    ['reportingController', 'reportingComponent'],
    ['reportingInstance', 'reportingInstance'],
    ['deprecatedSource', 'source'],
    ['deprecatedFirstTimestamp', 'firstTimestamp'],
    ['deprecatedLastTimestamp', 'lastTimestamp'],
    ['deprecatedCount', 'count'],
    ['eventTime', 'eventTime'],
  ];
  for (const [from, to] of map) if (ev[from] !== undefined) out[to] = clone(ev[from]);
  if (isObj(ev.series)) out.series = { count: ev.series.count, lastObservedTime: ev.series.lastObservedTime };
  if (out.involvedObject === undefined) out.involvedObject = {};
  return out;
}

/** Converts a client body of `apiVersion` into the storage version of its collection. */
export function toStorageVersion(apiVersion: string, kind: string, obj: Obj): Obj {
  if (kind === 'HorizontalPodAutoscaler' && apiVersion === 'autoscaling/v1') return hpaV1ToV2(obj);
  if (kind === 'Event' && apiVersion === 'events.k8s.io/v1') return eventEventsV1ToCore(obj);
  return obj;
}

/** Converts a stored object into the group-version the client addressed. */
export function fromStorageVersion(apiVersion: string, kind: string, obj: Obj): Obj {
  if (kind === 'HorizontalPodAutoscaler' && apiVersion === 'autoscaling/v1') return hpaV2ToV1(obj);
  if (kind === 'Event' && apiVersion === 'events.k8s.io/v1') return eventCoreToEventsV1(obj);
  if (obj.apiVersion === apiVersion && obj.kind === kind) return obj;
  return { ...obj, apiVersion, kind };
}
