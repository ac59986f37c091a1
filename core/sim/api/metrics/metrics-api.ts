// metrics.k8s.io/v1beta1, as metrics-server serves it, so `kubectl top pod|node` works against the
// embedded cluster. CPU comes from the simulator's usage model (the same numbers its HPA controller reads).
// The simulator has no memory model: memory is reported as the containers' memory requests (0 without
// one), which keeps `kubectl top` readable without inventing numbers. Shapes follow
// k8s.io/metrics pkg/apis/metrics/v1beta1/types.go.
import type { StoreObject } from '../cluster-port.js';

type Obj = Record<string, unknown>;

export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';
/** metrics-server's default resolution. */
export const METRICS_WINDOW = '15s';

function isMap(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const MEMORY_UNITS: Readonly<Record<string, number>> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  '': 1,
};

/** Bytes of a memory Quantity ("128Mi", "1G", "1048576"); 0 when unparseable. */
export function quantityBytes(q: unknown): number {
  const m = typeof q === 'string' ? /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim()) : null;
  if (!m) return typeof q === 'number' ? q : 0;
  return Math.round(Number(m[1]) * (MEMORY_UNITS[m[2] ?? ''] ?? 1));
}

function containers(pod: StoreObject): Obj[] {
  const spec = isMap(pod.spec) ? pod.spec : {};
  return Array.isArray(spec.containers) ? spec.containers.filter(isMap) : [];
}

function requestBytes(c: Obj): number {
  const res = isMap(c.resources) ? c.resources : {};
  const req = isMap(res.requests) ? res.requests : {};
  return quantityBytes(req.memory);
}

/** PodMetrics for a running pod whose total CPU use is `cpuMilli`, split evenly over its containers. */
export function podMetrics(pod: StoreObject, cpuMilli: number, nowMs: number): Obj {
  const cs = containers(pod);
  const share = cs.length ? cpuMilli / cs.length : 0;
  const metadata: Obj = { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: rfc3339(nowMs) };
  if (pod.metadata.labels) metadata.labels = pod.metadata.labels;
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata,
    timestamp: rfc3339(nowMs),
    window: METRICS_WINDOW,
    containers: cs.map((c) => ({
      name: c.name,
      usage: { cpu: `${Math.round(share * 1_000_000)}n`, memory: `${Math.round(requestBytes(c) / 1024)}Ki` },
    })),
  };
}

/** NodeMetrics from the pods running on the node. */
export function nodeMetrics(node: StoreObject, pods: readonly { pod: StoreObject; cpuMilli: number }[], nowMs: number): Obj {
  let cpu = 0;
  let memory = 0;
  for (const { pod, cpuMilli } of pods) {
    cpu += cpuMilli;
    for (const c of containers(pod)) memory += requestBytes(c);
  }
  const metadata: Obj = { name: node.metadata.name, creationTimestamp: rfc3339(nowMs) };
  if (node.metadata.labels) metadata.labels = node.metadata.labels;
  return {
    kind: 'NodeMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata,
    timestamp: rfc3339(nowMs),
    window: METRICS_WINDOW,
    usage: { cpu: `${Math.round(cpu * 1_000_000)}n`, memory: `${Math.round(memory / 1024)}Ki` },
  };
}

export function metricsList(kind: 'PodMetricsList' | 'NodeMetricsList', items: Obj[]): Obj {
  return { kind, apiVersion: METRICS_API_VERSION, metadata: {}, items };
}
