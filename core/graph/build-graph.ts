import { indexWarningEvents, type EventIndex } from './event-index';
import type {
  ConfigMap,
  Deployment,
  EndpointSlice,
  GraphInput,
  HorizontalPodAutoscaler,
  KubeNode,
  KubeObject,
  Pod,
  PodSpec,
  PodTemplateSpec,
  ReplicaSet,
  Secret,
  Service,
} from './graph-input';
import {
  edgeId,
  nodeId,
  type BuildGraphOptions,
  type ClientGraphNode,
  type ConfigGraphNode,
  type DeploymentGraphNode,
  type GraphEdge,
  type GraphModel,
  type GraphNode,
  type GraphNodeKind,
  type HpaGraphNode,
  type NodeGroupGraphNode,
  type NodeStatus,
  type PodCounts,
  type PodGraphNode,
  type PodGroupGraphNode,
  type ReplicaSetGraphNode,
  type SelectsEdge,
  type ServiceGraphNode,
  type TrafficEdge,
  type TrafficSplit,
  type UsesEdge,
} from './graph-model';
import { formatSelector, serviceSelects } from './label-selector';
import { versionOf, type PodAssessment } from './pod-health';
import { assessPodMemo, podFacts } from './pod-memo';
import { sameItems, type GraphMemo } from './graph-memo';
import { controllerOf } from './owner-refs';
import {
  addCounts,
  countPods,
  podChain,
  tallyFromCounts,
  tallyPods,
  type PodTally,
  type PodTallyCounts,
} from './reason-chain';
import { buildPipelineRuns } from './pipeline-runs';

export const DEFAULT_AGGREGATE_ABOVE = 12;
export const DEFAULT_EVENT_MAX_AGE_MS = 10 * 60 * 1000;
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * Parents come before children because React Flow requires a group node to precede the nodes it
 * contains (node groups before pods); the rest reads left to right like the picture.
 */
const KIND_ORDER: GraphNodeKind[] = [
  'client',
  'service',
  'deployment',
  'hpa',
  'replicaset',
  'podgroup',
  'node',
  'pod',
  'configmap',
  'secret',
  'pipelinerun',
];

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName<T extends KubeObject>(items: T[] | undefined, namespace: string | undefined): T[] {
  // Keys built once per object, not once per comparison (1,000 pods: ~10,000 comparisons a build).
  return (items ?? [])
    .filter((item) => namespace === undefined || (item.metadata.namespace ?? 'default') === namespace)
    .map((item) => ({ item, key: `${item.metadata.namespace ?? ''}/${item.metadata.name}` }))
    .sort((a, b) => compareIds(a.key, b.key))
    .map(({ item }) => item);
}

/** byName for pods, answered from the memo when the list holds the same pods as last time. */
function sortedPods(input: readonly Pod[], scope: string | undefined, memo: GraphMemo | undefined): Pod[] {
  const last = memo?.sortedPods;
  if (last && last.scope === scope && sameItems(last.input, input)) return last.output;
  const output = byName(input as Pod[], scope);
  if (memo) memo.sortedPods = { input, scope, output };
  return output;
}

function ns(obj: KubeObject): string {
  return obj.metadata.namespace ?? 'default';
}

function condition(
  conditions: { type: string; status: string; reason?: string; message?: string }[] | undefined,
  type: string,
) {
  return conditions?.find((c) => c.type === type);
}

/** Resolve an int-or-percent against `total`, rounding as the deployment controller does. */
function resolveIntOrPercent(
  value: number | string | undefined,
  total: number,
  fallback: string,
  roundUp: boolean,
): number {
  const raw = value ?? fallback;
  if (typeof raw === 'number') return raw;
  const match = /^(\d+)%$/.exec(raw);
  if (!match) return Number.parseInt(raw, 10) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * maxSurge rounds up and maxUnavailable rounds down; if both come out 0 the controller uses
 * maxUnavailable = 1 so a rollout can progress (kubernetes pkg/controller/deployment/util/
 * deployment_util.go ResolveFenceposts).
 */
export function resolveRollout(
  deployment: Deployment,
): { maxSurge: number; maxUnavailable: number } | undefined {
  const strategy = deployment.spec?.strategy;
  if (strategy?.type === 'Recreate') return undefined;
  const desired = deployment.spec?.replicas ?? 1;
  const maxSurge = resolveIntOrPercent(strategy?.rollingUpdate?.maxSurge, desired, '25%', true);
  let maxUnavailable = resolveIntOrPercent(strategy?.rollingUpdate?.maxUnavailable, desired, '25%', false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

function owned<T extends KubeObject>(owner: KubeObject, candidates: T[], ownerKind: string): T[] {
  return candidates.filter((candidate) => {
    if (ns(candidate) !== ns(owner)) return false;
    const ref = controllerOf(candidate, ownerKind);
    if (!ref) return false;
    if (ref.uid && owner.metadata.uid) return ref.uid === owner.metadata.uid;
    return ref.name === owner.metadata.name;
  });
}

interface ConfigRef {
  kind: 'configmap' | 'secret';
  name: string;
  optional: boolean;
  via: 'env' | 'envFrom' | 'volume';
}

/** Every ConfigMap and Secret a pod template depends on, with how it is referenced. */
export function configRefs(spec: PodSpec | undefined): ConfigRef[] {
  const refs: ConfigRef[] = [];
  const add = (
    kind: ConfigRef['kind'],
    name: string | undefined,
    optional: boolean | undefined,
    via: ConfigRef['via'],
  ) => {
    if (name) refs.push({ kind, name, optional: optional === true, via });
  };
  for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    for (const env of container.env ?? []) {
      const cm = env.valueFrom?.configMapKeyRef;
      const secret = env.valueFrom?.secretKeyRef;
      add('configmap', cm?.name, cm?.optional, 'env');
      add('secret', secret?.name, secret?.optional, 'env');
    }
    for (const from of container.envFrom ?? []) {
      add('configmap', from.configMapRef?.name, from.configMapRef?.optional, 'envFrom');
      add('secret', from.secretRef?.name, from.secretRef?.optional, 'envFrom');
    }
  }
  for (const volume of spec?.volumes ?? []) {
    add('configmap', volume.configMap?.name, volume.configMap?.optional, 'volume');
    add('secret', volume.secret?.secretName, volume.secret?.optional, 'volume');
    for (const source of volume.projected?.sources ?? []) {
      add('configmap', source.configMap?.name, source.configMap?.optional, 'volume');
      add('secret', source.secret?.name, source.secret?.optional, 'volume');
    }
  }
  return refs;
}

function templateImage(template: PodTemplateSpec | undefined): string | undefined {
  return template?.spec?.containers[0]?.image;
}

function emptyCounts(): PodCounts {
  return { ready: 0, notReady: 0, pending: 0, terminating: 0, failed: 0 };
}

function weightedErrorRate(parts: { rps: number; errorRate: number }[]): number {
  const rps = parts.reduce((sum, part) => sum + part.rps, 0);
  if (rps <= 0) return 0;
  return parts.reduce((sum, part) => sum + part.rps * part.errorRate, 0) / rps;
}

function formatRps(rps: number): string {
  return rps >= 100
    ? `${Math.round(rps)}`
    : rps >= 10
      ? rps.toFixed(1).replace(/\.0$/, '')
      : rps.toFixed(2).replace(/\.?0+$/, '');
}

function formatPercent(rate: number): string {
  return `${(rate * 100).toFixed(rate > 0 && rate < 0.01 ? 2 : 1).replace(/\.0+$/, '')}%`;
}

/** Status of something that runs pods (Deployment, ReplicaSet), judged by its pods. */
function workloadStatus(desired: number, ready: number, tally: PodTally): NodeStatus {
  if (desired === 0 && tally.total === 0) return 'idle';
  if (ready >= desired && tally.failing === 0) return 'ok';
  if (tally.failing > 0) return ready === 0 && desired > 0 ? 'error' : 'warning';
  return 'progressing';
}

interface PodRecord {
  pod: Pod;
  id: string;
  assessment: PodAssessment;
  version?: string;
  /** The ReplicaSet graph node id, when owned by one in the input. */
  replicaSetId?: string;
  /** The node that represents this pod in the graph: itself or its pod group. */
  shownAs: string;
}

/**
 * Project Kubernetes objects (and the traffic summary) onto the lab's graph. Pure and deterministic:
 * the same input gives the same nodes and edges in the same order, whatever order the lists came in.
 */
export function buildGraph(input: GraphInput, options: BuildGraphOptions = {}): GraphModel {
  const aggregateAbove = options.aggregateAbove ?? DEFAULT_AGGREGATE_ABOVE;
  const scope = options.namespace;
  const memo = options.memo;
  const events: EventIndex = indexWarningEvents(
    input.events,
    input.now,
    options.eventMaxAgeMs ?? DEFAULT_EVENT_MAX_AGE_MS,
    memo,
  );

  const deployments = byName(input.deployments, scope);
  const replicaSets = byName(input.replicaSets, scope);
  const pods = sortedPods(input.pods ?? [], scope, memo);
  const services = byName(input.services, scope);
  const slices = byName(input.endpointSlices, scope);
  const kubeNodes = byName(input.nodes, undefined);
  const hpas = byName(input.hpas, scope);
  const configMaps = byName(input.configMaps, scope);
  const secrets = byName(input.secrets, scope);
  const traffic = input.traffic;

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];

  // --- Nodes (the machines) first: pods need to know whether theirs is ready.
  const nodeNotReady = new Map<string, string>();
  const nodeIds = new Set<string>();
  const nodeGroups = new Map<string, NodeGroupGraphNode>();
  for (const kn of kubeNodes) {
    const group = buildNodeGroup(kn, events);
    nodeGroups.set(kn.metadata.name, group);
    nodeIds.add(group.id);
    if (!group.ready)
      nodeNotReady.set(kn.metadata.name, group.reasons[0] ?? `node ${kn.metadata.name} is not ready`);
    nodes.push(group);
  }

  // --- Pods, assessed once and shared by every outer object.
  const rsById = new Map<string, ReplicaSet>();
  for (const rs of replicaSets) rsById.set(nodeId('replicaset', ns(rs), rs.metadata.name), rs);
  const podsByRs = new Map<string, PodRecord[]>();
  const records: PodRecord[] = [];
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    const assessment = assessPodMemo(
      pod,
      events,
      nodeName ? nodeNotReady.get(nodeName) : undefined,
      memo?.pods,
    );
    const { id, replicaSetId: rsId, version } = podFacts(pod);
    const ownedByKnownRs = rsId !== undefined && rsById.has(rsId);
    const record: PodRecord = { pod, id, assessment, shownAs: id };
    if (ownedByKnownRs) record.replicaSetId = rsId;
    if (version) record.version = version;
    records.push(record);
    if (ownedByKnownRs && rsId) {
      const list = podsByRs.get(rsId) ?? [];
      list.push(record);
      podsByRs.set(rsId, list);
    }
  }

  // Each ReplicaSet's pods are counted once; its pod group, itself and its Deployment share the counts.
  const countsByRs = new Map<string, PodTallyCounts>();
  const tallyByRs = new Map<string, PodTally>();
  for (const [rsId, list] of podsByRs) {
    const counts = countPods(list.map((record) => record.assessment));
    countsByRs.set(rsId, counts);
    tallyByRs.set(rsId, tallyFromCounts(counts));
  }
  for (const [rsId, list] of podsByRs) {
    if (list.length > aggregateAbove) {
      const rs = rsById.get(rsId);
      if (!rs) continue;
      const groupId = nodeId('podgroup', ns(rs), rs.metadata.name);
      for (const record of list) record.shownAs = groupId;
      nodes.push(buildPodGroup(rs, groupId, rsId, list, tallyByRs.get(rsId) ?? NO_PODS));
    }
  }

  for (const record of records) {
    const nodeName = record.pod.spec?.nodeName;
    if (nodeName) {
      const group = nodeGroups.get(nodeName);
      if (group) group.podCount += 1;
    }
    if (record.shownAs !== record.id) continue;
    nodes.push(
      buildPodNode(record, nodeName && nodeGroups.has(nodeName) ? nodeId('node', '', nodeName) : undefined),
    );
    if (record.replicaSetId)
      edges.push({
        id: edgeId('owns', record.replicaSetId, record.id),
        kind: 'owns',
        source: record.replicaSetId,
        target: record.id,
      });
  }
  for (const [rsId, list] of podsByRs) {
    const shown = list[0]?.shownAs;
    if (shown && shown !== list[0]?.id)
      edges.push({ id: edgeId('owns', rsId, shown), kind: 'owns', source: rsId, target: shown });
  }

  // --- ReplicaSets and Deployments.
  const rsNodes = new Map<string, ReplicaSetGraphNode>();
  for (const rs of replicaSets) {
    const id = nodeId('replicaset', ns(rs), rs.metadata.name);
    const list = podsByRs.get(id) ?? [];
    const node = buildReplicaSet(rs, id, list, tallyByRs.get(id) ?? NO_PODS, events);
    rsNodes.set(id, node);
    nodes.push(node);
  }
  const templateOwners: { ownerId: string; spec: PodSpec | undefined; namespace: string }[] = [];
  for (const deployment of deployments) {
    const id = nodeId('deployment', ns(deployment), deployment.metadata.name);
    const ownedRs = owned(deployment, replicaSets, 'Deployment');
    const podCounts: PodTallyCounts[] = [];
    for (const rs of ownedRs) {
      const rsId = nodeId('replicaset', ns(rs), rs.metadata.name);
      edges.push({ id: edgeId('owns', id, rsId), kind: 'owns', source: id, target: rsId });
      const rsNode = rsNodes.get(rsId);
      if (rsNode) rsNode.ownerId = id;
      const counts = countsByRs.get(rsId);
      if (counts) podCounts.push(counts);
    }
    // The newest ReplicaSet's own explanation (e.g. FailedCreate) stands in when no pod explains.
    const rsReasons =
      ownedRs
        .map((rs) => rsNodes.get(nodeId('replicaset', ns(rs), rs.metadata.name)))
        .filter((node): node is ReplicaSetGraphNode => node !== undefined && node.reasons.length > 0)
        .sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0))[0]?.reasons ?? [];
    nodes.push(buildDeployment(deployment, id, tallyFromCounts(addCounts(podCounts)), rsReasons));
    templateOwners.push({ ownerId: id, spec: deployment.spec?.template?.spec, namespace: ns(deployment) });
  }
  // ReplicaSets without a Deployment and bare pods carry their own templates.
  for (const rs of replicaSets) {
    if (!controllerOf(rs, 'Deployment')) {
      templateOwners.push({
        ownerId: nodeId('replicaset', ns(rs), rs.metadata.name),
        spec: rs.spec?.template?.spec,
        namespace: ns(rs),
      });
    }
  }
  for (const record of records) {
    if (!record.replicaSetId && !controllerOf(record.pod, 'ReplicaSet') && record.shownAs === record.id) {
      templateOwners.push({ ownerId: record.id, spec: record.pod.spec, namespace: ns(record.pod) });
    }
  }

  // --- Services, their endpoints and the traffic through them.
  const selectedBy = new Map<string, string[]>();
  for (const service of services) {
    const id = nodeId('service', ns(service), service.metadata.name);
    const endpointState = endpointStates(service, slices);
    const selected = records.filter(
      (record) =>
        ns(record.pod) === ns(service) && serviceSelects(service.spec?.selector, record.pod.metadata.labels),
    );
    for (const record of selected) {
      const list = selectedBy.get(record.id) ?? [];
      list.push(id);
      selectedBy.set(record.id, list);
    }
    const shownTargets = new Map<string, SelectsEdge>();
    let readyEndpoints = 0;
    let totalEndpoints = 0;
    for (const record of selected) {
      const state = endpointState.get(record.pod.metadata.name);
      const serving = state
        ? state.ready
        : endpointState.size === 0 && record.assessment.ready && !record.assessment.terminating;
      const terminating = state?.terminating ?? record.assessment.terminating;
      const existing = shownTargets.get(record.shownAs);
      if (existing) {
        existing.serving ||= serving;
        existing.terminating &&= terminating;
      } else {
        shownTargets.set(record.shownAs, {
          id: edgeId('selects', id, record.shownAs),
          kind: 'selects',
          source: id,
          target: record.shownAs,
          serving,
          terminating,
        });
      }
    }
    if (endpointState.size > 0) {
      for (const state of endpointState.values()) {
        totalEndpoints += 1;
        if (state.ready) readyEndpoints += 1;
      }
    } else {
      // No EndpointSlice seen (yet): fall back to what the endpoints controller would compute.
      for (const record of selected) {
        if (record.assessment.terminating) continue;
        totalEndpoints += 1;
        if (record.assessment.ready) readyEndpoints += 1;
      }
    }
    edges.push(...shownTargets.values());
    nodes.push(buildService(service, id, readyEndpoints, totalEndpoints, selected));
  }

  if (traffic) addTraffic(traffic, services, records, selectedBy, nodes, edges);

  // --- HPAs.
  for (const hpa of hpas) {
    const node = buildHpa(hpa, nodes);
    nodes.push(node);
    edges.push({
      id: edgeId('scales', node.id, node.targetId),
      kind: 'scales',
      source: node.id,
      target: node.targetId,
    });
  }

  // --- ConfigMaps and Secrets, only where a template uses them.
  const uses = new Map<string, UsesEdge>();
  const referenced = new Map<
    string,
    { kind: 'configmap' | 'secret'; namespace: string; name: string; optional: boolean }
  >();
  for (const owner of templateOwners) {
    for (const ref of configRefs(owner.spec)) {
      const target = nodeId(ref.kind, owner.namespace, ref.name);
      const id = edgeId('uses', owner.ownerId, target);
      const edge = uses.get(id) ?? { id, kind: 'uses', source: owner.ownerId, target, via: [] };
      if (!edge.via.includes(ref.via)) edge.via.push(ref.via);
      uses.set(id, edge);
      const prev = referenced.get(target);
      referenced.set(target, {
        kind: ref.kind,
        namespace: owner.namespace,
        name: ref.name,
        optional: (prev?.optional ?? true) && ref.optional,
      });
    }
  }
  for (const [id, ref] of referenced) {
    const source = ref.kind === 'configmap' ? configMaps : secrets;
    const found = source.find((obj) => obj.metadata.name === ref.name && ns(obj) === ref.namespace);
    if (!found && ref.optional) {
      for (const [edgeKey, edge] of uses) if (edge.target === id) uses.delete(edgeKey);
      continue;
    }
    nodes.push(buildConfig(ref.kind, id, ref.namespace, ref.name, found));
  }
  for (const edge of uses.values()) edge.via.sort();
  edges.push(...uses.values());

  // --- CI/CD pipeline runs (pipeline-runs.ts), each connected to the Deployment it deploys.
  const pipeline = buildPipelineRuns(
    configMaps,
    new Set(nodes.filter((n) => n.kind === 'deployment').map((n) => n.id)),
  );
  nodes.push(...pipeline.nodes);
  edges.push(...pipeline.edges);

  return finalize(nodes, edges);
}

/** Stable order, and no edge pointing at a node that is not there (React Flow warns on those). */
function finalize(nodes: GraphNode[], edges: GraphEdge[]): GraphModel {
  const rank = new Map(KIND_ORDER.map((kind, index) => [kind, index]));
  nodes.sort((a, b) => (rank.get(a.kind) ?? 99) - (rank.get(b.kind) ?? 99) || compareIds(a.id, b.id));
  const ids = new Set(nodes.map((node) => node.id));
  const seen = new Set<string>();
  const kept = edges.filter((edge) => {
    if (!ids.has(edge.source) || !ids.has(edge.target) || seen.has(edge.id)) return false;
    seen.add(edge.id);
    return true;
  });
  kept.sort((a, b) => compareIds(a.id, b.id));
  return { nodes, edges: kept };
}

function buildNodeGroup(kn: KubeNode, events: EventIndex): NodeGroupGraphNode {
  const name = kn.metadata.name;
  const ready = condition(kn.status?.conditions, 'Ready');
  const isReady = ready?.status === 'True';
  const unschedulable = kn.spec?.unschedulable === true;
  const pressure = ['MemoryPressure', 'DiskPressure', 'PIDPressure'].filter(
    (type) => condition(kn.status?.conditions, type)?.status === 'True',
  );
  const reasons: string[] = [];
  let status: NodeStatus = 'ok';
  let summary = 'Ready';
  if (!isReady) {
    status = 'error';
    summary = ready?.status === 'Unknown' ? 'NotReady (unknown)' : 'NotReady';
    reasons.push(`node ${name} is NotReady`);
    if (ready?.message) reasons.push(ready.message);
    else if (!ready) reasons.push('the node has not reported a Ready condition');
    const warning = events.warningsFor('Node', undefined, name, kn.metadata.uid)[0];
    if (warning?.message) reasons.push(warning.message);
  } else if (pressure.length > 0 || unschedulable) {
    status = 'warning';
    summary = unschedulable ? 'Ready · cordoned' : `Ready · ${pressure.join(', ')}`;
    if (unschedulable) reasons.push(`node ${name} is cordoned: no new pods are scheduled on it`);
    for (const type of pressure) reasons.push(`node ${name} reports ${type}`);
  }
  return {
    id: nodeId('node', '', name),
    kind: 'node',
    name,
    namespace: '',
    label: name,
    status,
    summary,
    reasons,
    ready: isReady,
    unschedulable,
    podCount: 0,
  };
}

function buildPodNode(record: PodRecord, parentId: string | undefined): PodGraphNode {
  const { pod, assessment } = record;
  const image = pod.spec?.containers[0]?.image;
  const node: PodGraphNode = {
    id: record.id,
    kind: 'pod',
    name: pod.metadata.name,
    namespace: ns(pod),
    label: pod.metadata.name,
    status: assessment.status,
    summary: assessment.summary,
    reasons: assessment.reasons,
    phase: assessment.phase,
    ready: assessment.ready,
    restarts: assessment.restarts,
    terminating: assessment.terminating,
  };
  if (parentId) node.parentId = parentId;
  if (record.version) node.version = record.version;
  if (image) node.image = image;
  if (pod.spec?.nodeName) node.nodeName = pod.spec.nodeName;
  if (record.replicaSetId) node.ownerId = record.replicaSetId;
  return node;
}

/** The tally of a ReplicaSet without pods. */
const NO_PODS: PodTally = tallyPods([]);

function buildPodGroup(
  rs: ReplicaSet,
  id: string,
  rsId: string,
  list: PodRecord[],
  tally: PodTally,
): PodGroupGraphNode {
  const counts = emptyCounts();
  for (const record of list) counts[record.assessment.state] += 1;
  const desired = rs.spec?.replicas ?? list.length;
  let status = workloadStatus(desired, counts.ready, tally);
  if (status === 'ok' && counts.terminating > 0) status = 'progressing';
  const parts = [`${counts.ready}/${list.length} ready`];
  if (counts.pending) parts.push(`${counts.pending} pending`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.terminating) parts.push(`${counts.terminating} terminating`);
  const reasons = status === 'warning' || status === 'error' ? podChain(tally) : [];
  const node: PodGroupGraphNode = {
    id,
    kind: 'podgroup',
    name: rs.metadata.name,
    namespace: ns(rs),
    label: `${list.length} pods of ${rs.metadata.name}`,
    status,
    summary: parts.join(' · '),
    reasons,
    replicaSetId: rsId,
    total: list.length,
    counts,
  };
  const version = versionOf(rs.spec?.template?.metadata?.labels, templateImage(rs.spec?.template));
  if (version) node.version = version;
  return node;
}

function buildReplicaSet(
  rs: ReplicaSet,
  id: string,
  list: PodRecord[],
  tally: PodTally,
  events: EventIndex,
): ReplicaSetGraphNode {
  const desired = rs.spec?.replicas ?? 1;
  const current = rs.status?.replicas ?? list.length;
  const ready = list.length > 0 ? tally.ready : (rs.status?.readyReplicas ?? 0);
  const revision = rs.metadata.annotations?.[REVISION_ANNOTATION];
  const image = templateImage(rs.spec?.template);
  const rev = revision ? `rev ${revision} · ` : '';
  let status = workloadStatus(desired, ready, tally);
  let summary = `${rev}${ready}/${desired} ready`;
  if (desired === 0 && current === 0 && tally.total === 0) summary = `${rev}scaled down`;
  else if (desired < current) {
    // An old ReplicaSet being drained during a rollout: progress, not a problem.
    status = tally.failing > 0 && status !== 'ok' ? status : 'progressing';
    summary = `${rev}draining ${current} → ${desired}`;
  }
  let reasons =
    status === 'warning' || status === 'error'
      ? [`ReplicaSet ${rs.metadata.name}: ${ready}/${desired} ready`, ...podChain(tally).slice(1)]
      : [];
  // Pods that were never created leave no pod to explain them: the controller's FailedCreate event
  // (quota exceeded, admission denied, missing service account) is the only trace.
  const live = list.filter((record) => !record.assessment.terminating).length;
  if (live < desired) {
    const failedCreate = events
      .warningsFor('ReplicaSet', rs.metadata.namespace, rs.metadata.name, rs.metadata.uid)
      .find((event) => event.reason === 'FailedCreate' && event.message);
    if (failedCreate?.message) {
      status = ready === 0 ? 'error' : 'warning';
      summary = `${rev}${live}/${desired} created`;
      reasons = [`ReplicaSet ${rs.metadata.name} cannot create pods`, failedCreate.message];
    }
  }
  const node: ReplicaSetGraphNode = {
    id,
    kind: 'replicaset',
    name: rs.metadata.name,
    namespace: ns(rs),
    label: rs.metadata.name,
    status,
    summary,
    reasons,
    replicas: { desired, current, ready },
  };
  if (revision) node.revision = revision;
  if (image) node.image = image;
  const version = versionOf(rs.spec?.template?.metadata?.labels, image);
  if (version) node.version = version;
  return node;
}

function buildDeployment(
  deployment: Deployment,
  id: string,
  tally: PodTally,
  rsReasons: string[],
): DeploymentGraphNode {
  const name = deployment.metadata.name;
  const desired = deployment.spec?.replicas ?? 1;
  const st = deployment.status ?? {};
  const ready = st.readyReplicas ?? tally.ready;
  const updated = st.updatedReplicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const progressing = condition(st.conditions, 'Progressing');
  const availableCond = condition(st.conditions, 'Available');
  const rolling =
    (st.observedGeneration !== undefined &&
      deployment.metadata.generation !== undefined &&
      st.observedGeneration < deployment.metadata.generation) ||
    updated < desired ||
    (st.replicas ?? 0) > desired;

  let status: NodeStatus;
  let summary: string;
  const reasons: string[] = [];
  const chain = tally.topCause ? podChain(tally) : [...podChain(tally), ...rsReasons];
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    status = 'error';
    summary = 'rollout stuck';
    reasons.push(`Deployment ${name} rollout is stuck: progress deadline exceeded`, ...chain);
  } else if (availableCond?.status === 'False') {
    status = ready === 0 && desired > 0 ? 'error' : 'warning';
    summary = `${ready}/${desired} ready · unavailable`;
    reasons.push(
      `Deployment ${name} does not have minimum availability (${ready}/${desired} ready)`,
      ...chain,
    );
  } else if (desired === 0) {
    status = tally.total > 0 ? 'progressing' : 'idle';
    summary = 'scaled to 0';
  } else if (tally.failing > 0) {
    status = ready === 0 ? 'error' : 'warning';
    summary = `${ready}/${desired} ready`;
    reasons.push(`Deployment ${name}: ${ready}/${desired} ready`, ...chain);
  } else if (rsReasons.length > 0 && ready < desired) {
    status = ready === 0 ? 'error' : 'warning';
    summary = `${ready}/${desired} ready`;
    reasons.push(`Deployment ${name}: ${ready}/${desired} ready`, ...chain);
  } else if (rolling) {
    status = 'progressing';
    summary = `rolling out · ${updated}/${desired} updated`;
  } else if (ready < desired) {
    status = 'progressing';
    summary = `${ready}/${desired} ready`;
  } else {
    status = 'ok';
    summary = `${ready}/${desired} ready`;
  }
  // The controller's own words ("ReplicaSet "web-7d9" has timed out progressing.") sit right under
  // the headline: they name the ReplicaSet that is stuck.
  if (
    (status === 'error' || status === 'warning') &&
    progressing?.status === 'False' &&
    progressing.message
  ) {
    reasons.splice(1, 0, progressing.message);
  }
  const node: DeploymentGraphNode = {
    id,
    kind: 'deployment',
    name,
    namespace: ns(deployment),
    label: name,
    status,
    summary,
    reasons,
    replicas: { desired, ready, updated, available },
    strategy: deployment.spec?.strategy?.type ?? 'RollingUpdate',
  };
  const revision = deployment.metadata.annotations?.[REVISION_ANNOTATION];
  if (revision) node.revision = revision;
  const image = templateImage(deployment.spec?.template);
  if (image) node.image = image;
  const rollout = resolveRollout(deployment);
  if (rollout) node.rollout = rollout;
  return node;
}

interface EndpointState {
  ready: boolean;
  terminating: boolean;
}

/** Endpoint conditions per pod name, from every EndpointSlice labelled with this Service's name. */
function endpointStates(service: Service, slices: EndpointSlice[]): Map<string, EndpointState> {
  const states = new Map<string, EndpointState>();
  for (const slice of slices) {
    if (ns(slice) !== ns(service) || slice.metadata.labels?.[SERVICE_NAME_LABEL] !== service.metadata.name)
      continue;
    for (const endpoint of slice.endpoints ?? []) {
      const pod =
        endpoint.targetRef?.kind === undefined || endpoint.targetRef.kind === 'Pod'
          ? endpoint.targetRef?.name
          : undefined;
      const key = pod ?? endpoint.addresses?.[0];
      if (!key) continue;
      // discovery.k8s.io/v1: a nil `ready` is to be read as true.
      const ready = endpoint.conditions?.ready !== false;
      const terminating = endpoint.conditions?.terminating === true;
      const prev = states.get(key);
      states.set(key, {
        ready: (prev?.ready ?? false) || ready,
        terminating: (prev?.terminating ?? true) && terminating,
      });
    }
  }
  return states;
}

function buildService(
  service: Service,
  id: string,
  ready: number,
  total: number,
  selected: PodRecord[],
): ServiceGraphNode {
  const name = service.metadata.name;
  const selector = service.spec?.selector ?? {};
  const hasSelector = Object.keys(selector).length > 0;
  const tally = tallyPods(selected.map((record) => record.assessment));
  const ports = (service.spec?.ports ?? []).map(
    (port) =>
      `${port.port}${port.targetPort !== undefined && port.targetPort !== port.port ? `→${String(port.targetPort)}` : ''}${port.nodePort ? ` (node ${port.nodePort})` : ''}`,
  );
  let status: NodeStatus;
  let summary: string;
  const reasons: string[] = [];
  if (!hasSelector) {
    status = total > 0 ? (ready > 0 ? 'ok' : 'error') : 'idle';
    summary = total > 0 ? `${ready}/${total} endpoints ready` : 'no selector';
  } else if (ready === 0) {
    status = 'error';
    summary = '0 endpoints';
    reasons.push(`Service ${name} has 0 endpoints`);
    if (tally.total === 0) reasons.push(`its selector ${formatSelector(selector)} matches no running pods`);
    else reasons.push(...podChain(tally));
  } else if (ready < tally.total || ready < total) {
    status = tally.failing > 0 ? 'warning' : 'progressing';
    summary = `${ready}/${Math.max(total, tally.total)} endpoints ready`;
    if (status === 'warning')
      reasons.push(
        `Service ${name}: ${ready}/${Math.max(total, tally.total)} endpoints ready`,
        ...podChain(tally),
      );
  } else {
    status = 'ok';
    summary = `${ready} endpoint${ready === 1 ? '' : 's'}`;
  }
  return {
    id,
    kind: 'service',
    name,
    namespace: ns(service),
    label: name,
    status,
    summary,
    reasons,
    type: service.spec?.type ?? 'ClusterIP',
    ports,
    selector: { ...selector },
    endpoints: { ready, total },
  };
}

function addTraffic(
  traffic: NonNullable<GraphInput['traffic']>,
  services: Service[],
  records: PodRecord[],
  selectedBy: Map<string, string[]>,
  nodes: GraphNode[],
  edges: GraphEdge[],
): void {
  const serviceRps = new Map<string, number>();
  for (const service of services) {
    const id = nodeId('service', ns(service), service.metadata.name);
    serviceRps.set(id, traffic.perService[service.metadata.name]?.rps ?? 0);
  }
  // service -> shown node -> per-version parts, so pod groups sum their pods.
  const parts = new Map<string, Map<string, { rps: number; errorRate: number; version?: string }[]>>();
  for (const record of records) {
    const podTraffic = traffic.perPod[record.pod.metadata.name];
    if (!podTraffic || podTraffic.rps <= 0) continue;
    const via = selectedBy.get(record.id) ?? [];
    if (via.length === 0) continue;
    // A pod behind several Services cannot tell which one a request came through; share it out by
    // each Service's own rate (evenly when none is known).
    const weights = via.map((id) => serviceRps.get(id) ?? 0);
    const sum = weights.reduce((a, b) => a + b, 0);
    via.forEach((serviceId, index) => {
      const weight = sum > 0 ? (weights[index] ?? 0) / sum : 1 / via.length;
      if (weight <= 0) return;
      const perTarget = parts.get(serviceId) ?? new Map();
      const list = perTarget.get(record.shownAs) ?? [];
      const version = podTraffic.version ?? record.version;
      list.push({
        rps: podTraffic.rps * weight,
        errorRate: podTraffic.errorRate,
        ...(version ? { version } : {}),
      });
      perTarget.set(record.shownAs, list);
      parts.set(serviceId, perTarget);
    });
  }

  const clientId = nodeId('client', '', 'traffic');
  let total = 0;
  const clientParts: { rps: number; errorRate: number }[] = [];
  for (const service of services) {
    const serviceId = nodeId('service', ns(service), service.metadata.name);
    const rates = traffic.perService[service.metadata.name];
    const perTarget = parts.get(serviceId);
    if ((!rates || rates.rps <= 0) && !perTarget) continue;
    const splitMap = new Map<string, { rps: number; errorRate: number }[]>();
    for (const [target, list] of perTarget ?? []) {
      const rps = list.reduce((sum, part) => sum + part.rps, 0);
      const versions = [
        ...new Set(list.map((part) => part.version).filter((v): v is string => v !== undefined)),
      ];
      const edge: TrafficEdge = {
        id: edgeId('traffic', serviceId, target),
        kind: 'traffic',
        source: serviceId,
        target,
        rps,
        errorRate: weightedErrorRate(list),
      };
      if (versions.length === 1 && versions[0]) edge.version = versions[0];
      edges.push(edge);
      for (const part of list) {
        const key = part.version ?? 'unknown';
        const bucket = splitMap.get(key) ?? [];
        bucket.push(part);
        splitMap.set(key, bucket);
      }
    }
    const rps = rates?.rps ?? [...splitMap.values()].flat().reduce((sum, part) => sum + part.rps, 0);
    const errorRate = rates?.errorRate ?? weightedErrorRate([...splitMap.values()].flat());
    if (rps <= 0) continue;
    total += rps;
    clientParts.push({ rps, errorRate });
    const split: TrafficSplit[] = [...splitMap.entries()]
      .map(([version, list]) => ({
        version,
        rps: list.reduce((sum, part) => sum + part.rps, 0),
        errorRate: weightedErrorRate(list),
      }))
      .sort((a, b) => b.rps - a.rps || compareIds(a.version, b.version));
    const edge: TrafficEdge = {
      id: edgeId('traffic', clientId, serviceId),
      kind: 'traffic',
      source: clientId,
      target: serviceId,
      rps,
      errorRate,
    };
    if (split.length > 0) edge.split = split;
    if (split.length === 1 && split[0]) edge.version = split[0].version;
    edges.push(edge);
  }
  if (total <= 0) return;
  const errorRate = weightedErrorRate(clientParts);
  const client: ClientGraphNode = {
    id: clientId,
    kind: 'client',
    name: 'traffic',
    namespace: '',
    label: 'Synthetic client',
    // Same lines as the traffic edges' colours: 1 % is "something is off", 5 % is failing.
    status: errorRate >= 0.05 ? 'error' : errorRate >= 0.01 ? 'warning' : 'ok',
    summary: `${formatRps(total)} rps · ${formatPercent(errorRate)} errors`,
    reasons:
      errorRate >= 0.01
        ? [`${formatPercent(errorRate)} of requests failed over the last ${traffic.windowSeconds} s`]
        : [],
    rps: total,
    errorRate,
    windowSeconds: traffic.windowSeconds,
    byVersion: Object.entries(traffic.byVersion)
      .map(([version, v]) => ({
        version,
        rps: v.rps,
        errorRate: v.errorRate,
        p50Ms: v.p50Ms,
        p95Ms: v.p95Ms,
      }))
      .sort((a, b) => compareIds(a.version, b.version)),
  };
  nodes.push(client);
}

function buildHpa(hpa: HorizontalPodAutoscaler, nodes: GraphNode[]): HpaGraphNode {
  const name = hpa.metadata.name;
  const ref = hpa.spec?.scaleTargetRef;
  const targetKind = (ref?.kind ?? 'Deployment').toLowerCase() as GraphNodeKind;
  const targetId = nodeId(targetKind, ns(hpa), ref?.name ?? '');
  const min = hpa.spec?.minReplicas ?? 1;
  const max = hpa.spec?.maxReplicas ?? min;
  const current = hpa.status?.currentReplicas ?? 0;
  const desired = hpa.status?.desiredReplicas ?? current;
  const metrics: string[] = [];
  for (const spec of hpa.spec?.metrics ?? []) {
    if (spec.type !== 'Resource' || !spec.resource) continue;
    const current = hpa.status?.currentMetrics?.find((m) => m.resource?.name === spec.resource?.name)
      ?.resource?.current;
    const target = spec.resource.target;
    const now =
      current?.averageUtilization !== undefined
        ? `${current.averageUtilization}%`
        : (current?.averageValue ?? '?');
    const want =
      target?.averageUtilization !== undefined
        ? `${target.averageUtilization}%`
        : (target?.averageValue ?? target?.value ?? '?');
    metrics.push(`${spec.resource.name} ${now}/${want}`);
  }
  const conditions = hpa.status?.conditions;
  const active = condition(conditions, 'ScalingActive');
  const able = condition(conditions, 'AbleToScale');
  const limited = condition(conditions, 'ScalingLimited');
  const reasons: string[] = [];
  let status: NodeStatus = 'ok';
  if (!nodes.some((node) => node.id === targetId)) {
    status = 'warning';
    reasons.push(`HPA ${name} targets ${ref?.kind ?? 'Deployment'} ${ref?.name ?? ''}, which does not exist`);
  }
  if (active?.status === 'False') {
    status = 'warning';
    reasons.push(`HPA ${name} is not scaling${active.reason ? ` (${active.reason})` : ''}`);
    if (active.message) reasons.push(active.message);
  }
  if (able?.status === 'False') {
    status = 'warning';
    reasons.push(`HPA ${name} cannot scale${able.reason ? ` (${able.reason})` : ''}`);
    if (able.message) reasons.push(able.message);
  }
  if (status === 'ok' && desired !== current) status = 'progressing';
  const range = `${min}–${max}`;
  const replicas = desired !== current ? `${current} → ${desired}` : `${current}`;
  const atLimit = limited?.status === 'True' ? ' · at limit' : '';
  const summary = `${replicas} replicas (${range})${metrics[0] ? ` · ${metrics[0]}` : ''}${atLimit}`;
  return {
    id: nodeId('hpa', ns(hpa), name),
    kind: 'hpa',
    name,
    namespace: ns(hpa),
    label: name,
    status,
    summary,
    reasons,
    targetId,
    minReplicas: min,
    maxReplicas: max,
    currentReplicas: current,
    desiredReplicas: desired,
    metrics,
  };
}

function buildConfig(
  kind: 'configmap' | 'secret',
  id: string,
  namespace: string,
  name: string,
  found: ConfigMap | Secret | undefined,
): ConfigGraphNode {
  const title = kind === 'configmap' ? 'ConfigMap' : 'Secret';
  if (!found) {
    return {
      id,
      kind,
      name,
      namespace,
      label: name,
      status: 'error',
      summary: 'missing',
      reasons: [
        `${title} ${name} does not exist`,
        'containers that need it fail with CreateContainerConfigError',
      ],
      keys: [],
      missing: true,
    };
  }
  const data = found.data ?? {};
  const extra =
    'binaryData' in found ? (found.binaryData ?? {}) : 'stringData' in found ? (found.stringData ?? {}) : {};
  const keys = [...new Set([...Object.keys(data), ...Object.keys(extra)])].sort();
  return {
    id,
    kind,
    name,
    namespace,
    label: name,
    status: 'ok',
    summary: `${keys.length} key${keys.length === 1 ? '' : 's'}`,
    reasons: [],
    keys,
    missing: false,
  };
}
