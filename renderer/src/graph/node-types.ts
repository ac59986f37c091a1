import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { ClientNode } from './ClientNode';
import { ConfigNode } from './ConfigNode';
import { DeploymentNode } from './DeploymentNode';
import { HpaNode } from './HpaNode';
import { NodeGroup } from './NodeGroup';
import { PipelineRunNode } from './PipelineRunNode';
import { PodGroupNode } from './PodGroupNode';
import { PodNode } from './PodNode';
import { RelationEdge } from './RelationEdge';
import { ReplicaSetNode } from './ReplicaSetNode';
import { ServiceNode } from './ServiceNode';
import { TrafficEdge } from './TrafficEdge';
import type { FlowEdgeType, FlowNodeType } from './to-flow';

/**
 * Module scope on purpose: React Flow re-mounts every node when the `nodeTypes` object changes
 * identity, so it must never be created during render.
 */
export const nodeTypes = {
  client: ClientNode,
  service: ServiceNode,
  deployment: DeploymentNode,
  replicaset: ReplicaSetNode,
  podgroup: PodGroupNode,
  pod: PodNode,
  nodeGroup: NodeGroup,
  hpa: HpaNode,
  config: ConfigNode,
  pipelineRun: PipelineRunNode,
} satisfies Record<FlowNodeType, NodeTypes[string]>;

export const edgeTypes = {
  traffic: TrafficEdge,
  relation: RelationEdge,
} satisfies Record<FlowEdgeType, EdgeTypes[string]>;
