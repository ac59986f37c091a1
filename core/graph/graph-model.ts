/**
 * The graph's output: plain, serialisable data (no classes, no functions, no Maps) so it can cross
 * the contract, be stored in a zustand slice and be compared structurally between updates.
 */

import type { GraphMemo } from './graph-memo';

export type NodeStatus = 'ok' | 'progressing' | 'warning' | 'error' | 'idle';

export type GraphNodeKind =
  | 'client'
  | 'service'
  | 'deployment'
  | 'replicaset'
  | 'podgroup'
  | 'node'
  | 'pod'
  | 'hpa'
  | 'configmap'
  | 'secret'
  | 'pipelinerun';

interface GraphNodeBase {
  /** `<kind>/<namespace>/<name>`; the namespace segment is empty for cluster-scoped things. */
  id: string;
  kind: GraphNodeKind;
  name: string;
  namespace: string;
  label: string;
  status: NodeStatus;
  /** One short line, e.g. "3/3 ready", "Running · 2 restarts", "CrashLoopBackOff". */
  summary: string;
  /** Why the node is not ok, in plain words, outermost first. Empty when healthy. */
  reasons: string[];
  /** Set for pods placed on a node: the `node//<name>` group that contains them. */
  parentId?: string;
}

export interface TrafficSplit {
  version: string;
  rps: number;
  errorRate: number;
}

export interface ClientGraphNode extends GraphNodeBase {
  kind: 'client';
  rps: number;
  errorRate: number;
  windowSeconds: number;
  byVersion: (TrafficSplit & { p50Ms: number; p95Ms: number })[];
}

export interface ServiceGraphNode extends GraphNodeBase {
  kind: 'service';
  type: string;
  ports: string[];
  selector: Record<string, string>;
  endpoints: { ready: number; total: number };
}

export interface DeploymentGraphNode extends GraphNodeBase {
  kind: 'deployment';
  replicas: { desired: number; ready: number; updated: number; available: number };
  revision?: string;
  image?: string;
  strategy: string;
  /** Rollout arithmetic made visible: the percentages resolved to pod counts for `desired`. */
  rollout?: { maxSurge: number; maxUnavailable: number };
}

export interface ReplicaSetGraphNode extends GraphNodeBase {
  kind: 'replicaset';
  revision?: string;
  image?: string;
  version?: string;
  replicas: { desired: number; current: number; ready: number };
  /** Owning Deployment's node id, when there is one. */
  ownerId?: string;
}

export interface PodCounts {
  ready: number;
  notReady: number;
  pending: number;
  terminating: number;
  failed: number;
}

export interface PodGroupGraphNode extends GraphNodeBase {
  kind: 'podgroup';
  replicaSetId: string;
  total: number;
  counts: PodCounts;
  version?: string;
}

export interface NodeGroupGraphNode extends GraphNodeBase {
  kind: 'node';
  ready: boolean;
  unschedulable: boolean;
  /** All pods bound to this node, including those folded into a pod group. */
  podCount: number;
}

export interface PodGraphNode extends GraphNodeBase {
  kind: 'pod';
  phase: string;
  ready: boolean;
  restarts: number;
  terminating: boolean;
  version?: string;
  image?: string;
  nodeName?: string;
  ownerId?: string;
}

export interface HpaGraphNode extends GraphNodeBase {
  kind: 'hpa';
  targetId: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  /** e.g. "cpu 80%/50%". */
  metrics: string[];
}

export interface ConfigGraphNode extends GraphNodeBase {
  kind: 'configmap' | 'secret';
  /** Key names only; secret values never enter the graph. */
  keys: string[];
  missing: boolean;
}

export type PipelineStageStatus =
  'pending' | 'running' | 'passed' | 'failed' | 'waiting-approval' | 'skipped' | 'rejected';

/**
 * One CI/CD pipeline run (a `pipeline-run-N` ConfigMap labelled `deploy-lab.io/pipeline-run`, written
 * by the lab's pipeline runner; format in scenarios/cicd-pipeline/pipeline-model.ts), drawn as a row
 * of its stages (test -> build -> push -> deploy) with a `deploys` edge to its Deployment.
 */
export interface PipelineRunGraphNode extends GraphNodeBase {
  kind: 'pipelinerun';
  run: number;
  /** Short commit sha. */
  commit: string;
  version: string;
  approval: 'manual' | 'automatic';
  stages: { name: string; status: PipelineStageStatus; log?: string }[];
}

export type GraphNode =
  | ClientGraphNode
  | ServiceGraphNode
  | DeploymentGraphNode
  | ReplicaSetGraphNode
  | PodGroupGraphNode
  | NodeGroupGraphNode
  | PodGraphNode
  | HpaGraphNode
  | ConfigGraphNode
  | PipelineRunGraphNode;

export type GraphEdgeKind = 'owns' | 'selects' | 'traffic' | 'scales' | 'uses' | 'deploys';

interface GraphEdgeBase {
  /** `<kind>:<source>-><target>` */
  id: string;
  kind: GraphEdgeKind;
  source: string;
  target: string;
}

export interface OwnsEdge extends GraphEdgeBase {
  kind: 'owns';
}

export interface SelectsEdge extends GraphEdgeBase {
  kind: 'selects';
  /** Whether the EndpointSlice lists this pod as ready (it receives new connections). */
  serving: boolean;
  terminating: boolean;
}

export interface TrafficEdge extends GraphEdgeBase {
  kind: 'traffic';
  rps: number;
  errorRate: number;
  version?: string;
  /** Per-version split of a client -> service edge, largest first. */
  split?: TrafficSplit[];
}

export interface ScalesEdge extends GraphEdgeBase {
  kind: 'scales';
}

export interface UsesEdge extends GraphEdgeBase {
  kind: 'uses';
  /** How the template refers to it: env, envFrom, volume. */
  via: string[];
}

/** A pipeline run -> the Deployment its deploy stage updates. */
export interface DeploysEdge extends GraphEdgeBase {
  kind: 'deploys';
}

export type GraphEdge = OwnsEdge | SelectsEdge | TrafficEdge | ScalesEdge | UsesEdge | DeploysEdge;

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface BuildGraphOptions {
  /** A ReplicaSet with more pods than this shows one `podgroup` node instead (default 12). */
  aggregateAbove?: number;
  /** Only objects in this namespace (cluster-scoped Nodes are always kept). */
  namespace?: string;
  /** Warning events older than this (relative to `now`) are not used as reasons (default 10 min). */
  eventMaxAgeMs?: number;
  /**
   * What the last build can lend the next (`createGraphMemo()`), for a caller that rebuilds on every
   * change: unchanged pods are not assessed or sorted again, unchanged warnings not indexed again.
   * The output is the same with or without it.
   */
  memo?: GraphMemo;
}

export function nodeId(kind: GraphNodeKind, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function edgeId(kind: GraphEdgeKind, source: string, target: string): string {
  return `${kind}:${source}->${target}`;
}
