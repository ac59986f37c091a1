// Server-side Table columns and cells per resource, matching the column sets and cell text of
// kubernetes pkg/printers/internalversion/printers.go (v1.32). The server always renders the wide
// (priority 1) cells; kubectl hides priority > 0 columns unless `-o wide` (notes §4).
import { ageSince } from './human-duration.js';
import { eventEventsV1ToCore } from '../conversion/version-conversion.js';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'date' | 'number' | 'boolean';
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean | null;
type Obj = Record<string, unknown>;

export interface RowRendering {
  cells: Cell[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

export interface Printer {
  columns: ColumnDefinition[];
  row(obj: Obj, nowMs: number): RowRendering;
}

function col(name: string, description: string, extra: Partial<ColumnDefinition> = {}): ColumnDefinition {
  return { name, type: 'string', format: '', description, priority: 0, ...extra };
}
const NAME_COL = col('Name', 'Name must be unique within a namespace.', { format: 'name' });
const AGE_COL = col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

function o(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(o) : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function meta(obj: Obj): Obj {
  return o(obj.metadata);
}
function age(obj: Obj, now: number): string {
  return ageSince(meta(obj).creationTimestamp, now);
}

/** `labels.FormatLabels`: sorted k=v joined by ",", "<none>" when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(o(labels))
    .map(([k, v]) => `${k}=${str(v)}`)
    .sort();
  return entries.length ? entries.join(',') : '<none>';
}

/** `metav1.LabelSelectorAsSelector(...).String()`: requirements sorted by key, "" for everything. */
export function formatLabelSelector(selector: unknown): string {
  const sel = o(selector);
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(o(sel.matchLabels))) reqs.push({ key: k, text: `${k}=${str(v)}` });
  for (const e of arr(sel.matchExpressions)) {
    const key = str(e.key);
    const values = (Array.isArray(e.values) ? e.values.map(str) : []).sort();
    switch (e.operator) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        return '<invalid>';
    }
  }
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

function containerCells(podSpec: Obj): [string, string] {
  const containers = arr(podSpec.containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}

function isRestartableInit(c: Obj | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function laterTime(a: string, b: unknown): string {
  const s = str(b);
  if (!s) return a;
  if (!a) return s;
  return Date.parse(s) > Date.parse(a) ? s : a;
}

const podPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COL,
    col('IP', 'IP address allocated to the pod. Routable at least within the cluster.', { priority: 1 }),
    col('Node', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
    col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { priority: 1 }),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  // printPod in printers.go: the reason is the phase, overridden by status.reason, then by init-container and
  // container states (last container wins), then Terminating for a deleting, non-terminal pod.
  row(pod, now) {
    const spec = o(pod.spec);
    const status = o(pod.status);
    const phase = str(status.phase);
    let reason = str(status.reason) || phase;
    for (const c of arr(status.conditions)) {
      if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
    }
    const initSpecs = new Map(arr(spec.initContainers).map((c) => [str(c.name), c]));
    let total = arr(spec.containers).length;
    for (const c of initSpecs.values()) if (isRestartableInit(c)) total++;
    let restarts = 0;
    let ready = 0;
    let lastRestart = '';
    let sidecarRestarts = 0;
    let sidecarLastRestart = '';
    let initializing = false;
    const initStatuses = arr(status.initContainerStatuses);
    for (let i = 0; i < initStatuses.length; i++) {
      const cs = initStatuses[i] ?? {};
      restarts += num(cs.restartCount);
      const lastTerm = o(o(cs.lastState).terminated);
      if (lastTerm.finishedAt) lastRestart = laterTime(lastRestart, lastTerm.finishedAt);
      const restartable = isRestartableInit(initSpecs.get(str(cs.name)));
      if (restartable) {
        sidecarRestarts += num(cs.restartCount);
        if (lastTerm.finishedAt) sidecarLastRestart = laterTime(sidecarLastRestart, lastTerm.finishedAt);
      }
      const state = o(cs.state);
      const term = state.terminated ? o(state.terminated) : undefined;
      const waiting = state.waiting ? o(state.waiting) : undefined;
      if (term && num(term.exitCode) === 0) continue;
      if (restartable && cs.started === true) {
        if (cs.ready === true) ready++;
        continue;
      }
      if (term) {
        reason = str(term.reason)
          ? `Init:${str(term.reason)}`
          : num(term.signal) !== 0
            ? `Init:Signal:${num(term.signal)}`
            : `Init:ExitCode:${num(term.exitCode)}`;
      } else if (waiting && str(waiting.reason) && waiting.reason !== 'PodInitializing') {
        reason = `Init:${str(waiting.reason)}`;
      } else {
        reason = `Init:${i}/${initSpecs.size}`;
      }
      initializing = true;
      break;
    }
    const initializedTrue = arr(status.conditions).some((c) => c.type === 'Initialized' && c.status === 'True');
    if (!initializing || initializedTrue) {
      restarts = sidecarRestarts;
      lastRestart = sidecarLastRestart;
      let hasRunning = false;
      const statuses = arr(status.containerStatuses);
      for (let i = statuses.length - 1; i >= 0; i--) {
        const cs = statuses[i] ?? {};
        restarts += num(cs.restartCount);
        const lastTerm = o(o(cs.lastState).terminated);
        if (lastTerm.finishedAt) lastRestart = laterTime(lastRestart, lastTerm.finishedAt);
        const state = o(cs.state);
        const waiting = state.waiting ? o(state.waiting) : undefined;
        const term = state.terminated ? o(state.terminated) : undefined;
        if (waiting && str(waiting.reason)) reason = str(waiting.reason);
        else if (term && str(term.reason)) reason = str(term.reason);
        else if (term) reason = num(term.signal) !== 0 ? `Signal:${num(term.signal)}` : `ExitCode:${num(term.exitCode)}`;
        else if (cs.ready === true && state.running) {
          hasRunning = true;
          ready++;
        }
      }
      if (reason === 'Completed' && hasRunning) {
        reason = arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
      }
    }
    const deleting = !!meta(pod).deletionTimestamp;
    if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
    else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

    const restartText = restarts !== 0 && lastRestart ? `${restarts} (${ageSince(lastRestart, now)} ago)` : String(restarts);
    const podIPs = arr(status.podIPs);
    const ip = str(podIPs[0]?.ip) || str(status.podIP) || '<none>';
    const gates = arr(spec.readinessGates);
    let gatesText = '<none>';
    if (gates.length) {
      const conds = arr(status.conditions);
      const trueCount = gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length;
      gatesText = `${trueCount}/${gates.length}`;
    }
    const row: RowRendering = {
      cells: [
        str(meta(pod).name),
        `${ready}/${total}`,
        reason,
        restartText,
        age(pod, now),
        ip,
        str(spec.nodeName) || '<none>',
        str(status.nominatedNodeName) || '<none>',
        gatesText,
      ],
    };
    if (phase === 'Succeeded') row.conditions = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') row.conditions = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return row;
  },
};

const workloadWideCols = [
  col('Containers', 'Names of each container in the template.', { priority: 1 }),
  col('Images', 'Images referenced by each container in the template.', { priority: 1 }),
  col('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { priority: 1 }),
];

const deploymentPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', { type: 'integer' }),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', { type: 'integer' }),
    AGE_COL,
    ...workloadWideCols,
  ],
  row(d, now) {
    const spec = o(d.spec);
    const status = o(d.status);
    const [names, images] = containerCells(o(o(spec.template).spec));
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    return {
      cells: [
        str(meta(d).name),
        `${num(status.readyReplicas)}/${desired}`,
        num(status.updatedReplicas),
        num(status.availableReplicas),
        age(d, now),
        names,
        images,
        formatLabelSelector(spec.selector),
      ],
    };
  },
};

const replicaSetPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Desired', 'Replicas is the number of desired replicas.', { type: 'integer' }),
    col('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
    col('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
    AGE_COL,
    ...workloadWideCols,
  ],
  row(rs, now) {
    const spec = o(rs.spec);
    const status = o(rs.status);
    const [names, images] = containerCells(o(o(spec.template).spec));
    return {
      cells: [
        str(meta(rs).name),
        typeof spec.replicas === 'number' ? spec.replicas : 1,
        num(status.replicas),
        num(status.readyReplicas),
        age(rs, now),
        names,
        images,
        formatLabelSelector(spec.selector),
      ],
    };
  },
};

function servicePorts(ports: Obj[]): string {
  return ports
    .map((p) => {
      const proto = str(p.protocol) || 'TCP';
      return num(p.nodePort) > 0 ? `${num(p.port)}:${num(p.nodePort)}/${proto}` : `${num(p.port)}/${proto}`;
    })
    .join(',');
}

function serviceExternalIP(svc: Obj): string {
  const spec = o(svc.spec);
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs.map(str) : [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = arr(o(o(svc.status).loadBalancer).ingress)
        .map((i) => str(i.ip) || str(i.hostname))
        .filter(Boolean);
      const all = [...ingress, ...externalIPs];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

const servicePrinter: Printer = {
  columns: [
    NAME_COL,
    col('Type', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE_COL,
    col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  row(svc, now) {
    const spec = o(svc.spec);
    const clusterIPs = Array.isArray(spec.clusterIPs) ? spec.clusterIPs.map(str) : [];
    const clusterIP = clusterIPs[0] || str(spec.clusterIP) || '<none>';
    const ports = servicePorts(arr(spec.ports));
    return {
      cells: [str(meta(svc).name), str(spec.type) || 'ClusterIP', clusterIP, serviceExternalIP(svc), ports || '<none>', age(svc, now), formatLabels(spec.selector)],
    };
  },
};

/** formatEndpoints in printers.go: at most 3 host:port pairs, then "+ N more...". */
export function formatEndpoints(ep: Obj): string {
  const subsets = arr(ep.subsets);
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = arr(ss.addresses);
    const ports = arr(ss.ports);
    if (!ports.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a.ip));
      }
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        const ip = str(a.ip);
        list.push(`${ip.includes(':') ? `[${ip}]` : ip}:${num(p.port)}`);
      }
    }
  }
  const joined = list.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined || '<none>';
}

const endpointsPrinter: Printer = {
  columns: [NAME_COL, col('Endpoints', 'Endpoints of the service'), AGE_COL],
  row: (ep, now) => ({ cells: [str(meta(ep).name), formatEndpoints(ep), age(ep, now)] }),
};

function firstThree(items: string[]): string {
  if (!items.length) return '<unset>';
  const head = items.slice(0, 3).join(',');
  return items.length > 3 ? `${head} + ${items.length - 3} more...` : head;
}

const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COL,
    col('AddressType', 'The IP protocol for this slice'),
    col('Ports', 'The ports represented by this slice'),
    col('Endpoints', 'A list of endpoints in this slice'),
    AGE_COL,
  ],
  row(es, now) {
    const ports = arr(es.ports).map((p) => (typeof p.port === 'number' ? String(p.port) : '<unset>'));
    const addrs = arr(es.endpoints).flatMap((e) => (Array.isArray(e.addresses) ? e.addresses.map(str) : []));
    return { cells: [str(meta(es).name), str(es.addressType), firstThree(ports), firstThree(addrs), age(es, now)] };
  },
};

function nodeRoles(labels: Obj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && str(v)) roles.add(str(v));
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(node: Obj, type: string): string {
  return str(arr(o(node.status).addresses).find((a) => a.type === type)?.address) || '<none>';
}

const nodePrinter: Printer = {
  columns: [
    NAME_COL,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    AGE_COL,
    col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    col('External-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
    col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { priority: 1 }),
  ],
  row(node, now) {
    const status = o(node.status);
    const readyCond = arr(status.conditions).find((c) => c.type === 'Ready');
    const parts = [readyCond ? (readyCond.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
    if (o(node.spec).unschedulable === true) parts.push('SchedulingDisabled');
    const info = o(status.nodeInfo);
    return {
      cells: [
        str(meta(node).name),
        parts.join(','),
        nodeRoles(o(meta(node).labels)),
        age(node, now),
        str(info.kubeletVersion),
        nodeAddress(node, 'InternalIP'),
        nodeAddress(node, 'ExternalIP'),
        str(info.osImage) || '<unknown>',
        str(info.kernelVersion) || '<unknown>',
        str(info.containerRuntimeVersion) || '<unknown>',
      ],
    };
  },
};

const namespacePrinter: Printer = {
  columns: [NAME_COL, col('Status', 'The status of the namespace'), AGE_COL],
  row: (ns, now) => ({ cells: [str(meta(ns).name), str(o(ns.status).phase), age(ns, now)] }),
};

const configMapPrinter: Printer = {
  columns: [NAME_COL, col('Data', 'Number of data entries', { type: 'integer' }), AGE_COL],
  row: (cm, now) => ({
    cells: [str(meta(cm).name), Object.keys(o(cm.data)).length + Object.keys(o(cm.binaryData)).length, age(cm, now)],
  }),
};

const secretPrinter: Printer = {
  columns: [NAME_COL, col('Type', 'The type of the secret'), col('Data', 'The number of data entries in the secret', { type: 'integer' }), AGE_COL],
  row: (s, now) => ({ cells: [str(meta(s).name), str(s.type) || 'Opaque', Object.keys(o(s.data)).length, age(s, now)] }),
};

/** formatHPAMetrics in printers.go (v1.30+ prefixes resource metrics with their name: "cpu: 40%/50%"). */
export function formatHpaMetrics(specMetrics: Obj[], currentMetrics: Obj[]): string {
  if (!specMetrics.length) return '<none>';
  const list: string[] = [];
  specMetrics.forEach((m, i) => {
    const status = currentMetrics[i] ?? {};
    switch (m.type) {
      case 'Resource':
      case 'ContainerResource': {
        const src = o(m.type === 'Resource' ? m.resource : m.containerResource);
        const cur = o(o(m.type === 'Resource' ? status.resource : status.containerResource).current);
        const target = o(src.target);
        if (target.averageValue !== undefined) {
          list.push(`${cur.averageValue !== undefined ? String(cur.averageValue) : '<unknown>'}/${String(target.averageValue)}`);
        } else {
          const current = typeof cur.averageUtilization === 'number' ? `${cur.averageUtilization}%` : '<unknown>';
          const tgt = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
          list.push(`${str(src.name)}: ${current}/${tgt}`);
        }
        break;
      }
      case 'Pods':
      case 'Object':
      case 'External': {
        const key = m.type === 'Pods' ? 'pods' : m.type === 'Object' ? 'object' : 'external';
        const target = o(o(o(m)[key]).target);
        const cur = o(o(o(status)[key]).current);
        const t = target.averageValue ?? target.value;
        const c = cur.averageValue ?? cur.value;
        list.push(`${c !== undefined ? String(c) : '<unknown>'}/${t !== undefined ? String(t) : '<unknown>'}${target.averageValue !== undefined && m.type !== 'Pods' ? ' (avg)' : ''}`);
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`;
  return list.join(', ');
}

const hpaPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Reference', 'reference to scaled resource'),
    col('Targets', 'the target and the current value of the metrics'),
    col('MinPods', 'minimum number of replicas', { type: 'string' }),
    col('MaxPods', 'maximum number of replicas', { type: 'integer' }),
    col('Replicas', 'current number of replicas', { type: 'integer' }),
    AGE_COL,
  ],
  row(hpa, now) {
    const spec = o(hpa.spec);
    const ref = o(spec.scaleTargetRef);
    let metrics = arr(spec.metrics);
    // An autoscaling/v1 object (rendered directly) carries the CPU target as a scalar.
    if (!metrics.length && typeof spec.targetCPUUtilizationPercentage === 'number') {
      metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }];
    }
    const status = o(hpa.status);
    let current = arr(status.currentMetrics);
    if (!current.length && typeof status.currentCPUUtilizationPercentage === 'number') {
      current = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }];
    }
    return {
      cells: [
        str(meta(hpa).name),
        `${str(ref.kind)}/${str(ref.name)}`,
        formatHpaMetrics(metrics, current),
        typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>',
        num(spec.maxReplicas),
        num(status.currentReplicas),
        age(hpa, now),
      ],
    };
  },
};

function eventSource(ev: Obj): string {
  const src = o(ev.source);
  const component = str(src.component) || str(ev.reportingComponent);
  const host = str(src.host) || str(ev.reportingInstance);
  if (!component && !host) return '<none>';
  return host ? `${component}, ${host}` : component;
}

const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'Time when last Event occurred'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'Reason of the event'),
    col('Object', 'Object the event is about'),
    col('Subobject', 'The subobject the event is about', { priority: 1 }),
    col('Source', 'Source of the event', { priority: 1 }),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'Time when first Event occurred', { priority: 1 }),
    col('Count', 'Number of times this event has been seen', { priority: 1, type: 'string' }),
    col('Name', 'Name of the event', { priority: 1, format: 'name' }),
  ],
  // printEvent in printers.go: eventTime stands in for a missing firstTimestamp, series overrides last/count.
  row(raw, now) {
    const ev = raw.apiVersion === 'events.k8s.io/v1' ? eventEventsV1ToCore(raw) : raw;
    let first = ageSince(ev.firstTimestamp, now);
    if (!str(ev.firstTimestamp)) first = ageSince(ev.eventTime, now);
    let last = str(ev.lastTimestamp) ? ageSince(ev.lastTimestamp, now) : first;
    let count = num(ev.count);
    const series = ev.series ? o(ev.series) : undefined;
    if (series) {
      last = ageSince(series.lastObservedTime, now);
      count = num(series.count);
    } else if (count === 0) count = 1;
    const inv = o(ev.involvedObject);
    const target = str(inv.name) ? `${str(inv.kind).toLowerCase()}/${str(inv.name)}` : str(inv.kind).toLowerCase();
    return {
      cells: [last, str(ev.type), str(ev.reason), target, str(inv.fieldPath), eventSource(ev), str(ev.message).trim(), first, count, str(meta(ev).name)],
    };
  },
};

/** Name + Created At, the apiserver's default table for resources without a printer. */
export const defaultPrinter: Printer = {
  columns: [NAME_COL, col('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created.', { type: 'date' })],
  row: (obj) => ({ cells: [str(meta(obj).name), str(meta(obj).creationTimestamp) || null] }),
};

const PRINTERS: Readonly<Record<string, Printer>> = {
  pods: podPrinter,
  deployments: deploymentPrinter,
  replicasets: replicaSetPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  endpointslices: endpointSlicePrinter,
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  horizontalpodautoscalers: hpaPrinter,
  events: eventPrinter,
};

export function printerFor(resource: string): Printer {
  return PRINTERS[resource] ?? defaultPrinter;
}
